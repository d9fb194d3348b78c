"""The coordinators' review queue: facts partners reported that nobody checked yet. (Vettings
falling due are ``GET /v1/centres?review_due_before=...``.)"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api import schemas
from api.oauth import current_identity, requires
from api.resources import Blueprint, services

blp = Blueprint("review", __name__, url_prefix="/v1/review", description="What waits for a coordinator's check.")


@blp.route("/facts")
class Facts(MethodView):
    @blp.doc(operationId="listFactsForReview")
    @requires("capabilities:verify")
    @blp.arguments(schemas.FactQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.FactPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Capabilities and service offerings in one verification state (self-reported by
        default), oldest report first, each with the centre version to verify it against.

        Coordinators only (scope capabilities:verify). Answers a page of facts, each with its
        centre, what was reported and by whom, and centre_version: send it as If-Match to
        ``POST .../verification`` (if the centre changed since, that is a 412). Vettings falling
        due are ``GET /v1/centres?review_due_before=...``."""
        return services().centres.facts(current_identity(), query["verification"], query["page"], query["page_size"])
