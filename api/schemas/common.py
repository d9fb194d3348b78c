"""What every resource's schemas share: the field types (bounded strings, booleans, lists),
the output base (every field required unless it says optional), locations, contacts,
costs, pages and their links, and the closed patterns (slugs, codes, countries)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates_schema

from directory.services.clients import MAX_OVERLAP

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


def unique_items(values: list[Any]) -> None:
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


MAX_OVERLAP_SECONDS = int(MAX_OVERLAP.total_seconds())


class Whole(fields.Integer):
    """An integer as JSON Schema means one: 60 and 60.0, but not 60.5, 2.5e-42, "60" or true
    (marshmallow's own Integer truncates the fractions, and its strict mode refuses 60.0)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid", input=value)
        return int(super()._deserialize(int(value), attr, data, **kwargs))


def overlap_field(default: int, meaning: str) -> fields.Integer:
    return Whole(
        load_default=default,
        validate=validate.Range(min=0, max=MAX_OVERLAP_SECONDS),
        metadata={
            "description": f"Seconds {meaning}, from 0 (a leaked secret: at once) to {MAX_OVERLAP_SECONDS} (a "
            f"week). Default {default}.",
            "example": default,
        },
    )
