"""The site's front door and the API docs' own assets.

``/`` leads people to the app and developers to the docs (JSON links for a program). The docs
page is Swagger UI served from this service (the ``flask-swagger-ui`` package's copy of
swagger-ui-dist), never from a CDN: it works offline and under a strict CSP.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

blueprint = Blueprint("site", __name__)

SWAGGER_UI = str(files("flask_swagger_ui") / "dist")
#: The assets the docs page loads (nothing else of the package is served).
DOCS_ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"})


@blueprint.get("/")
def front_door() -> Any:
    links = {"app": "/app/", "docs": "/docs", "openapi": "/openapi.json", "health": "/healthz"}
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify(links)
    return render_template("front.html", links=links)


@blueprint.get("/favicon.ico")
def favicon() -> Any:
    return send_from_directory(current_app.static_folder or "", "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@blueprint.get("/docs/assets/<name>")
def docs_asset(name: str) -> Any:
    if name not in DOCS_ASSETS:
        return jsonify(error="not found"), 404
    return send_from_directory(SWAGGER_UI, name, max_age=86400)
