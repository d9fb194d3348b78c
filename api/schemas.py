"""marshmallow schemas: separate ones for input bodies, query strings and output.

Input schemas raise on unknown fields (marshmallow's default), which is what keeps a client
from setting what it may not (``vetting``, ``version``, ``slug`` on a patch): the field is not
in the schema, so sending it is a 422.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from marshmallow import Schema, ValidationError, fields, post_dump, post_load, validate, validates_schema

from directory import models, rules, workflow
from directory.services.clients import MAX_OVERLAP
from directory.services.referrals import MESSAGE_SIDES

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Words under /v1/centres/ that name a route, never a centre.
RESERVED_SLUGS = ("search", "suggest")
CODE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COUNTRY = r"^[A-Z]{2}$"
CURRENCY = r"^[A-Z]{3}$"
#: BCP 47 language tags, the common shapes (language, optional script, region, variants).
LANGUAGE = r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*$"

MAX_PAGE_SIZE = 100
#: Deep paging is bounded: page × page_size may not pass this.
MAX_WINDOW = 10_000


class String(fields.String):
    """A string with no NUL character (PostgreSQL cannot store one: it would be a 500)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in result:
            raise ValidationError("Must not contain NUL characters.")
        return result


class Bool(fields.Boolean):
    """A JSON boolean: ``true`` or ``false``, never ``"yes"``, ``1`` or ``"true"``."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false (a JSON boolean).")
        return value


class QueryBool(fields.Boolean):
    """A boolean in a query string: ``true`` or ``false``, nothing else."""

    truthy = frozenset({"true"})
    falsy = frozenset({"false"})

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if value not in ("true", "false"):
            raise ValidationError("Must be true or false.")
        return value == "true"


def text(max_length: int, **kwargs: Any) -> String:
    """Non-blank text of at most ``max_length`` characters."""
    return String(validate=[validate.Length(min=1, max=max_length), _not_blank], **kwargs)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def bounded_list(inner: fields.Field, max_items: int, **kwargs: Any) -> fields.List:
    return fields.List(inner, validate=validate.Length(max=max_items), **kwargs)


def _unique(values: list[Any]) -> None:
    if len(values) != len(set(values)):
        raise ValidationError("Items must be unique.")


class Out(Schema):
    """A response schema. Every field is always present, so the document declares each one
    ``required`` (a generated client then types it without ``Unset``); a field that may be
    absent says so with ``metadata={"optional": True}``. Null is a value, declared per field
    with ``allow_none``. Responses are dumped, never loaded, so ``required`` changes nothing
    at run time: the contract test checks every response the tests see against it."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        optional = getattr(self.Meta, "optional", ())
        if not field_obj.metadata.get("optional") and field_name not in optional:
            field_obj.required = True


class Itself(fields.Nested):
    """A nested schema read from the object itself rather than from one of its attributes."""

    def serialize(self, attr: str, obj: Any, accessor: Any = None, **kwargs: Any) -> Any:
        return self._serialize(obj, attr, obj, **kwargs)


def vocabulary(kind: str, description: str, example: str) -> dict[str, Any]:
    """Metadata for a request field that takes a code of the loaded vocabulary (``sites``,
    ``capabilities``, ``services`` or ``rules``): the served document lists the codes as an
    enum (``api.contract.with_vocabulary``). Responses name codes as plain strings, so that new
    vocabulary never breaks an old client."""
    return {"description": description, "example": example, "x-vocabulary": kind}


# --- shared pieces ----------------------------------------------------------------------------


class LocationSchema(Schema):
    lat = fields.Float(
        required=True,
        validate=validate.Range(-90, 90),
        allow_nan=False,
        metadata={"description": "Latitude in decimal degrees (WGS 84), -90 to 90.", "example": 39.912},
    )
    lon = fields.Float(
        required=True,
        validate=validate.Range(-180, 180),
        allow_nan=False,
        metadata={"description": "Longitude in decimal degrees (WGS 84), -180 to 180.", "example": 116.417},
    )


