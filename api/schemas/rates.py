"""Exchange rates."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.common import Out, String, text

# --- exchange rates and the review queue -------------------------------------------------------


class ExchangeRateInputSchema(Schema):
    usd_per_unit = fields.Float(
        required=True,
        validate=validate.Range(min=0, min_inclusive=False, max=1_000_000),
        allow_nan=False,
        metadata={"description": "US dollars per one unit of the currency (above 0).", "example": 0.14},
    )
    as_of = fields.Date(
        required=True, metadata={"description": "The rate's date (ISO, not in the future).", "example": "2026-11-30"}
    )
    source = text(
        500,
        required=True,
        metadata={
            "description": "Where the rate comes from, up to 500 characters.",
            "example": "Central bank reference rate of the day",
        },
    )


class ExchangeRateSchema(Out):
    currency = String()
    usd_per_unit = fields.Float()
    as_of = fields.Date()
    source = String()
    set_by = String()
    updated_at = fields.DateTime()


class ExchangeRateListSchema(Out):
    items = fields.List(fields.Nested(ExchangeRateSchema))
