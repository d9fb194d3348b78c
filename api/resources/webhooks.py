"""Webhooks: a partner or intake client's URL for referral status changes, and its log."""

from __future__ import annotations

from datetime import timedelta
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
        """This client's webhooks.

        Partners and the intake service may call it (scope webhooks:manage). Answers the
        webhooks this client registered and has not removed (never their secrets)."""
        return services().webhooks.list(current_identity())

    @blp.doc(operationId="createWebhook")
    @requires("webhooks:manage")
    @blp.arguments(schemas.WebhookInputSchema)
    @blp.response(201, schemas.NewWebhookSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Register a URL; deliveries are signed with the secret in the answer (shown once).

        Partners and the intake service may call it (scope webhooks:manage). Every status
        change of a referral this client may see, and every message on it, is POSTed to the
        URL, signed with HMAC-SHA256 (``Partner-Directory-Signature``). Answers the webhook with
        its secret (201): keep it, it is not shown again. A URL that does not resolve, or points
        into a loopback or private network (unless the deployment allows it), is a 422."""
        check_url(data["url"], current_app.config["SETTINGS"].webhook_allow_private)
        return services().webhooks.register(current_identity(), data["url"])


HOOK_ID = {
    "in": "path",
    "name": "hook_id",
    "description": "The webhook's id, as POST /v1/webhooks answered it (32 hexadecimal digits).",
    "example": "5b8e1f2c9d3a4c7e8f0a6b1d2e3c4f5a",
}


@blp.route("/<slug:hook_id>", parameters=[HOOK_ID])
class WebhookResource(MethodView):
    @blp.doc(operationId="deleteWebhook")
    @requires("webhooks:manage")
    @blp.response(204)
    def delete(self, hook_id: str) -> None:
        """Stop sending to this webhook (its log stays readable).

        Partners and the intake service, for their own webhooks only (scope webhooks:manage):
        another client's, or one removed already, is a 404. Answers 204, no body."""
        services().webhooks.remove(current_identity(), hook_id)


@blp.route("/<slug:hook_id>/secret", parameters=[HOOK_ID])
class WebhookSecret(MethodView):
    @blp.doc(operationId="rotateWebhookSecret")
    @requires("webhooks:manage")
    @blp.arguments(schemas.WebhookRotationSchema)
    @blp.response(200, schemas.NewWebhookSchema)
    def post(self, data: dict[str, Any], hook_id: str) -> Any:
        """Give the webhook a new secret (shown once); the old one keeps signing for a while.

        Partners and the intake service, for their own webhooks only (scope webhooks:manage):
        another client's, or a removed one, is a 404. For `overlap_seconds` (a day unless said;
        0 for a leaked secret) every delivery carries two signatures, `v1=` with the new secret
        first and then with the old one, so the receiver can switch at its own pace. Answers the
        webhook with its new secret and the end of the overlap."""
        return services().webhooks.rotate_secret(
            current_identity(), hook_id, timedelta(seconds=data["overlap_seconds"])
        )


@blp.route("/<slug:hook_id>/deliveries", parameters=[HOOK_ID])
class Deliveries(MethodView):
    @blp.doc(operationId="listWebhookDeliveries")
    @requires("webhooks:manage")
    @blp.arguments(schemas.PaginationQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.DeliveryPageSchema)
    def get(self, query: dict[str, Any], hook_id: str) -> Any:
        """What was sent to this webhook, newest first, with every attempt and its answer.

        Partners and the intake service, for their own webhooks only (scope webhooks:manage);
        another client's is a 404. Answers a page of deliveries: the event, its payload, its
        status (pending, delivered or failed), and each attempt with the receiver's status code
        or error."""
        return services().webhooks.deliveries(current_identity(), hook_id, query["page"], query["page_size"])