class ContactSchema(Schema):
    desk = text(
        200, metadata={"description": "The international-patient desk's name.", "example": "International patient desk"}
    )
    email = fields.Email(
        validate=validate.Length(max=254),
        metadata={"description": "The desk's e-mail address.", "example": "international-desk@example.org"},
    )
    phone = text(
        40,
        metadata={"description": "The desk's phone number, with the country code.", "example": "+86 10 0000 0000"},
    )
    url = fields.URL(
        validate=validate.Length(max=500),
        metadata={
            "description": "The desk's web page for international patients.",
            "example": "https://example.org/international-patients",
        },
    )


#: A cost as the seed data states it (pumch's bone cryoablation, per single-lesion session).
COST_EXAMPLE = {"currency": "USD", "min": 3000, "max": 6000}


class CostSchema(Schema):
    currency = String(
        required=True,
        validate=validate.Regexp(CURRENCY),
        metadata={"description": "The currency of min and max: ISO 4217, in capitals.", "example": "USD"},
    )
    min = fields.Integer(
        required=True,
        validate=validate.Range(0, 10_000_000),
        strict=True,
        metadata={"description": "The lowest price, in whole units of the currency.", "example": 3000},
    )
    max = fields.Integer(
        required=True,
        validate=validate.Range(0, 10_000_000),
        strict=True,
        metadata={"description": "The highest price, in whole units of the currency; not below min.", "example": 6000},
    )

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("min") is not None and data.get("max") is not None and data["min"] > data["max"]:
            raise ValidationError("Must not be greater than max.", field_name="min")


