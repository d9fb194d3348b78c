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
from directory.services import Services


class Parser(FlaskParser):
    """Unknown query parameters are an error, not something to ignore."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()


class SlugConverter(BaseConverter):
    """Slugs and codes in paths: anything else is a 404 before any code runs. ``search`` is
    not a slug (it is /v1/centres/search), so that route answers alone for its path."""

    PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
    regex = rf"(?!search(?![a-z0-9-])){PATTERN}"
    SCHEMA = {"type": "string", "pattern": rf"^(?!search$){PATTERN}$", "maxLength": 64}

    def to_python(self, value: str) -> str:
        if len(value) > 64:
            raise NotFound()
        return value


def services() -> Services:
    return current_app.extensions["services"]


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
        view: Any = app.view_functions.get(request.endpoint or "")
        view_class = getattr(view, "view_class", None)
        method = getattr(view_class, request.method.lower(), None) if view_class else view
        if method is None:
            return
        arguments = getattr(method, "_apidoc", {}).get("arguments", {}).get("parameters", [])
        if any(a.get("in") == "query" for a in arguments):
            return
        if request.endpoint and request.endpoint.startswith(("oauth.", "api-docs.")):
            return
        raise ProblemError(
            400,
            "This operation takes no query parameters.",
            code="unknown-parameter",
            errors=[
                {"location": "query", "pointer": f"/{name}", "detail": "Unknown field."}
                for name in sorted(request.args)
            ],
        )
