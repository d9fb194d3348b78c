"""Webhooks: registration, the secret and its rotation, and the delivery log."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Out, PageSchema, String, overlap_field
from directory import models

# --- webhooks ---------------------------------------------------------------------------------


class WebhookInputSchema(Schema):
    url = fields.URL(
        required=True,
        schemes={"https", "http"},
        validate=validate.Length(max=500),
        metadata={
            "description": "Where to POST referral events: an http or https URL, up to 500 characters, not into a "
            "loopback or private network (else 422).",
            "example": "https://example.org/partner-directory/events",
        },
    )


class WebhookSchema(Out):
    id = String()
    url = String()
    created_at = fields.DateTime()


class NewWebhookSchema(Out):
    id = String(attribute="webhook.id")
    url = String(attribute="webhook.url")
    created_at = fields.DateTime(attribute="webhook.created_at")
    secret = String(metadata={"description": "Signs every delivery (HMAC-SHA256). Shown only now."})
    previous_secret_until = fields.DateTime(
        attribute="webhook.previous_secret_until",
        allow_none=True,
        metadata={
            "description": "After a rotation: until when deliveries are signed with the previous secret too (a "
            "second `v1=` in the signature header). Null: the previous secret signs nothing more."
        },
    )


class WebhookRotationSchema(Schema):
    overlap_seconds = overlap_field(86400, "the previous secret goes on signing deliveries beside the new one")


class WebhookAttemptSchema(Out):
    at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    error = String(allow_none=True)
    duration_ms = fields.Float()


class DeliverySchema(Out):
    id = String()
    event = String()
    referral_id = String()
    status = String(
        validate=validate.OneOf(models.DELIVERY_STATUSES), metadata={"description": "pending, delivered or failed."}
    )
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    created_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    last_status_code = fields.Integer(allow_none=True)
    last_error = String(allow_none=True)
    payload = fields.Dict()
    attempt_log = fields.List(fields.Nested(WebhookAttemptSchema), data_key="attempts_log")


class DeliveryPageSchema(PageSchema):
    items = fields.List(fields.Nested(DeliverySchema))