class PaginationQuerySchema(Schema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_WINDOW),
        metadata={
            "description": f"The page to answer, from 1; page × page_size may not pass {MAX_WINDOW}.",
            "example": 1,
        },
    )
    page_size = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": f"At most this many items per page, 1 to {MAX_PAGE_SIZE}.", "example": 20},
    )

    @validates_schema
    def _window(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("page", 1) * data.get("page_size", 20) > MAX_WINDOW:
            raise ValidationError(
                f"page × page_size may not exceed {MAX_WINDOW}; narrow the filters instead.",
                field_name="page",
            )


class PageSchema(Out):
    page = fields.Integer(metadata={"description": "This page's number, from 1."})
    page_size = fields.Integer(metadata={"description": "At most this many items per page."})
    total = fields.Integer(metadata={"description": "How many items match, on every page."})
    next = String(
        allow_none=True,
        metadata={"description": "The next page: this request with page + 1; null on the last page."},
    )
    previous = String(allow_none=True, metadata={"description": "The previous page; null on the first."})

    @post_dump
    def _links(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        page, size = data["page"], data["page_size"]
        more = page * size < data["total"] and (page + 1) * size <= MAX_WINDOW
        data["next"] = page_link(page + 1) if more else None
        data["previous"] = page_link(page - 1) if page > 1 else None
        return data


def page_link(page: int) -> str:
    """This request's path and query with another page number (a reference relative to the
    API's address, as ``Location`` is)."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return f"{request.path}?{urlencode(args, doseq=True)}"


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
        validate=[validate.Length(max=20), _unique],
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
        validate=[validate.Length(max=20), _unique],
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
        validate=[validate.Length(min=1, max=10), _unique],
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
        validate=[validate.Length(max=10), _unique],
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
        validate=[validate.Length(min=1, max=10), _unique],
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
        validate=[validate.Length(max=10), _unique],
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


# --- vocabulary -------------------------------------------------------------------------------


class SiteSchema(Out):
    code = String()
    label = String()
    approach = String()
    key_consideration = String()
    adjunct_note = String()
    source = String()


class CapabilityTypeSchema(Out):
    code = String()
    label = String()
    category = String()
    description = String()


class CostReferenceSchema(Out):
    code = String()
    label = String()
    currency = String()
    min = fields.Integer()
    max = fields.Integer()
    per = String(metadata={"description": "What the amount is for, e.g. a single-lesion session or a course."})
    note = String()
    source = String(metadata={"description": "The clinical source's own words."})


class ServiceTypeSchema(Out):
    code = String()
    label = String()
    description = String()
    sites = fields.List(String(), metadata={"description": "The lesion sites the service treats."})
    cost_basis = String(metadata={"description": "What a centre's cost for the service is per."})
    context = fields.List(fields.Nested(CostReferenceSchema), metadata={"description": "The source's cost references."})


class SettingSchema(Out):
    code = String()
    value = fields.Float()
    unit = String()
    label = String()
    description = String()
    local = fields.Boolean(metadata={"description": "Always true: a setting of the medical team, not the source's."})
    note = String()


class RuleSchema(Out):
    code = String()
    service = String()
    kind = String(metadata={"description": "required (a filter), advisory (a note on every result) or case-warning."})
    sites = fields.List(String(), metadata={"description": "The sites the rule is about; empty: every site."})
    requires = fields.List(String(), metadata={"description": "Required rules: any one of these capabilities."})
    requires_field = String(
        allow_none=True, metadata={"description": "Required rules: or the capability the case names in this field."}
    )
    condition = fields.Raw(
        allow_none=True,
        metadata={"description": "null (always), or {field, op, value | setting}, or {all: [...]} / {any: [...]}."},
    )
    applies = String(metadata={"description": "The condition in words; local settings are named as such."})
    if_unstated = String(metadata={"description": "apply or skip, when the case does not state a field it reads."})
    local_settings = fields.List(String(), metadata={"description": "The local settings the condition reads."})
    text = String(metadata={"description": "What the rule tells a coordinator."})
    source = String(metadata={"description": "The clinical source's own words that the rule encodes."})


class VocabularySchema(Out):
    version = String()
    name = String()
    source = String()
    sites = fields.List(fields.Nested(SiteSchema))
    capabilities = fields.List(fields.Nested(CapabilityTypeSchema))
    services = fields.List(fields.Nested(ServiceTypeSchema))
    rules = fields.List(fields.Nested(RuleSchema))
    settings = fields.List(
        fields.Nested(SettingSchema), metadata={"description": "Thresholds of the medical team that rules read."}
    )
    ranking = fields.Dict()


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


# --- search and match -------------------------------------------------------------------------

NEAR = r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$"


class SearchQuerySchema(PaginationQuerySchema):
    q = text(
        200,
        metadata={
            "description": "Free text: names and aliases in any script (Chinese by bigrams), romanised names "
            "(pinyin, Latin transliterations of Devanagari), city, country, what the centre offers "
            "(services and capabilities, by label or code) and accreditations; typo-tolerant; a name "
            "match ranks first.",
            "example": "Tata Memorial",
        },
    )
    country = fields.List(
        String(validate=validate.Regexp(COUNTRY)),
        validate=validate.Length(max=20),
        metadata={
            "description": "Only centres in one of these countries: ISO 3166-1 alpha-2, in capitals (repeat the "
            "parameter; up to 20).",
            "example": ["CN", "IN"],
        },
    )
    site = site_filter()
    capability = capability_filter()
    language = fields.List(
        String(validate=validate.Regexp(LANGUAGE)), validate=validate.Length(max=10), metadata=LANGUAGE_FILTER
    )
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES), metadata=VETTING_FILTER)
    near = String(
        validate=validate.Regexp(NEAR),
        metadata={
            "description": "`lat,lon` in decimal degrees: sort by distance from here.",
            "example": "19.076,72.878",
        },
    )
    radius_km = fields.Float(
        validate=validate.Range(min=0, max=20_000, min_inclusive=False),
        allow_nan=False,
        metadata={"description": "With `near`: only centres within this distance, in km.", "example": 500},
    )

    @validates_schema
    def _near(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "radius_km" in data and "near" not in data:
            raise ValidationError("radius_km needs near.", field_name="radius_km")
        if "near" in data:
            lat, lon = (float(x) for x in data["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError("Latitude must be within ±90 and longitude within ±180.", field_name="near")

    @post_load
    def _point(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "near" in data:
            lat, lon = (float(x) for x in data["near"].split(","))
            data["near"] = (lat, lon)
        return data


class FacetSchema(Out):
    value = String()
    count = fields.Integer()


class FacetsSchema(Out):
    country = fields.List(fields.Nested(FacetSchema))
    site = fields.List(fields.Nested(FacetSchema))
    capability = fields.List(fields.Nested(FacetSchema))
    vetting_status = fields.List(fields.Nested(FacetSchema))


class FactProvenanceSchema(Out):
    """A fact's provenance as search and match show it (times as ISO 8601 strings)."""

    status = String(
        validate=validate.OneOf(rules.VERIFICATION_STATES),
        metadata={"description": "verified, self-reported or unverified."},
    )
    reported_by = String()
    reported_at = String()
    verified_by = String(allow_none=True)
    verified_at = String(allow_none=True)
    evidence = String(allow_none=True)
    source = String(allow_none=True)


class VettingVerificationViewSchema(VettingVerificationSchema):
    decided_at = String(allow_none=True, metadata={"description": "ISO 8601."})


class VettingViewSchema(Out):
    status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    next_review_due = String(allow_none=True, metadata={"description": "ISO date; after it the vetting lapses."})
    verification = fields.Nested(VettingVerificationViewSchema)


class CapabilityViewSchema(Out):
    code = String()
    status = String(validate=validate.OneOf(models.CAPABILITY_STATUSES))
    notes = String(allow_none=True)
    provenance = fields.Nested(FactProvenanceSchema)


class SearchHitSchema(Out):
    slug = String()
    name = String()
    aliases = fields.List(String())
    country = String()
    city = String()
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(String())
    demo = fields.Boolean(metadata={"description": "A fictional centre of the demo data set."})
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    vetting = fields.Nested(VettingViewSchema)
    accepting_referrals = fields.Boolean()
    sites = fields.List(String())
    capabilities_available = fields.List(String())
    capabilities = fields.List(fields.Nested(CapabilityViewSchema))
    version = fields.Integer()
    score = fields.Float(allow_none=True, metadata={"description": "Text relevance (with q)."})
    distance_km = fields.Float(allow_none=True, metadata={"description": "From `near`."})


class AnsweredBySchema(Out):
    backend = String(metadata={"description": "elasticsearch or local: which backend answered."})
    degraded = String(
        allow_none=True, metadata={"description": "Why the preferred backend did not answer, if it did not."}
    )


class SuggestQuerySchema(Schema):
    q = text(100, required=True, metadata={"description": "What has been typed so far.", "example": "xieh"})
    limit = fields.Integer(
        load_default=8,
        validate=validate.Range(min=1, max=20),
        metadata={"description": "At most this many centres, and this many cities (1 to 20).", "example": 8},
    )


class SuggestionSchema(Out):
    kind = String(
        required=True, validate=validate.OneOf(["centre", "city"]), metadata={"description": "centre or city."}
    )
    text = String(required=True, metadata={"description": "What to show: the centre's name, or the city."})
    matched = String(
        required=True,
        metadata={"description": "The name, alias, romanised name or city that completes what was typed."},
    )
    country = String(required=True)
    slug = String(allow_none=True, metadata={"description": "The centre (centres only)."})
    city = String(allow_none=True, metadata={"description": "The centre's city (centres only)."})


class SuggestResponseSchema(AnsweredBySchema):
    items = fields.List(fields.Nested(SuggestionSchema), required=True)


class SearchResponseSchema(AnsweredBySchema, PageSchema):
    order = String(metadata={"description": "relevance, distance or slug."})
    items = fields.List(fields.Nested(SearchHitSchema))
    facets = fields.Nested(FacetsSchema)


class CaseProfileSchema(Schema):
    """A case, as the clinical rules read it. No name, contact or identity field: none is accepted."""

    service = String(
        validate=validate.Regexp(CODE),
        metadata=vocabulary(
            "services", "The procedure (a service code); bone-cryoablation when absent.", "bone-cryoablation"
        ),
    )
    lesion_site = String(
        required=True,
        validate=validate.Regexp(CODE),
        metadata=vocabulary("sites", "A lesion site the service treats.", "spine"),
    )
    lesion_size_cm = fields.Float(
        validate=validate.Range(min=0, max=50, min_inclusive=False),
        allow_nan=False,
        metadata={"description": "Largest diameter of the lesion, in centimetres.", "example": 3.5},
    )
    lytic = Bool(metadata={"description": "Whether the lesion is lytic.", "example": True})
    cortical_involvement_pct = fields.Float(
        validate=validate.Range(0, 100),
        allow_nan=False,
        metadata={"description": "Share of the cortex involved, %.", "example": 30},
    )
    spinal_canal_distance_mm = fields.Float(
        validate=validate.Range(0, 1000),
        allow_nan=False,
        allow_none=True,
        metadata={
            "description": "Distance from the lesion to the spinal canal, in millimetres; null or absent: not known.",
            "example": 12,
        },
    )
    prior_radiotherapy = Bool(metadata={"description": "Radiotherapy given before to the same site.", "example": False})
    needs_tissue_diagnosis = Bool(
        metadata={"description": "A tissue diagnosis (histology) is needed alongside the treatment.", "example": False}
    )
    disease_extent = String(
        validate=validate.OneOf(rules.DISEASE_EXTENTS),
        metadata={
            "description": "oligometastatic, or diffuse (polyosseous) bone disease.",
            "example": "oligometastatic",
        },
    )
    antiangiogenic_therapy = Bool(
        metadata={"description": "The patient receives antiangiogenic therapy, such as bevacizumab.", "example": False}
    )
    guidance = String(
        validate=validate.Regexp(CODE),
        metadata=vocabulary(
            "capabilities", "Image guidance the case asks for: an imaging capability code.", "mri-guidance"
        ),
    )
    destination_countries = fields.List(
        String(validate=validate.Regexp(COUNTRY)),
        validate=[validate.Length(max=50), _unique],
        metadata={
            "description": "Where the patient may travel: ISO 3166-1 alpha-2 codes, each once, up to 50; empty or "
            "absent: anywhere.",
            "example": ["CN", "IN"],
        },
    )
    languages = fields.List(
        String(validate=validate.Regexp(LANGUAGE)),
        validate=validate.Length(max=10),
        metadata={"description": "Languages the patient speaks (BCP 47), up to 10.", "example": ["en"]},
    )
    budget_usd = fields.Integer(
        validate=validate.Range(min=1, max=10_000_000),
        strict=True,
        metadata={"description": "Budget in USD, whole dollars; not with budget.", "example": 6000},
    )
    budget = fields.Nested(
        lambda: BudgetSchema(),
        metadata={
            "description": "The budget in any currency with an exchange rate; not with budget_usd.",
            "example": {"amount": 40000, "currency": "CNY"},
        },
    )
    budget_max = fields.Integer(
        validate=validate.Range(min=1, max=100_000_000),
        strict=True,
        metadata={
            "description": "A hard maximum, in the budget's currency (USD without one): centres whose lowest "
            "price is above it, or unknown, are left out.",
            "example": 6000,
        },
    )

    @validates_schema
    def _one_budget(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "budget" in data and "budget_usd" in data:
            raise ValidationError("Give budget or budget_usd, not both.", field_name="budget")


class CaseProfileViewSchema(CaseProfileSchema):
    """A case as a referral shows it: codes as plain strings (new vocabulary never breaks a
    client that reads them)."""

    service = String(metadata={"description": "The procedure (a service code)."})
    lesion_site = String(metadata={"description": "The lesion site (a site code)."})
    guidance = String(metadata={"description": "The image guidance asked for (a capability code)."})


class BudgetSchema(Schema):
    amount = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=100_000_000),
        strict=True,
        metadata={"description": "The amount, in whole units of the currency.", "example": 40000},
    )
    currency = String(
        required=True,
        validate=validate.Regexp(CURRENCY),
        metadata={
            "description": "ISO 4217. A currency without an exchange rate (GET /v1/exchange-rates) is a 422.",
            "example": "CNY",
        },
    )


class WaiverInputSchema(Schema):
    rule = String(
        required=True,
        validate=validate.Regexp(CODE),
        metadata=vocabulary("rules", "A required rule's code.", "spine-thermosensor"),
    )
    reason = text(
        2000,
        required=True,
        metadata={
            "description": "Why the rule does not apply to this case, up to 2000 characters (audited).",
            "example": "The treating team will monitor the cord by other means for this case.",
        },
    )


#: A case as the clinical rules read it: no name, contact or identity, by design.
CASE_EXAMPLE = {
    "service": "bone-cryoablation",
    "lesion_site": "pelvis-sacrum",
    "lesion_size_cm": 3.5,
    "lytic": True,
    "destination_countries": ["CN", "IN"],
    "languages": ["en"],
    "budget_usd": 6000,
}


class MatchInputSchema(CaseProfileSchema):
    include_near_misses = Bool(
        load_default=False,
        metadata={"description": "Also return centres that miss requirements, after full matches.", "example": True},
    )
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(1, 50),
        strict=True,
        metadata={"description": "At most this many results, 1 to 50.", "example": 10},
    )
    waive = fields.List(
        fields.Nested(WaiverInputSchema),
        load_default=list,
        validate=[validate.Length(max=10), lambda items: _unique([w["rule"] for w in items])],
        metadata={
            "description": "Required rules set aside for this case, each with a reason (coordinators only; each "
            "rule once, up to 10).",
            "example": [
                {
                    "rule": "spine-thermosensor",
                    "reason": "The treating team will monitor the cord by other means for this case.",
                }
            ],
        },
    )
    explain = fields.List(
        String(validate=validate.Regexp(SLUG)),
        load_default=list,
        validate=[validate.Length(max=20), _unique],
        metadata={
            "description": "Centre slugs: say why each is or is not among the results (each once, up to 20).",
            "example": ["pumch", "tmc-mumbai"],
        },
    )


