"""OAuth clients of the built-in authorization server, for admins: their secrets' rotation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.views import MethodView

from api import schemas
from api.oauth import current_identity, requires
from api.resources import Blueprint, services

blp = Blueprint("clients", __name__, url_prefix="/v1/clients", description="The service's own OAuth clients.")

CLIENT_ID = {
    "in": "path",
    "name": "client_id",
    "description": "The client's id at the built-in authorization server (its role, a dash, 16 hexadecimal digits).",
    "example": "intake-5b8e1f2c9d3a4c7e",
}


@blp.route("/<slug:client_id>/secret", parameters=[CLIENT_ID])
class ClientSecret(MethodView):
    @blp.doc(operationId="rotateClientSecret")
    @requires("clients:manage")
    @blp.arguments(schemas.ClientRotationSchema)
    @blp.response(200, schemas.ClientSecretSchema)
    def post(self, data: dict[str, Any], client_id: str) -> Any:
        """Give a client a new secret (shown once).

        Admins only (scope clients:manage). The old secret stops working at once (the default,
        for a leaked one), or after `overlap_seconds` (at most a week), so the client's
        deployment can change over without a gap; tokens issued already live out their short
        lifetime. An unknown or disabled client is a 404."""
        overlap = timedelta(seconds=data["overlap_seconds"])
        return services().clients.rotate_secret(current_identity(), client_id, overlap)
