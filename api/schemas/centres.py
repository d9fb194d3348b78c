"""Centres: their fields in and out, capabilities and service offerings, vetting and
verification, and the list's filters (shared with search)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.schemas.common import (
    CODE,
    COST_EXAMPLE,
    COUNTRY,
    LANGUAGE,
    RESERVED_SLUGS,
    SLUG,
    Bool,
    ContactSchema,
    CostSchema,
    LocationSchema,
    Out,
    PageSchema,
    PaginationQuerySchema,
    QueryBool,
    String,
    bounded_list,
    text,
    unique_items,
    vocabulary,
)
from directory import models, rules

# --- centres: input ---------------------------------------------------------------------------


#: The metadata of centre fields a create and a patch share (the create redefines some as required).
CENTRE_NAME = {
    "description": "The centre's name, as it calls itself.",
    "example": "Peking Union Medical College Hospital",
}
CENTRE_COUNTRY = {"description": "The centre's country: ISO 3166-1 alpha-2, in capitals.", "example": "CN"}
CENTRE_CITY = {"description": "The city the centre is in.", "example": "Beijing"}


class CentreFieldsSchema(Schema):
    """The centre fields a client may write (which ones, depends on its role)."""

    name = text(200, metadata=CENTRE_NAME)
    aliases = fields.List(
        text(200),
        validate=[validate.Length(max=20), unique_items],
        metadata={
            "description": "Other names the centre is known by (abbreviations, other scripts), searched like the "
            "name; up to 20, each once. A change replaces the whole list.",
            "example": ["PUMCH", "北京协和医院"],
        },
    )
    country = String(validate=validate.Regexp(COUNTRY), metadata=CENTRE_COUNTRY)
    city = text(100, metadata=CENTRE_CITY)
    location = fields.Nested(
        LocationSchema,
        allow_none=True,
        metadata={
            "description": "Where the centre is (city-level is enough), for distance search; null: unknown (a "
            "change to null clears it).",
            "example": {"lat": 39.912, "lon": 116.417},
        },
    )
    languages = fields.List(
        String(validate=validate.Regexp(LANGUAGE)),
        validate=[validate.Length(max=20), unique_items],
        metadata={
            "description": "BCP 47 language tags: the languages the staff speak with patients; up to 20, each once.",
            "example": ["zh", "en"],
        },
    )
    accreditations = bounded_list(
        text(100),
        20,
        metadata={
            "description": "Accreditations the centre holds, up to 20. A change replaces the whole list.",
            "example": ["JCI"],
        },
    )
    accepting_referrals = Bool(
        metadata={
            "description": "Whether the centre takes new referrals now: false leaves it out of matches, and a "
            "referral to it cannot be requested.",
            "example": True,
        }
    )
    contact = fields.Nested(
        ContactSchema,
        metadata={
            "description": "How international patients' coordinators reach the centre; replaced as a whole.",
            "example": {
                "desk": "International patient desk",
                "email": "international-desk@example.org",
                "phone": "+86 10 0000 0000",
            },
        },
    )


class CentreCreateSchema(CentreFieldsSchema):
    slug = String(
        required=True,
        validate=[
            validate.Length(min=2, max=64),
            validate.Regexp(SLUG),
            validate.NoneOf(RESERVED_SLUGS, error="This slug is reserved."),
        ],
        metadata={
            "description": "The centre's id in URLs, for good: 2 to 64 lower-case letters and digits in words "
            "joined by single hyphens; not search or suggest. Taken already: 409.",
            "example": "pumch",
        },
    )
    name = text(200, required=True, metadata=CENTRE_NAME)
    country = String(required=True, validate=validate.Regexp(COUNTRY), metadata=CENTRE_COUNTRY)
    city = text(100, required=True, metadata=CENTRE_CITY)


class CentrePatchSchema(CentreFieldsSchema):
    """The fields to change; the others stay as they are."""


CAPABILITY_STATUS = {
    "description": "available, limited (e.g. some days only) or unavailable. Only available meets a requirement.",
    "example": "available",
}
CAPABILITY_NOTES_EXAMPLE = "Two lists a week."
SERVICE_SITES = {
    "description": "The lesion sites the centre treats with the service, 1 to 10, each once: sites the service "
    "treats (see the vocabulary), else 422.",
    "example": ["spine", "pelvis-sacrum"],
}
SERVICE_VOLUME_EXAMPLE = 180
SERVICE_WAIT_EXAMPLE = 14
SERVICE_IMAGING = {
    "description": "The image guidance the centre uses for it: imaging capability codes, up to 10, each once.",
    "example": ["ct-guidance", "mri-guidance"],
}
SERVICE_NOTES_EXAMPLE = "Sessions under general anaesthesia; one night in hospital."


class CapabilityInputSchema(Schema):
    status = String(required=True, validate=validate.OneOf(models.CAPABILITY_STATUSES), metadata=CAPABILITY_STATUS)
    notes = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "What a coordinator should know about it, up to 2000 characters; null or absent: none.",
            "example": CAPABILITY_NOTES_EXAMPLE,
        },
    )


class ServiceInputSchema(Schema):
    sites = fields.List(
        String(validate=validate.Regexp(CODE), metadata=vocabulary("sites", "A lesion site code.", "spine")),
        required=True,
        validate=[validate.Length(min=1, max=10), unique_items],
        metadata=SERVICE_SITES,
    )
    annual_volume = fields.Integer(
        validate=validate.Range(0, 1_000_000),
        allow_none=True,
        strict=True,
        metadata={
            "description": "How many of these procedures the centre performs a year; null or absent: unknown.",
            "example": SERVICE_VOLUME_EXAMPLE,
        },
    )
    cost = fields.Nested(
        CostSchema,
        allow_none=True,
        metadata={
            "description": "The price range, per what the service's cost_basis says (see the vocabulary); null or "
            "absent: unknown.",
            "example": COST_EXAMPLE,
        },
    )
    wait_days = fields.Integer(
        validate=validate.Range(0, 3650),
        allow_none=True,
        strict=True,
        metadata={
            "description": "The usual wait for the procedure, in days (0 to 3650); null or absent: unknown.",
            "example": SERVICE_WAIT_EXAMPLE,
        },
    )
    imaging = fields.List(
        String(
            validate=validate.Regexp(CODE),
            metadata=vocabulary("capabilities", "An imaging capability code.", "ct-guidance"),
        ),
        validate=[validate.Length(max=10), unique_items],
        metadata=SERVICE_IMAGING,
    )
    notes = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "Anything else about the offering, up to 2000 characters; null or absent: none.",
            "example": SERVICE_NOTES_EXAMPLE,
        },
    )


class CapabilityPatchSchema(Schema):
    """A JSON merge patch of a capability: the fields to change (null clears notes)."""

    status = String(validate=validate.OneOf(models.CAPABILITY_STATUSES), metadata=CAPABILITY_STATUS)
    notes = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "What a coordinator should know about it, up to 2000 characters; null clears it.",
            "example": CAPABILITY_NOTES_EXAMPLE,
        },
    )


class ServicePatchSchema(Schema):
    """A JSON merge patch of a service offering: the fields to change; null clears a field;
    ``cost`` merges key by key. The result must be a valid offering."""

    sites = fields.List(
        String(validate=validate.Regexp(CODE), metadata=vocabulary("sites", "A lesion site code.", "spine")),
        validate=[validate.Length(min=1, max=10), unique_items],
        metadata={**SERVICE_SITES, "description": SERVICE_SITES["description"] + " Replaces the list."},
    )
    annual_volume = fields.Integer(
        validate=validate.Range(0, 1_000_000),
        allow_none=True,
        strict=True,
        metadata={
            "description": "How many of these procedures the centre performs a year; null clears it.",
            "example": SERVICE_VOLUME_EXAMPLE,
        },
    )
    cost = fields.Dict(
        allow_none=True,
        metadata={
            "description": "{currency, min, max}, merged with the current cost key by key (min not above max); "
            "null clears it.",
            "example": {"min": 3200, "max": 6500},
        },
    )
    wait_days = fields.Integer(
        validate=validate.Range(0, 3650),
        allow_none=True,
        strict=True,
        metadata={"description": "The usual wait for the procedure, in days; null clears it.", "example": 10},
    )
    imaging = fields.List(
        String(
            validate=validate.Regexp(CODE),
            metadata=vocabulary("capabilities", "An imaging capability code.", "ct-guidance"),
        ),
        validate=[validate.Length(max=10), unique_items],
        allow_none=True,
        metadata={
            **SERVICE_IMAGING,
            "description": SERVICE_IMAGING["description"] + " Replaces the list; null clears it.",
        },
    )
    notes = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "Anything else about the offering, up to 2000 characters; null clears it.",
            "example": SERVICE_NOTES_EXAMPLE,
        },
    )


class VettingInputSchema(Schema):
    status = String(
        required=True,
        validate=validate.OneOf(models.VETTING_STATUSES),
        metadata={
            "description": "vetted, pending, suspended or lapsed. Only a vetted centre is matched and takes referrals.",
            "example": "vetted",
        },
    )
    reason = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "The evidence: why, up to 2000 characters. Required with suspended or lapsed.",
            "example": "Programme, volumes and international desk checked on a site visit.",
        },
    )
    next_review_due = fields.Date(
        metadata={
            "description": "With status vetted: when the vetting must be reviewed (default: a year on); an ISO "
            "date after today.",
            "example": "2027-12-01",
        }
    )

    @validates_schema
    def _reason(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("status") in ("suspended", "lapsed") and not (data.get("reason") or "").strip():
            raise ValidationError("Say why a centre is suspended or lapsed.", field_name="reason")


class VerificationInputSchema(Schema):
    note = String(
        validate=validate.Length(max=2000),
        allow_none=True,
        metadata={
            "description": "What you checked, kept as the fact's evidence; up to 2000 characters; null or absent: "
            "none.",
            "example": "Confirmed with the international patient desk by phone.",
        },
    )


#: Query filters the centre list and search share.
SITE_FILTER = {
    "description": "Only centres that treat every one of these lesion sites (repeat the parameter; up to 5).",
    "example": ["spine"],
}
CAPABILITY_FILTER = {
    "description": "Only centres with every one of these capabilities available (repeat the parameter; up to 20).",
    "example": ["hydrodissection"],
}
LANGUAGE_FILTER = {
    "description": "Only centres whose staff speak one of these languages: BCP 47 tags, compared by the "
    "language alone (en matches en-GB); repeat the parameter, up to 10.",
    "example": ["en"],
}
VETTING_FILTER = {"description": "Only centres in this vetting status.", "example": "vetted"}


def site_filter() -> fields.List:
    """The ``site`` query parameter of listings and searches (up to 5 codes)."""
    return fields.List(
        String(validate=validate.Regexp(CODE), metadata=vocabulary("sites", "A lesion site code.", "spine")),
        validate=validate.Length(max=5),
        metadata=SITE_FILTER,
    )


def capability_filter() -> fields.List:
    """The ``capability`` query parameter of listings and searches (up to 20 codes)."""
    return fields.List(
        String(
            validate=validate.Regexp(CODE), metadata=vocabulary("capabilities", "A capability code.", "hydrodissection")
        ),
        validate=validate.Length(max=20),
        metadata=CAPABILITY_FILTER,
    )


class CentreQuerySchema(PaginationQuerySchema):
    country = String(
        validate=validate.Regexp(COUNTRY),
        metadata={"description": "Only centres in this country: ISO 3166-1 alpha-2, in capitals.", "example": "IN"},
    )
    city = text(
        100,
        metadata={"description": "Only centres in this city (the whole name, case-insensitive).", "example": "Chennai"},
    )
    site = site_filter()
    capability = capability_filter()
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES), metadata=VETTING_FILTER)
    accepting_referrals = QueryBool(
        metadata={
            "description": "true: only centres taking referrals now; false: only those that are not.",
            "example": True,
        }
    )
    demo = QueryBool(metadata={"description": "true: only demo centres; false: only real ones.", "example": False})
    review_due_before = fields.Date(
        metadata={
            "description": "The review queue: vetted or lapsed centres whose review is due before this date (ISO).",
            "example": "2027-01-31",
        }
    )
    language = fields.List(
        String(validate=validate.Regexp(LANGUAGE)), validate=validate.Length(max=10), metadata=LANGUAGE_FILTER
    )
    q = text(200, metadata={"description": "Part of the name or an alias, case-insensitive.", "example": "Apollo"})


# --- centres: output --------------------------------------------------------------------------


class VerificationSchema(Out):
    """Where a fact comes from and how far it is checked."""

    status = String(
        validate=validate.OneOf(rules.VERIFICATION_STATES),
        metadata={
            "description": "verified (by a coordinator), self-reported (by the partner) or unverified (a data file)."
        },
    )
    reported_by = String()
    reported_at = fields.DateTime()
    verified_by = String(allow_none=True)
    verified_at = fields.DateTime(allow_none=True)
    evidence = String(allow_none=True, metadata={"description": "What the coordinator checked."})
    source = String(allow_none=True, metadata={"description": "The data file's words, or who reported or verified it."})


class CapabilitySchema(Out):
    code = String()
    status = String(validate=validate.OneOf(models.CAPABILITY_STATUSES))
    notes = String(allow_none=True)
    verification = fields.Nested(VerificationSchema, attribute="verification_info")


class ServiceSchema(Out):
    code = String()
    sites = fields.List(String())
    annual_volume = fields.Integer(allow_none=True)
    cost = fields.Nested(CostSchema, allow_none=True)
    wait_days = fields.Integer(allow_none=True)
    imaging = fields.List(String())
    notes = String(allow_none=True)
    verification = fields.Nested(VerificationSchema, attribute="verification_info")


class VettingVerificationSchema(Out):
    status = String(
        validate=validate.OneOf(["verified", "unverified"]),
        metadata={"description": "verified (a person decided) or unverified (a data file, or a lapse)."},
    )
    decided_by = String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    evidence = String(allow_none=True)
    source = String(allow_none=True)


class VettingSchema(Out):
    status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    reason = String(allow_none=True)
    vetted_at = fields.DateTime(allow_none=True, metadata={"description": "When it was last vetted."})
    vetted_by = String(allow_none=True)
    next_review_due = fields.Date(allow_none=True, metadata={"description": "After this date the vetting lapses."})
    verification = fields.Nested(VettingVerificationSchema)


class ProvenanceSchema(Out):
    source = String()
    verification = String()


class CentreSchema(Out):
    slug = String()
    name = String()
    aliases = fields.List(String())
    country = String()
    city = String()
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(String())
    accreditations = fields.List(String())
    accepting_referrals = fields.Boolean()
    demo = fields.Boolean(metadata={"description": "A fictional centre of the demo data set."})
    contact = fields.Nested(ContactSchema)
    vetting = fields.Nested(VettingSchema)
    capabilities = fields.List(fields.Nested(CapabilitySchema))
    services = fields.List(fields.Nested(ServiceSchema))
    provenance = fields.Nested(ProvenanceSchema)
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CentrePageSchema(PageSchema):
    items = fields.List(fields.Nested(CentreSchema))