class RequirementSchema(Out):
    rule = String()
    kind = String()
    code = String(allow_none=True, metadata={"description": "The capability, when only one meets the requirement."})
    any_of = fields.List(String(), metadata={"description": "A centre meets the requirement with any one of these."})
    label = String()
    reason = String()
    unstated = fields.List(String(), metadata={"description": "Applied because the case does not state these fields."})
    waived = fields.Boolean(metadata={"description": "Set aside for this case by a coordinator (see results' waived)."})


class NoteSchema(Out):
    rule = String()
    text = String()


class WaivedSchema(Out):
    rule = String()
    reason = String()
    by = String(metadata={"description": "Who waived it."})


class CostReferencesSchema(Out):
    service = String()
    cost_basis = String(metadata={"description": "What a centre's cost is per (e.g. single-lesion session)."})
    note = String()
    references = fields.List(fields.Nested(CostReferenceSchema))


class MatchCentreSchema(Out):
    slug = String()
    name = String()
    country = String()
    city = String()
    languages = fields.List(String())
    demo = fields.Boolean(metadata={"description": "A fictional centre of the demo data set."})
    vetting_status = String(validate=validate.OneOf(models.VETTING_STATUSES))
    vetting = fields.Nested(VettingViewSchema)
    accepting_referrals = fields.Boolean()


