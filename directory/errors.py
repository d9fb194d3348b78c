"""Domain errors. They say what went wrong in the domain's terms; the API maps them to HTTP."""

from __future__ import annotations

from typing import Any


class DirectoryError(Exception):
    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DirectoryError):
    pass


class PermissionDenied(DirectoryError):
    pass


class InvalidInput(DirectoryError):
    """Input that is well-formed but not acceptable; ``errors`` maps each field to its reasons."""

    def __init__(self, detail: str, errors: dict[str, list[str]], **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.errors = errors


class Conflict(DirectoryError):
    pass


class PreconditionRequired(DirectoryError):
    """A write that must say which version it read did not."""


class PreconditionFailed(DirectoryError):
    """The caller's version is not the current one (someone else wrote first)."""
