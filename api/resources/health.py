"""Liveness and readiness, without a token."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from api.resources import Blueprint
from marshmallow import Schema, fields

from api.resources import services

blp = Blueprint("health", __name__, description="Liveness and readiness (no token).")


class HealthSchema(Schema):
    status = fields.String()


class ReadinessSchema(Schema):
    status = fields.String(metadata={"description": "ready, degraded or unavailable."})
    checks = fields.Dict()


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self) -> Any:
        """The process is up."""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(503, schema=ReadinessSchema, description="A dependency is down.")
    def get(self) -> Any:
        """The database is reachable and migrated; the search backend and outbox lag."""
        status = services().status
        checks = {"database": status.database(), "outbox": status.outbox()}
        state = "ready" if checks["database"]["ok"] else "unavailable"
        return {"status": state, "checks": checks}, 200 if state == "ready" else 503
