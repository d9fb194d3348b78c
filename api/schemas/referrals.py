"""Referrals: creation, the list's filters, transitions, messages and the timeline."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import SLUG, Itself, Out, PageSchema, PaginationQuerySchema, String, text
from api.schemas.search import CASE_EXAMPLE, CaseProfileSchema, CaseProfileViewSchema, MatchSnapshotSchema
from directory import workflow
from directory.services.referrals import MESSAGE_SIDES

# --- referrals --------------------------------------------------------------------------------

REFERRAL_STATUSES = list(workflow.STATUSES)


class ReferralCreateSchema(Schema):
    external_ref = text(
        100,
        required=True,
        metadata={
            "description": "The intake service's own id for the case, up to 100 characters: the same one again "
            "returns the same referral. Never a patient identifier.",
            "example": "case-2026-0418",
        },
    )
    centre = String(
        required=True,
        validate=validate.Regexp(SLUG),
        metadata={"description": "The centre's slug.", "example": "pumch"},
    )
    profile = fields.Nested(
        CaseProfileSchema,
        required=True,
        metadata={
            "description": "The case, as POST /v1/match takes it: the centre must fit it (else 422 with the "
            "reasons). No name, contact or identity field is accepted.",
            "example": CASE_EXAMPLE,
        },
    )
    status = String(
        load_default="requested",
        validate=validate.OneOf(list(workflow.INITIAL)),
        metadata={
            "description": "draft (kept back; the centre does not see it), or requested (sent to the centre now: "
            "the default). Requested needs a vetted centre that accepts referrals (else 409).",
            "example": "requested",
        },
    )
    override_reason = text(
        2000,
        metadata={
            "description": "Coordinators only: refer although the centre does not fit the case (the "
            "reasons are in the 422 that refused it), and say why. Recorded in the referral, its "
            "timeline and the audit log.",
            "example": "Discussed with the centre's team: a partner surgeon will perform the cementoplasty.",
        },
    )


class ReferralQuerySchema(PaginationQuerySchema):
    status = fields.List(
        String(validate=validate.OneOf(REFERRAL_STATUSES)),
        validate=validate.Length(max=10),
        metadata={
            "description": "Only referrals in one of these statuses (repeat the parameter; up to 10).",
            "example": ["requested", "received"],
        },
    )
    centre = String(
        validate=validate.Regexp(SLUG),
        metadata={"description": "Only referrals to this centre (its slug).", "example": "pumch"},
    )
    updated_since = fields.AwareDateTime(
        metadata={
            "description": "Only referrals changed after this instant (ISO 8601, with a time zone): poll with the "
            "last updated_at seen.",
            "example": "2026-12-01T09:30:00Z",
        }
    )


class TransitionInputSchema(Schema):
    to = String(
        required=True,
        validate=validate.OneOf(REFERRAL_STATUSES),
        metadata={
            "description": "The status to move the referral to: one of its allowed_transitions (else 409).",
            "example": "rejected",
        },
    )
    reason = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "Why, up to 2000 characters: required when a coordinator takes the centre's step, or "
            "a requester's step on a referral another client made, and with reason_code other; null or absent: "
            "none.",
            "example": "Please send the latest MRI of the pelvis.",
        },
    )
    reason_code = String(
        validate=validate.OneOf(list(workflow.REJECTION_CODES)),
        allow_none=True,
        metadata={
            "description": "A rejection's reason, required with to rejected and refused otherwise: at-capacity, "
            "not-suitable, needs-more-information, or other (with a reason).",
            "example": "needs-more-information",
        },
    )


class MessageInputSchema(Schema):
    body = text(
        4000,
        required=True,
        metadata={
            "description": "The message, up to 4000 characters. The coordinators, the centre and the requester "
            "read it; never put who the patient is.",
            "example": "The imaging is on its way; can you confirm a date in the week of 14 December?",
        },
    )


class MessageSchema(Out):
    id = fields.Integer()
    author_issuer = String()
    author_client_id = String()
    author_role = String()
    side = String(
        validate=validate.OneOf(sorted(set(MESSAGE_SIDES.values()))), metadata={"description": "coordinator or centre."}
    )
    body = String()
    at = fields.DateTime()


class TimelineStepSchema(Out):
    from_status = String(data_key="from", allow_none=True)
    to_status = String(data_key="to")
    version = fields.Integer()
    at = fields.DateTime()
    actor_issuer = String()
    actor_client_id = String()
    actor_role = String()
    acting_for = String(
        validate=validate.OneOf([workflow.REQUESTER, workflow.CENTRE]), metadata={"description": "requester or centre."}
    )
    reason_code = String(allow_none=True)
    reason = String(allow_none=True)


class RequesterSchema(Out):
    issuer = String(
        attribute="requester_issuer",
        metadata={"description": "local (this service's own clients and users) or an identity provider's URL."},
    )
    client_id = String(attribute="requester_client_id", metadata={"description": "The client, or the person."})
    role = String(attribute="requester_role")


class ReferralSchema(Out):
    id = String()
    external_ref = String()
    centre = String(attribute="centre.slug")
    status = String(validate=validate.OneOf(REFERRAL_STATUSES))
    profile = fields.Nested(CaseProfileViewSchema)
    match_snapshot = fields.Nested(
        MatchSnapshotSchema, metadata={"description": "How the centre answered the case when it was referred."}
    )
    override_reason = String(
        allow_none=True, metadata={"description": "Why a coordinator referred although the centre does not fit."}
    )
    requester = Itself(RequesterSchema, metadata={"description": "Who sent it."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()
    timeline = fields.List(fields.Nested(TimelineStepSchema), attribute="transitions")
    messages = fields.List(fields.Nested(MessageSchema))
    allowed_transitions = fields.List(String(), metadata={"description": "Where this client may move it now."})


class ReferralPageSchema(PageSchema):
    items = fields.List(fields.Nested(ReferralSchema))
