"""marshmallow schemas: separate ones for input bodies, query strings and output.

Input schemas raise on unknown fields (marshmallow's default), which is what keeps a client
from setting what it may not (``vetting``, ``version``, ``slug`` on a patch): the field is not
in the schema, so sending it is a 422.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CODE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COUNTRY = r"^[A-Z]{2}$"
CURRENCY = r"^[A-Z]{3}$"
#: BCP 47 language tags, the common shapes (language, optional script, region, variants).
LANGUAGE = r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*$"

MAX_PAGE_SIZE = 100
#: Deep paging is bounded: page × page_size may not pass this.
MAX_WINDOW = 10_000


def text(max_length: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def bounded_list(inner: fields.Field, max_items: int, **kwargs: Any) -> fields.List:
    return fields.List(inner, validate=validate.Length(max=max_items), **kwargs)


def _unique(values: list[Any]) -> None:
    if len(values) != len(set(values)):
        raise ValidationError("Items must be unique.")


# --- shared pieces ----------------------------------------------------------------------------


class LocationSchema(Schema):
    lat = fields.Float(required=True, validate=validate.Range(-90, 90), allow_nan=False)
    lon = fields.Float(required=True, validate=validate.Range(-180, 180), allow_nan=False)


class ContactSchema(Schema):
    desk = text(200, metadata={"description": "The international-patient desk's name."})
    email = fields.Email(validate=validate.Length(max=254))
    phone = text(40)
    url = fields.URL(validate=validate.Length(max=500))


class CostSchema(Schema):
    currency = fields.String(required=True, validate=validate.Regexp(CURRENCY))
    min = fields.Integer(required=True, validate=validate.Range(0, 10_000_000), strict=True)
    max = fields.Integer(required=True, validate=validate.Range(0, 10_000_000), strict=True)

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("min") is not None and data.get("max") is not None and data["min"] > data["max"]:
            raise ValidationError("Must not be greater than max.", field_name="min")


class PaginationQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_WINDOW))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))

    @validates_schema
    def _window(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("page", 1) * data.get("page_size", 20) > MAX_WINDOW:
            raise ValidationError(
                f"page × page_size may not exceed {MAX_WINDOW}; narrow the filters instead.",
                field_name="page",
            )


class PageSchema(Schema):
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


# --- centres: input ---------------------------------------------------------------------------


class CentreFieldsSchema(Schema):
    """The centre fields a client may write (which ones, depends on its role)."""

    name = text(200)
    aliases = fields.List(text(200), validate=[validate.Length(max=20), _unique])
    country = fields.String(validate=validate.Regexp(COUNTRY), metadata={"description": "ISO 3166-1 alpha-2."})
    city = text(100)
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(
        fields.String(validate=validate.Regexp(LANGUAGE)),
        validate=[validate.Length(max=20), _unique],
        metadata={"description": "BCP 47 language tags."},
    )
    accreditations = bounded_list(text(100), 20)
    accepting_referrals = fields.Boolean()
    contact = fields.Nested(ContactSchema)


class CentreCreateSchema(CentreFieldsSchema):
    slug = fields.String(required=True, validate=[validate.Length(min=2, max=64), validate.Regexp(SLUG)])
    name = text(200, required=True)
    country = fields.String(required=True, validate=validate.Regexp(COUNTRY))
    city = text(100, required=True)


class CentrePatchSchema(CentreFieldsSchema):
    @validates_schema
    def _not_empty(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("Give at least one field to change.", field_name="_schema")


class CapabilityInputSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["available", "limited", "unavailable"]))
    notes = fields.String(validate=validate.Length(max=2000), allow_none=True)


class ServiceInputSchema(Schema):
    sites = fields.List(
        fields.String(validate=validate.Regexp(CODE)),
        required=True,
        validate=[validate.Length(min=1, max=10), _unique],
    )
    annual_volume = fields.Integer(validate=validate.Range(0, 1_000_000), allow_none=True, strict=True)
    cost = fields.Nested(CostSchema, allow_none=True)
    wait_days = fields.Integer(validate=validate.Range(0, 3650), allow_none=True, strict=True)
    imaging = fields.List(fields.String(validate=validate.Regexp(CODE)), validate=[validate.Length(max=10), _unique])
    notes = fields.String(validate=validate.Length(max=2000), allow_none=True)


class VettingInputSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["vetted", "pending", "suspended", "lapsed"]))
    reason = fields.String(validate=validate.Length(max=2000), allow_none=True)

    @validates_schema
    def _reason(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("status") in ("suspended", "lapsed") and not (data.get("reason") or "").strip():
            raise ValidationError("Say why a centre is suspended or lapsed.", field_name="reason")


class VerificationInputSchema(Schema):
    note = fields.String(validate=validate.Length(max=2000), allow_none=True)


class CentreQuerySchema(PaginationQuerySchema):
    country = fields.String(validate=validate.Regexp(COUNTRY))
    city = text(100)
    site = fields.List(fields.String(validate=validate.Regexp(CODE)), validate=validate.Length(max=5))
    capability = fields.List(fields.String(validate=validate.Regexp(CODE)), validate=validate.Length(max=20))
    vetting_status = fields.String(validate=validate.OneOf(["vetted", "pending", "suspended", "lapsed"]))
    accepting_referrals = fields.Boolean()
    language = fields.List(fields.String(validate=validate.Regexp(LANGUAGE)), validate=validate.Length(max=10))
    q = text(200, metadata={"description": "Part of the name or an alias, case-insensitive."})


# --- centres: output --------------------------------------------------------------------------


class VerificationSchema(Schema):
    status = fields.String(metadata={"description": "unverified, self-reported or verified."})
    reported_by = fields.String()
    reported_at = fields.DateTime()
    verified_by = fields.String(allow_none=True)
    verified_at = fields.DateTime(allow_none=True)
    source = fields.String(allow_none=True)


class CapabilitySchema(Schema):
    code = fields.String()
    status = fields.String()
    notes = fields.String(allow_none=True)
    verification = fields.Nested(VerificationSchema, attribute="verification_info")


class ServiceSchema(Schema):
    code = fields.String()
    sites = fields.List(fields.String())
    annual_volume = fields.Integer(allow_none=True)
    cost = fields.Nested(CostSchema, allow_none=True)
    wait_days = fields.Integer(allow_none=True)
    imaging = fields.List(fields.String())
    notes = fields.String(allow_none=True)
    verification = fields.Nested(VerificationSchema, attribute="verification_info")


class VettingSchema(Schema):
    status = fields.String()
    reason = fields.String(allow_none=True)
    vetted_at = fields.DateTime(allow_none=True)
    vetted_by = fields.String(allow_none=True)
    next_review_due = fields.Date(allow_none=True)


class ProvenanceSchema(Schema):
    source = fields.String()
    verification = fields.String()


class CentreSchema(Schema):
    slug = fields.String()
    name = fields.String()
    aliases = fields.List(fields.String())
    country = fields.String()
    city = fields.String()
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(fields.String())
    accreditations = fields.List(fields.String())
    accepting_referrals = fields.Boolean()
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


class SiteSchema(Schema):
    code = fields.String()
    label = fields.String()
    approach = fields.String()
    key_consideration = fields.String()
    adjunct_note = fields.String()
    source = fields.String()


class CapabilityTypeSchema(Schema):
    code = fields.String()
    label = fields.String()
    category = fields.String()
    description = fields.String()


class ServiceTypeSchema(Schema):
    code = fields.String()
    label = fields.String()
    description = fields.String()


class ConditionSchema(Schema):
    field = fields.String()
    op = fields.String()
    value = fields.Raw()


class RuleSchema(Schema):
    code = fields.String()
    site = fields.String()
    requires = fields.String()
    kind = fields.String()
    condition = fields.Nested(ConditionSchema, allow_none=True)
    applies = fields.String(metadata={"description": "The condition in words."})
    reason = fields.String()
    source = fields.String()


class VocabularySchema(Schema):
    version = fields.String()
    name = fields.String()
    source = fields.String()
    sites = fields.List(fields.Nested(SiteSchema))
    capabilities = fields.List(fields.Nested(CapabilityTypeSchema))
    services = fields.List(fields.Nested(ServiceTypeSchema))
    rules = fields.List(fields.Nested(RuleSchema))
    ranking = fields.Dict()


# --- audit ------------------------------------------------------------------------------------


class AuditQuerySchema(PaginationQuerySchema):
    entity_type = text(40)
    entity_id = text(100)
    client_id = text(100)
    action = text(60)
    outcome = fields.String(validate=validate.OneOf(["success", "denied"]))
    since = fields.AwareDateTime(default_timezone=None)
    until = fields.AwareDateTime(default_timezone=None)


class AuditEventSchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    request_id = fields.String(allow_none=True)
    client_id = fields.String()
    subject = fields.String(allow_none=True)
    role = fields.String()
    actor_centre = fields.String(allow_none=True)
    token_id = fields.String(allow_none=True)
    action = fields.String()
    entity_type = fields.String()
    entity_id = fields.String()
    entity_version = fields.Integer(allow_none=True)
    outcome = fields.String()
    changes = fields.Dict()
    reason = fields.String(allow_none=True)


class AuditPageSchema(PageSchema):
    items = fields.List(fields.Nested(AuditEventSchema))
