"""Webhooks: a partner or intake client's URL for referral status changes, and its log."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from api import schemas
from api.delivery import check_url
from api.oauth import current_identity, requires
from api.resources import Blueprint, services

blp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks", description="Referral event notifications.")


@blp.route("")
class Webhooks(MethodView):
    @blp.doc(operationId="listWebhooks")
    @requires("webhooks:manage")
    @blp.response(200, schemas.WebhookSchema(many=True))
    def get(self) -> Any:
        """This client's webhooks."""
        return services().webhooks.list(current_identity())

    @blp.doc(operationId="createWebhook")
    @requires("webhooks:manage")
    @blp.arguments(schemas.WebhookInputSchema)
    @blp.response(201, schemas.NewWebhookSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Register a URL; deliveries are signed with the secret in the answer (shown once)."""
        check_url(data["url"], current_app.config["SETTINGS"].webhook_allow_private)
        return services().webhooks.register(current_identity(), data["url"])


@blp.route("/<slug:hook_id>")
class WebhookResource(MethodView):
    @blp.doc(operationId="deleteWebhook")
    @requires("webhooks:manage")
    @blp.response(204)
    def delete(self, hook_id: str) -> None:
        """Stop sending to this webhook (its log stays readable)."""
        services().webhooks.remove(current_identity(), hook_id)


@blp.route("/<slug:hook_id>/deliveries")
class Deliveries(MethodView):
    @blp.doc(operationId="listWebhookDeliveries")
    @requires("webhooks:manage")
    @blp.arguments(schemas.PaginationQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.DeliveryPageSchema)
    def get(self, query: dict[str, Any], hook_id: str) -> Any:
        """What was sent to this webhook, newest first, with every attempt and its answer."""
        return services().webhooks.deliveries(current_identity(), hook_id, query["page"], query["page_size"])