class ScorePartsSchema(Out):
    evidence = fields.Float()
    experience = fields.Float()
    cost = fields.Float()
    access = fields.Float()
    language = fields.Float()


class GapSchema(Out):
    code = String()
    status = String(metadata={"description": "limited, unavailable or not reported."})
    notes = String(allow_none=True, metadata={"description": "The centre's own note on the capability."})
    rule = String(metadata={"description": "The requirement it was asked for."})


class CapabilityUsedSchema(Out):
    code = String()
    rule = String()
    status = String()
    verification = String()
    reported_as = String(metadata={"description": "capability, or imaging (listed with the service offering)."})
    provenance = fields.Nested(FactProvenanceSchema)


class RateViewSchema(Out):
    currency = String()
    usd_per_unit = fields.Float()
    as_of = String(metadata={"description": "ISO date of the rate."})
    source = String()


class UsdCostSchema(Out):
    min = fields.Float()
    max = fields.Float()
    rate = fields.Nested(RateViewSchema, allow_none=True, metadata={"description": "null for a cost in USD."})


class EstimatedCostSchema(Out, CostSchema):
    per = String(allow_none=True, metadata={"description": "What the range is for, e.g. a single-lesion session."})
    usd = fields.Nested(
        UsdCostSchema, allow_none=True, metadata={"description": "In USD with the rate used; null when unknown."}
    )
    usd_unknown_because = String(allow_none=True)


