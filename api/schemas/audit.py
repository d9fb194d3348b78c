"""The audit log: its filters and its events."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import SLUG, Out, PageSchema, PaginationQuerySchema, String, text

# --- audit ------------------------------------------------------------------------------------


class AuditQuerySchema(PaginationQuerySchema):
    entity_type = text(
        40,
        metadata={
            "description": "Only events about this kind of entity: centre, referral, webhook, exchange-rate, client, "
            "user, ...",
            "example": "referral",
        },
    )
    entity_id = text(
        100,
        metadata={
            "description": "Only events about this entity: a centre's slug, a referral's id, a currency, ...",
            "example": "pumch",
        },
    )
    issuer = text(
        300,
        metadata={"description": "The acting principal's issuer (local, or a provider's URL).", "example": "local"},
    )
    client_id = text(100, metadata={"description": "The acting client.", "example": "intake-5f0c2a9e81d4b7c3"})
    role = String(
        validate=validate.OneOf(["admin", "coordinator", "partner", "intake", "system"]),
        metadata={
            "description": "Only events by a principal of this role (system: the command line).",
            "example": "partner",
        },
    )
    actor_centre = String(
        validate=validate.Regexp(SLUG), metadata={"description": "The acting partner's centre.", "example": "pumch"}
    )
    action = text(
        60,
        metadata={
            "description": "Only this action, e.g. centre.update, capability.set, referral.transition.",
            "example": "referral.transition",
        },
    )
    outcome = String(
        validate=validate.OneOf(["success", "denied"]),
        metadata={"description": "success, or denied (a refusal).", "example": "denied"},
    )
    since = fields.AwareDateTime(
        default_timezone=None,
        metadata={
            "description": "Only events at or after this instant (ISO 8601, with a time zone).",
            "example": "2026-11-01T00:00:00Z",
        },
    )
    until = fields.AwareDateTime(
        default_timezone=None,
        metadata={
            "description": "Only events before this instant (ISO 8601, with a time zone).",
            "example": "2026-12-01T00:00:00Z",
        },
    )


class AuditEventSchema(Out):
    id = fields.Integer()
    at = fields.DateTime()
    request_id = String(allow_none=True)
    issuer = String(metadata={"description": "local, or the identity provider that vouched for the caller."})
    client_id = String()
    subject = String(allow_none=True)
    role = String()
    actor_centre = String(allow_none=True)
    token_id = String(allow_none=True)
    action = String()
    entity_type = String()
    entity_id = String()
    entity_version = fields.Integer(allow_none=True)
    outcome = String()
    changes = fields.Dict()
    reason = String(allow_none=True)


class AuditPageSchema(PageSchema):
    items = fields.List(fields.Nested(AuditEventSchema))
