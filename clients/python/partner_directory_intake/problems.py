"""Problem details (RFC 9457) as exceptions: one class per status a caller handles differently,
each keeping the whole problem, extension members included."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from partner_directory_client.models.field_error import FieldError
from partner_directory_client.models.problem import Problem
from partner_directory_client.types import Unset


class ProblemError(Exception):
    """The service refused a request. ``problem`` is the parsed answer (None when the body was
    not problem+json, e.g. from a proxy); ``status`` is always set."""

    def __init__(self, status: int, problem: Problem | None, raw: str = "") -> None:
        self.status = status
        self.problem = problem
        detail = _present(problem.detail) if problem else None
        super().__init__(f"{status}: {detail or (problem.title if problem else raw[:200])}")

    @property
    def code(self) -> str | None:
        """The service's stable problem code, e.g. ``unknown-code`` or ``idempotency-key-reused``."""
        return _present(self.problem.code) if self.problem else None

    @property
    def errors(self) -> list[FieldError]:
        """Each field at fault, and why (400 and 422)."""
        return (_present(self.problem.errors) or []) if self.problem else []

    @property
    def request_id(self) -> str | None:
        """The request's id, as the service's logs have it: quote it when you report a problem."""
        return _present(self.problem.request_id) if self.problem else None


class BadRequest(ProblemError):
    """400: malformed (an unknown query parameter, a bad header, a body that is not JSON)."""


class Unauthorized(ProblemError):
    """401: no valid token (the client renews its token once before this is raised)."""


class Forbidden(ProblemError):
    """403: the token's scopes or the client's role do not allow it."""


class NotFound(ProblemError):
    """404: no such object, or not one this client may see."""


class Conflict(ProblemError):
    """409: not allowed now; for a transition, ``allowed`` lists the steps this client may take."""

    @property
    def allowed(self) -> list[str]:
        return (_present(self.problem.allowed) or []) if self.problem else []


class PreconditionFailed(ProblemError):
    """412: someone changed it since it was read; ``current_version`` says which version is current.
    Read it again and decide again."""

    @property
    def current_version(self) -> int | None:
        return _present(self.problem.current_version) if self.problem else None


class Unprocessable(ProblemError):
    """422: the body is well-formed but not acceptable; ``errors`` says which fields and why."""


class PreconditionRequired(ProblemError):
    """428: the write needs If-Match."""


class RateLimited(ProblemError):
    """429: too many requests; retry after ``retry_after`` seconds."""

    def __init__(self, status: int, problem: Problem | None, raw: str = "", retry_after: float | None = None) -> None:
        super().__init__(status, problem, raw)
        self.retry_after = retry_after


class ServiceUnavailable(ProblemError):
    """5xx: the service could not answer (retries are exhausted when this is raised)."""


BY_STATUS: dict[int, type[ProblemError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    422: Unprocessable,
    428: PreconditionRequired,
}


def problem_error(status: int, headers: Mapping[str, str], content: bytes) -> ProblemError:
    """The exception for an error answer (its status, headers and body)."""
    text = content.decode("utf-8", "replace")
    problem: Problem | None = None
    if headers.get("content-type", "").split(";")[0].strip() == "application/problem+json":
        try:
            body: Any = json.loads(text)
            problem = Problem.from_dict(body) if isinstance(body, dict) else None
        except (ValueError, KeyError, TypeError):
            problem = None
    if status == 429:
        return RateLimited(status, problem, text, retry_after(headers))
    if status >= 500:
        return ServiceUnavailable(status, problem, text)
    return BY_STATUS.get(status, ProblemError)(status, problem, text)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After in seconds (the service sends seconds, never a date)."""
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


T = TypeVar("T")


def _present(value: T | Unset) -> T | None:
    return None if isinstance(value, Unset) else value