class MatchResultSchema(Out):
    centre = fields.Nested(MatchCentreSchema)
    score = fields.Float()
    score_parts = fields.Nested(ScorePartsSchema)
    met = fields.List(String())
    missing = fields.List(String())
    gaps = fields.List(fields.Nested(GapSchema))
    capabilities_used = fields.List(fields.Nested(CapabilityUsedSchema))
    advisories = fields.List(
        fields.Nested(NoteSchema), metadata={"description": "Notes for the case, on every result."}
    )
    waived = fields.List(fields.Nested(WaivedSchema))
    estimated_cost = fields.Nested(EstimatedCostSchema, allow_none=True)
    unknown = fields.List(
        String(), metadata={"description": "Score parts that could not be known (cost: no USD figure); they count 0."}
    )
    wait_days = fields.Integer(allow_none=True)
    annual_volume = fields.Integer(allow_none=True)
    offering_provenance = fields.Nested(
        FactProvenanceSchema, metadata={"description": "Where the cost, wait, volume and sites come from."}
    )


class MatchSnapshotSchema(MatchResultSchema):
    """How a centre answered a case when it was referred, kept with the referral as it was
    then: whether the centre was eligible and fitted, the reasons, and (when eligible) the
    result as a match would have shown it. Snapshots taken by earlier releases may lack the
    fields marked optional."""

    class Meta:
        optional = (
            *MatchResultSchema._declared_fields.keys() - {"centre"},
            "fits",
            "reasons",
            "case_warnings",
            "why_not",
        )

    vocabulary_version = String()
    service = String()
    requirements = fields.List(fields.Nested(RequirementSchema))
    taken_at = String(metadata={"description": "When it was taken (ISO 8601)."})
    eligible = fields.Boolean(metadata={"description": "Whether the centre passed every filter."})
    fits = fields.Boolean(metadata={"description": "Eligible and meeting every requirement."})
    reasons = fields.List(fields.Nested(lambda: ReasonSchema()), metadata={"description": "Why it does not fit."})
    case_warnings = fields.List(fields.Nested(NoteSchema))
    why_not = fields.List(String(), metadata={"description": "When not eligible: the filters it failed, in words."})


