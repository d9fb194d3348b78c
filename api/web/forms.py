"""HTML forms into the API's own input, validated by the API's own schemas.

A form sends strings; the API's schemas want JSON types. These pure functions turn one into
the other (an empty field is an absent field; a yes/no/unstated choice is a three-valued
boolean, because the clinical rules treat "not stated" apart from "no") and load the result
through the same marshmallow schema the REST view uses, so that a case is valid in the app
exactly when it is valid over the API. Errors come back per field, as the API would name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from api import schemas

#: Fields of the case profile, by the kind of control that edits them.
NUMBERS = ("lesion_size_cm", "cortical_involvement_pct", "spinal_canal_distance_mm")
CHOICES = ("lytic", "prior_radiotherapy", "needs_tissue_diagnosis", "antiangiogenic_therapy")
TEXTS = ("service", "lesion_site", "disease_extent", "guidance")
LISTS = ("destination_countries", "languages")
INTEGERS = ("budget_max", "limit")


@dataclass
class Loaded:
    data: dict[str, Any] = field(default_factory=dict)
    #: Field name -> messages, for the form to show beside each control.
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text  # the schema says why it is not a number


def _integer(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def _words(values: list[str]) -> list[str]:
    """Several values from one field or several: "CN, IN" and two checked boxes read the same."""
    return [w for value in values for w in value.replace(",", " ").split() if w]


def case_fields(form: MultiDict[str, str]) -> dict[str, Any]:
    """The case profile a match form describes, in the API's JSON shape (not yet validated)."""
    data: dict[str, Any] = {}
    for name in TEXTS:
        if value := form.get(name, "").strip():
            data[name] = value
    for name in NUMBERS:
        if value := form.get(name, "").strip():
            data[name] = _number(value)
    for name in CHOICES:
        choice = form.get(name, "")
        if choice in ("yes", "no"):
            data[name] = choice == "yes"
    for name in LISTS:
        if values := _words(form.getlist(name)):
            data[name] = [v.upper() for v in values] if name == "destination_countries" else values
    amount, currency = form.get("budget_amount", "").strip(), form.get("budget_currency", "").strip().upper()
    if amount:
        data["budget"] = {"amount": _integer(amount), "currency": currency or "USD"}
    if value := form.get("budget_max", "").strip():
        data["budget_max"] = _integer(value)
    return data


def match_input(form: MultiDict[str, str]) -> Loaded:
    """A match request from the match form: the case, near misses, the number of results, and
    the rules a coordinator waives (``waive`` names a rule, ``waive_reason.<rule>`` says why)."""
    data = case_fields(form)
    data["include_near_misses"] = form.get("include_near_misses", "yes") == "yes"
    if value := form.get("limit", "").strip():
        data["limit"] = _integer(value)
    if explain := [slug.lower() for slug in _words(form.getlist("explain"))]:
        data["explain"] = explain
    waivers = [{"rule": rule, "reason": form.get(f"waive_reason.{rule}", "").strip()} for rule in form.getlist("waive")]
    if waivers:
        data["waive"] = waivers
    return load(schemas.MatchInputSchema(), data)


def referral_input(form: MultiDict[str, str], profile: Mapping[str, Any]) -> Loaded:
    """A referral from a match result: the case the coordinator matched, sent to one centre."""
    data: dict[str, Any] = {
        "external_ref": form.get("external_ref", "").strip(),
        "centre": form.get("centre", ""),
        "profile": dict(profile),
        "status": "requested",
    }
    if reason := form.get("override_reason", "").strip():
        data["override_reason"] = reason
    return load(schemas.ReferralCreateSchema(), data)


def load(schema: Schema, data: Mapping[str, Any]) -> Loaded:
    try:
        return Loaded(schema.load(data))
    except ValidationError as error:
        return Loaded(dict(data), flatten(error.messages))


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"budget.amount": [...]}``: one key per control."""
    if isinstance(messages, list):
        return {prefix or "_": [str(m) for m in messages]}
    found: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
            for item in value.values():  # a list's items: their messages under the list's name
                for key_, texts in flatten(item, name).items():
                    found.setdefault(key_, []).extend(texts)
        else:
            found.update(flatten(value, name))
    return found


def capability_input(form: MultiDict[str, str]) -> Loaded:
    """One capability as its centre reports it: a status and notes."""
    data: dict[str, Any] = {"status": form.get("status", ""), "notes": form.get("notes", "").strip() or None}
    return load(schemas.CapabilityInputSchema(), data)


def service_input(form: MultiDict[str, str]) -> Loaded:
    """A service offering: the sites, cost with its currency, wait, yearly volume and imaging."""
    data: dict[str, Any] = {"sites": form.getlist("sites"), "imaging": form.getlist("imaging")}
    for name in ("annual_volume", "wait_days"):
        text = form.get(name, "").strip()
        data[name] = _integer(text) if text else None
    low, high = form.get("cost_min", "").strip(), form.get("cost_max", "").strip()
    currency = form.get("cost_currency", "").strip().upper()
    data["cost"] = {"currency": currency, "min": _integer(low), "max": _integer(high or low)} if low else None
    data["notes"] = form.get("notes", "").strip() or None
    return load(schemas.ServiceInputSchema(), data)


def details_input(form: MultiDict[str, str], fields: frozenset[str]) -> Loaded:
    """The centre's details a person may change (``fields``: what their role may write)."""
    data: dict[str, Any] = {}
    if "contact" in fields:
        contact = {k: form.get(f"contact_{k}", "").strip() for k in ("desk", "email", "phone", "url")}
        data["contact"] = {k: v for k, v in contact.items() if v}
    if "languages" in fields:
        data["languages"] = _words(form.getlist("languages"))
    if "accepting_referrals" in fields:
        data["accepting_referrals"] = form.get("accepting_referrals") == "yes"
    return load(schemas.CentrePatchSchema(), data)


def instant(text: str) -> datetime | None:
    """A date or a date and time typed in a filter (UTC when no zone is given); ValueError when
    it is neither."""
    text = text.strip()
    if not text:
        return None
    found = datetime.fromisoformat(text)
    return found if found.tzinfo else found.replace(tzinfo=UTC)
