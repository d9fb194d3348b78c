"""The coordinators' review queue: facts waiting for a check."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.centres import VerificationSchema
from api.schemas.common import Out, PageSchema, PaginationQuerySchema, String
from directory import rules


class FactQuerySchema(PaginationQuerySchema):
    verification = String(
        load_default="self-reported",
        validate=validate.OneOf(rules.VERIFICATION_STATES),
        metadata={
            "description": "Which facts: self-reported (by partners, waiting for a check: the default), unverified "
            "(from a data file) or verified.",
            "example": "self-reported",
        },
    )


class FactSchema(Out):
    centre = String()
    centre_name = String()
    demo = fields.Boolean()
    kind = String(metadata={"description": "capability or service."})
    code = String()
    summary = String(metadata={"description": "What was reported, in a line."})
    verification = fields.Nested(VerificationSchema)
    centre_version = fields.Integer(metadata={"description": "The centre's version: send it as If-Match to verify."})


class FactPageSchema(PageSchema):
    items = fields.List(fields.Nested(FactSchema))