class ReasonGapSchema(Out):
    code = String()
    status = String()
    notes = String(allow_none=True)


class ReasonSchema(Out):
    code = String(metadata={"description": "e.g. not-vetted, not-in-destination, requirement-missing, below-limit."})
    text = String()
    rule = String(metadata={"description": "The requirement missed (requirement reasons only).", "optional": True})
    gaps = fields.List(
        fields.Nested(ReasonGapSchema),
        metadata={"description": "What the centre reports instead (requirement reasons only).", "optional": True},
    )


class ExplanationSchema(Out):
    centre = String()
    name = String(allow_none=True)
    demo = fields.Boolean(allow_none=True)
    included = fields.Boolean()
    position = fields.Integer(allow_none=True, metadata={"description": "Its place in the results, from 1."})
    reasons = fields.List(fields.Nested(ReasonSchema))


class MatchResponseSchema(AnsweredBySchema):
    vocabulary_version = String()
    service = String()
    requirements = fields.List(fields.Nested(RequirementSchema))
    case_warnings = fields.List(fields.Nested(NoteSchema), metadata={"description": "About the case, shown once."})
    context = fields.Nested(CostReferencesSchema)
    results = fields.List(fields.Nested(MatchResultSchema))
    explanations = fields.List(
        fields.Nested(ExplanationSchema), metadata={"description": "When explain was given.", "optional": True}
    )


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


MAX_OVERLAP_SECONDS = int(MAX_OVERLAP.total_seconds())


def _overlap(default: int, meaning: str) -> fields.Integer:
    return fields.Integer(
        load_default=default,
        validate=validate.Range(min=0, max=MAX_OVERLAP_SECONDS),
        metadata={
            "description": f"Seconds {meaning}, from 0 (a leaked secret: at once) to {MAX_OVERLAP_SECONDS} (a "
            f"week). Default {default}.",
            "example": default,
        },
    )


class WebhookRotationSchema(Schema):
    overlap_seconds = _overlap(86400, "the previous secret goes on signing deliveries beside the new one")


class ClientRotationSchema(Schema):
    overlap_seconds = _overlap(0, "the previous secret is still accepted at the token endpoint")


class ClientSecretSchema(Out):
    client_id = String(metadata={"description": "The client whose secret changed."})
    client_secret = String(
        attribute="secret", metadata={"description": "The new secret. Shown only now: it is kept only hashed."}
    )
    previous_secret_until = fields.DateTime(
        allow_none=True,
        metadata={"description": "Until when the previous secret is still accepted; null: not any more."},
    )


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
