"""HTTP resources: each view translates HTTP to one service call and back."""

from __future__ import annotations

from typing import Any

import flask_smorest
import marshmallow as ma
from flask import Flask, Response, current_app, request
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

from api.problems import ProblemError
from api.schemas import RESERVED_SLUGS
from directory.services import Services


class Parser(FlaskParser):
    """Unknown query parameters are an error, not something to ignore; so is a parameter given
    twice that takes one value."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }

    def load_querystring(self, req: Any, schema: ma.Schema) -> Any:
        repeated = sorted(
            name
            for name in req.args
            if len(req.args.getlist(name)) > 1 and not isinstance(schema.fields.get(name), ma.fields.List)
        )
        if repeated:
            raise ProblemError(
                400,
                "A parameter that takes one value was given more than once: see errors.",
                code="repeated-parameter",
                errors=[
                    {"location": "query", "pointer": f"/{name}", "detail": "Give this parameter once."}
                    for name in repeated
                ],
            )
        return super().load_querystring(req, schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()


class SlugConverter(BaseConverter):
    """Slugs and codes in paths: anything else is a 404 before any code runs. The reserved
    words are not slugs (/v1/centres/search is search), so their routes answer alone."""

    PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
    _NOT_RESERVED = "|".join(RESERVED_SLUGS)
    regex = rf"(?!(?:{_NOT_RESERVED})(?![a-z0-9-])){PATTERN}"
    SCHEMA = {"type": "string", "pattern": rf"^(?!(?:{_NOT_RESERVED})$){PATTERN}$", "maxLength": 64}

    def to_python(self, value: str) -> str:
        if len(value) > 64:
            raise NotFound()
        return value


class CurrencyConverter(BaseConverter):
    """An ISO 4217 code in a path (three capital letters)."""

    regex = r"[A-Z]{3}"
    SCHEMA = {"type": "string", "pattern": "^[A-Z]{3}$", "example": "CNY"}


def services() -> Services:
    return current_app.extensions["services"]


def known_codes(query: dict[str, Any]) -> None:
    """Codes in filters must be the vocabulary's: ``site=femur`` is a mistake to report, not a
    filter that quietly matches nothing."""
    vocabulary = current_app.extensions["search"].vocabulary()
    known = {
        "site": {s["code"] for s in vocabulary.sites},
        "capability": {c["code"] for c in vocabulary.capabilities},
    }
    errors = [
        {"location": "query", "pointer": f"/{name}/{i}", "detail": f"Unknown {name} code {code!r}: see /v1/vocabulary."}
        for name, codes in known.items()
        for i, code in enumerate(query.get(name, ()))
        if code not in codes
    ]
    if errors:
        raise ProblemError(400, "Unknown codes in the query: see errors.", code="unknown-code", errors=errors)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch: objects merge key by key, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = etag
    return response


def reject_unexpected_query(app: Flask) -> None:
    """Operations that take no query parameters refuse any (those that do, refuse unknown ones)."""

    @app.before_request
    def _check() -> None:
        if not request.args:
            return
        arguments = _declared_arguments(app)
        if arguments is None:
            return
        if any(a.get("in") == "query" for a in arguments):
            return
        if request.endpoint and request.endpoint.startswith(
            ("oauth.", "signin.", "web.", "api-docs.", "static", "fhir.")
        ):
            return  # OAuth endpoints, pages and FHIR read (and check) their own query strings
        raise ProblemError(
            400,
            "This operation takes no query parameters.",
            code="unknown-parameter",
            errors=[
                {"location": "query", "pointer": f"/{name}", "detail": "Unknown field."}
                for name in sorted(request.args)
            ],
        )


def _declared_arguments(app: Flask) -> list[dict[str, Any]] | None:
    """The arguments (query, body) the matched operation declares; None when no view matched."""
    view: Any = app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    method = getattr(view_class, request.method.lower(), None) if view_class else view
    if method is None:
        return None
    return list(getattr(method, "_apidoc", {}).get("arguments", {}).get("parameters", []))


def _declared_body(app: Flask) -> dict[str, Any] | None:
    """The JSON body argument the matched operation declares, if any."""
    return next((a for a in _declared_arguments(app) or () if a.get("in") == "json"), None)


def require_json_bodies(app: Flask) -> None:
    """A body sent to the API must say it is JSON: anything else is 415, not a puzzling 422
    about missing fields. An operation that needs a body and gets none is 400."""

    @app.before_request
    def _check() -> None:
        if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/v1/"):
            return
        if not request.content_length and "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
            declared = _declared_body(app)
            if declared is not None and declared.get("required", True):
                raise ProblemError(400, "This operation needs a JSON body.", code="body-required")
            return
        mimetype = request.mimetype
        if mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json")):
            return
        patch = request.method == "PATCH"
        accepted = "application/merge-patch+json, application/json" if patch else "application/json"
        raise ProblemError(
            415,
            f"Send the body as JSON (Content-Type: {accepted.split(', ')[0]}), not {mimetype or 'no content type'}.",
            code="unsupported-media-type",
            headers={"Accept-Patch" if patch else "Accept-Post": accepted},
        )
