"""The audit log, for administrators."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api import schemas
from api.oauth import current_identity, requires
from api.resources import Blueprint, services
from directory.services.audit import AuditFilter

blp = Blueprint("audit", __name__, url_prefix="/v1/audit", description="Who did what, when.")


@blp.route("")
class AuditLog(MethodView):
    @blp.doc(operationId="listAuditEvents")
    @requires("audit:read")
    @blp.arguments(schemas.AuditQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.AuditPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Audit events, newest first, filtered by entity, actor, action, outcome and time.

        Admins only (scope audit:read). Every change, every read of a referral and every
        refusal is recorded, with the principal (issuer, client, subject, role, centre), the
        token id (never the token), the entity and its version, the changes and the outcome.
        All filters given must hold; since is inclusive, until exclusive. A time without a time
        zone, or any other invalid filter, is a 400."""
        page, page_size = query.pop("page"), query.pop("page_size")
        return services().audit.list(current_identity(), AuditFilter(**query), page, page_size)
