"""Liveness and readiness, without a token."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from marshmallow import fields, validate

from api.resources import Blueprint, services
from api.schemas import Out

blp = Blueprint("health", __name__, description="Liveness and readiness (no token).")


class HealthSchema(Out):
    status = fields.String(validate=validate.OneOf(["ok"]))


class ReadinessSchema(Out):
    status = fields.String(
        validate=validate.OneOf(["ready", "degraded", "unavailable"]),
        metadata={"description": "ready, degraded or unavailable."},
    )
    checks = fields.Dict(metadata={"description": "Each dependency's state: database, search, outbox."})


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.response(200, HealthSchema)
    def get(self) -> Any:
        """The process is up.

        No token needed. Answers 200 with status ok while the process serves requests; it does
        not check the database or the search backend (``GET /readyz`` does)."""
        return {"status": "ok"}


@blp.route("/readyz")
class Readiness(MethodView):
    @blp.doc(operationId="getReadiness")
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(503, schema=ReadinessSchema, description="A dependency is down.")
    def get(self) -> Any:
        """The database is reachable and migrated; the search backend and outbox lag.

        ``degraded`` (still 200): Elasticsearch is configured but not answering, so search
        answers from the local backend; or the external identity provider's keys are not fresh
        (its tokens may be refused). ``unavailable`` (503): the database is not usable. No token
        needed."""
        search = current_app.extensions["search"]
        checks = {"database": services().status.database(), "search": search.health()}
        if search.primary is not None and checks["database"]["ok"]:
            checks["outbox"] = services().outbox.lag("centre")
        external = current_app.extensions["guard"].state()
        if external is not None:
            checks["external_issuer"] = external
        if not checks["database"]["ok"]:
            state = "unavailable"
        elif not checks["search"]["ok"] or (external is not None and not external["fresh"]):
            state = "degraded"
        else:
            state = "ready"
        return {"status": state, "checks": checks}, 503 if state == "unavailable" else 200
