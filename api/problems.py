"""Errors as RFC 9457 problem details, from one place.

Every error the API answers with goes through :func:`problem`: HTTP errors raised by Flask and
flask-smorest (validation included), the domain's errors, OAuth errors and unexpected ones.
Headers that the error carries (``WWW-Authenticate``, ``Allow``, ``Retry-After``) are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, g, json, request
from marshmallow import INCLUDE, Schema, fields
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from directory import errors as domain

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
#: Seconds a client should wait before retrying while the database is unavailable.
DATABASE_RETRY_AFTER = 5

#: Domain errors: the HTTP status each one means, and its problem code.
DOMAIN_PROBLEMS: dict[type[domain.DirectoryError], tuple[int, str]] = {
    domain.NotFound: (404, "not-found"),
    domain.PermissionDenied: (403, "forbidden"),
    domain.InvalidInput: (422, "invalid-input"),
    domain.Conflict: (409, "conflict"),
    domain.PreconditionFailed: (412, "version-mismatch"),
    domain.PreconditionRequired: (428, "if-match-required"),
}
#: What HTTP adds to a domain error's words: how to do what the domain asks.
DOMAIN_HINTS: dict[type[domain.DirectoryError], str] = {
    domain.PreconditionRequired: "Send If-Match with the ETag you read (not *).",
}


class ProblemError(Exception):
    """Raise from a view to answer with a problem, e.g. a precondition that is required."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.headers = dict(headers or {})
        self.extra = extra


class FieldErrorSchema(Schema):
    location = fields.String(required=True, metadata={"description": "json, query, headers or path."})
    pointer = fields.String(required=True, metadata={"description": "JSON pointer to the field within its location."})
    detail = fields.String(required=True)


class ProblemReasonSchema(Schema):
    code = fields.String(required=True, metadata={"description": "e.g. not-vetted, requirement-missing."})
    text = fields.String(required=True)
    rule = fields.String(metadata={"description": "The requirement missed (requirement reasons only)."})
    gaps = fields.List(fields.Dict(), metadata={"description": "What the centre reports instead."})


class ProblemSchema(Schema):
    """RFC 9457 problem details, with the field errors of a validation problem and the
    extension members some problems carry. Other members may be added: clients keep what they
    do not know."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True, metadata={"example": "Conflict"})
    status = fields.Integer(required=True, metadata={"example": 409})
    detail = fields.String()
    instance = fields.String(
        required=True, metadata={"description": "The path of the request.", "example": "/v1/referrals/r-1/transitions"}
    )
    code = fields.String(metadata={"description": "A stable, machine-readable problem code."})
    request_id = fields.String(metadata={"description": "The request's id, as in the logs."})
    errors = fields.List(fields.Nested(FieldErrorSchema), metadata={"description": "Each field at fault, and why."})
    current_version = fields.Integer(metadata={"description": "412: the version the resource is at now."})
    allowed = fields.List(
        fields.String(), metadata={"description": "409 on a transition: the steps this client may take."}
    )
    reasons = fields.List(
        fields.Nested(ProblemReasonSchema),
        metadata={"description": "422 on a referral: why the centre does not fit the case."},
    )


def problem(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Iterable[tuple[str, str]] | Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if code:
        body["code"] = code
    body["instance"] = request.path
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    pairs = headers.items() if isinstance(headers, Mapping) else (headers or ())
    for name, value in pairs:
        if name.lower() != "content-type":
            response.headers[name] = value
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def field_errors(messages: Any, location: str | None = None, path: str = "") -> list[dict[str, str]]:
    """Flatten marshmallow/webargs messages into ``[{location, pointer, detail}]``."""
    found: list[dict[str, str]] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if location is None and key in ("json", "query", "headers", "path", "form", "files"):
                found.extend(field_errors(value, key, ""))
            else:
                found.extend(field_errors(value, location, f"{path}/{key}"))
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            found.extend({"location": location or "json", "pointer": path or "/", "detail": m} for m in messages)
        else:
            for item in messages:
                found.extend(field_errors(item, location, path))
    elif messages is not None:
        found.append({"location": location or "json", "pointer": path or "/", "detail": str(messages)})
    return found


def from_http_exception(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    headers = dict(error.get_headers())
    headers.update(data.get("headers") or {})
    messages = data.get("errors") or data.get("messages")
    errors = field_errors(messages) if messages else None
    if status == 500:
        detail = "An unexpected error occurred; it has been logged."
    elif errors:
        detail = data.get("message") or _validation_detail(status, errors)
    else:
        detail = data.get("message") or error.description
    return problem(status, detail, errors=errors, headers=headers, code=data.get("code"))


def _validation_detail(status: int, errors: list[dict[str, str]]) -> str:
    locations = {e["location"] for e in errors}
    if locations == {"json"} and any(e["detail"] == "Invalid JSON body." for e in errors):
        return "The request body is not valid JSON."
    if locations == {"query"}:
        return "The query string is not valid: see errors."
    if locations == {"json"}:
        return "The request body is not valid: see errors."
    return "The request is not valid: see errors."


def from_domain_error(error: domain.DirectoryError) -> Response:
    status, code = next(problem for cls, problem in DOMAIN_PROBLEMS.items() if isinstance(error, cls))
    errors = None
    if isinstance(error, domain.InvalidInput):
        errors = [
            {"location": "json", "pointer": f"/{name.replace('.', '/')}", "detail": message}
            for name, messages in error.errors.items()
            for message in messages
        ]
    extra = {k: v for k, v in error.extra.items() if k in ("current_version", "allowed", "reasons")}
    hint = next((words for cls, words in DOMAIN_HINTS.items() if isinstance(error, cls)), None)
    detail = f"{error.detail} {hint}" if hint else error.detail
    return problem(status, detail, code=code, errors=errors, **extra)


#: SQLite's words for "try again": the file is busy or cannot be opened right now.
_SQLITE_TRANSIENT = ("database is locked", "unable to open database", "disk i/o error")


def database_unavailable(error: DBAPIError) -> bool:
    """Whether a database error means "not reachable now", as opposed to a failed statement."""
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    module = type(error.orig).__module__ if error.orig is not None else ""
    if module.startswith("psycopg"):
        return True  # psycopg's OperationalError: connection refused, closed, server shut down
    return any(words in str(error.orig).lower() for words in _SQLITE_TRANSIENT)


def register(app: Flask) -> None:
    @app.errorhandler(domain.DirectoryError)
    def _domain(error: domain.DirectoryError) -> Response:
        return from_domain_error(error)

    @app.errorhandler(ProblemError)
    def _problem(error: ProblemError) -> Response:
        return problem(error.status, error.detail, code=error.code, headers=error.headers, **error.extra)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(error: DBAPIError) -> Response:
        # The database is down, restarting or unreachable: nothing was written (the unit of
        # work rolled back), and the pool reconnects by itself once it is back. Anything else
        # SQLAlchemy calls operational (SQLite's SQL errors are) is a bug: a 500.
        if not database_unavailable(error):
            return _unexpected(error)
        log.warning("database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        return problem(
            503,
            "The database is unavailable; try again shortly.",
            code="database-unavailable",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return from_http_exception(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(500, "An unexpected error occurred; it has been logged.")
