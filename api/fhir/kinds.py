"""The resource types this FHIR server serves, each with the scope that reads it, the search
parameters it takes (and no others), how its resources are found, and what it can include.

Three families: the directory's (one or more resources per centre, built from the centre's
snapshot), the referrals' (Task and ServiceRequest, one each per referral the caller may see),
and fixed ones (CodeSystem, Endpoint, Group). Parameters are data: each puts its value into
the filter's fields, and the services do the finding.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app

from api.fhir import referrals, resources
from directory.identity import Identity
from directory.models import Referral
from directory.services.centres import CentreFilter
from directory.services.referrals import ReferralFilter
from directory.snapshots import CentreSnapshot


class Refused(Exception):
    """A request FHIR-wise wrong: answered with an OperationOutcome."""

    def __init__(
        self,
        status: int,
        code: str,
        diagnostics: str,
        expression: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics, self.expression = status, code, diagnostics, expression
        self.headers = headers or {}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # FHIR search parameter type
    documentation: str
    apply: Callable[[dict[str, Any], str], None]  # puts a value into the filter's fields
    repeatable: bool = False  # each occurrence narrows the search


# --- values into filter fields ------------------------------------------------------------------


def _ids(key: str) -> Callable[[dict[str, Any], str], None]:
    def apply(fields: dict[str, Any], value: str) -> None:
        fields[key] = tuple(v.strip() for v in value.split(",") if v.strip())

    return apply


def _set(key: str, convert: Callable[[str], Any] = str) -> Callable[[dict[str, Any], str], None]:
    def apply(fields: dict[str, Any], value: str) -> None:
        fields[key] = convert(value)

    return apply


def _country(value: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise Refused(400, "value", "address-country takes an ISO 3166 two-letter code, e.g. IN.", "address-country")
    return value.upper()


def _boolean(name: str) -> Callable[[str], bool]:
    def convert(value: str) -> bool:
        if value not in ("true", "false"):
            raise Refused(400, "value", f"{name} is true or false.", name)
        return value == "true"

    return convert


#: A date search's prefixes, as comparisons of a time with the value's range [start, end).
DATE_PREFIXES = {
    "eq": (("ge", 0), ("lt", 1)),
    "gt": (("ge", 1),),
    "ge": (("ge", 0),),
    "lt": (("lt", 0),),
    "le": (("lt", 1),),
}


def _last_updated(fields: dict[str, Any], value: str) -> None:
    """A date search (prefix eq, the default, gt, ge, lt or le): a value stands for the range
    of its precision: a year, month or day (in UTC, the server's zone), a minute, a second, or
    the instant itself when it has a fraction of a second (as every meta.lastUpdated here)."""
    prefix = value[:2] if value[:2].isalpha() else "eq"
    if prefix not in DATE_PREFIXES:
        raise Refused(400, "value", "_lastUpdated's prefix is eq, gt, ge, lt or le.", "_lastUpdated")
    bounds = _date_range(value.removeprefix(prefix) if value[:2].isalpha() else value)
    fields["updated"] = (*fields.get("updated", ()), *((op, bounds[i]) for op, i in DATE_PREFIXES[prefix]))


def _date_range(text: str) -> tuple[datetime, datetime]:
    try:
        if len(text) == 4 and text.isdigit():
            start = datetime(int(text), 1, 1, tzinfo=UTC)
            return start, start.replace(year=start.year + 1)
        if len(text) == 7:
            start = datetime.strptime(text, "%Y-%m").replace(tzinfo=UTC)
            return start, (start + timedelta(days=32)).replace(day=1)
        if len(text) == 10:
            start = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return start, start + timedelta(days=1)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(400, "value", f"{text!r} is not a date or an instant.", "_lastUpdated") from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    clock = text.partition("T")[2].rstrip("Z").split("+")[0].split("-")[0]  # the time, without its zone
    precision = {1: timedelta(minutes=1), 2: timedelta(seconds=1)}.get(clock.count(":"), timedelta(minutes=1))
    return when, when + (timedelta(microseconds=1) if "." in clock else precision)


def _token(value: str) -> str:
    """A token's code (``system|code`` or ``code``)."""
    return value.rsplit("|", 1)[-1]


def _service_type(fields: dict[str, Any], value: str) -> None:
    fields["codes"] = tuple(_token(v) for v in value.split(","))


def _characteristic(fields: dict[str, Any], value: str) -> None:
    """A lesion site the service treats, or a capability the centre has available."""
    code = _token(value)
    capabilities = current_app.extensions["search"].vocabulary().labels  # capability code -> label
    key = "capabilities" if code in capabilities else "sites"
    fields[key] = (*fields.get(key, ()), code)


def _service_ids(fields: dict[str, Any], value: str) -> None:
    pairs = [v.strip().partition(".") for v in value.split(",") if v.strip()]
    fields["slugs"] = tuple(slug for slug, _, _ in pairs)
    fields["codes"] = tuple(code for _, _, code in pairs)


#: near's units (UCUM, and the words people use), in kilometres.
DISTANCE_UNITS = {"km": 1.0, "m": 0.001, "mi": 1.609344, "[mi_i]": 1.609344}
DEFAULT_DISTANCE_KM = 50.0


def _near(fields: dict[str, Any], value: str) -> None:
    """``latitude|longitude|distance|units`` (distance 50 and units km when left out)."""
    parts = value.split("|")
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
        distance = float(parts[2]) if len(parts) > 2 and parts[2] else DEFAULT_DISTANCE_KM
    except (ValueError, IndexError):
        raise Refused(
            400, "value", "near is latitude|longitude|distance|units, e.g. 39.91|116.41|50|km.", "near"
        ) from None
    units = parts[3] if len(parts) > 3 and parts[3] else "km"
    if units not in DISTANCE_UNITS:
        raise Refused(400, "value", f"near's units are one of {', '.join(DISTANCE_UNITS)}.", "near")
    if len(parts) > 4 or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Refused(400, "value", "near's latitude is -90 to 90 and longitude -180 to 180.", "near")
    if not (math.isfinite(distance) and 0 < distance <= 40_000 / DISTANCE_UNITS[units]):
        raise Refused(400, "value", "near's distance is positive, at most around the earth.", "near")
    fields["near"] = (latitude, longitude, distance * DISTANCE_UNITS[units])


def _statuses(fields: dict[str, Any], value: str) -> None:
    wanted = tuple(_token(v) for v in value.split(","))
    unknown = [s for s in wanted if s not in referrals.REQUEST_STATUS]
    if unknown:
        raise Refused(400, "value", f"{unknown[0]!r} is not a Task status this server uses.", "status")
    fields["statuses"] = wanted


def centre_reference(
    name: str, key: str = "slugs", documentation: str = "The centre: Organization/<slug> or <slug>."
) -> Parameter:
    """A parameter naming centres, Organization/<slug> or <slug>: several, comma-separated, for
    a directory search; one for a referral's (``key="centre"``)."""

    def apply(fields: dict[str, Any], value: str) -> None:
        slugs = tuple(v.strip().removeprefix("Organization/") for v in value.split(",") if v.strip())
        if key == "centre" and len(slugs) != 1:
            raise Refused(400, "value", f"{name} names one centre.", name)
        fields[key] = slugs if key == "slugs" else slugs[0]

    return Parameter(name, "reference", documentation, apply)


LAST_UPDATED = Parameter(
    "_lastUpdated", "date", "Last changed: gt, ge, lt or le and an instant; repeat for a range.", _last_updated, True
)
CENTRE_ID = Parameter("_id", "token", "Logical ids (the centres' slugs), comma-separated.", _ids("slugs"))
COUNTRY = Parameter("address-country", "string", "ISO 3166 two-letter country code.", _set("country", _country))


# --- the kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A page of matches: the resources, the total, and what includes are built from."""

    resources: list[dict[str, Any]]
    total: int
    more: bool
    centres: dict[str, CentreSnapshot] = field(default_factory=dict)
    referrals: list[Referral] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    name: str
    scopes: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    documentation: str
    #: Includes: "_include" or "_revinclude" value -> the kind it brings in.
    includes: dict[str, str] = field(default_factory=dict)
    versioned: bool = True

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


CENTRES_READ = ("centres:read",)
REFERRALS_READ = ("referrals:read",)
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "Organization",
            CENTRES_READ,
            (
                CENTRE_ID,
                LAST_UPDATED,
                COUNTRY,
                Parameter("name", "string", "Name or alias starts with (case-insensitive).", _set("name_starts")),
                Parameter("name:contains", "string", "Name or alias contains (case-insensitive).", _set("q")),
                Parameter(
                    "active",
                    "token",
                    "Accepting referrals: true or false.",
                    _set("accepting_referrals", _boolean("active")),
                ),
            ),
            "A partner centre: names and aliases, contact, active = accepting referrals.",
            {
                "_revinclude=Location:organization": "Location",
                "_revinclude=HealthcareService:organization": "HealthcareService",
                "_revinclude=OrganizationAffiliation:participating-organization": "OrganizationAffiliation",
                "_revinclude=VerificationResult:target": "VerificationResult",
            },
        ),
        Kind(
            "Location",
            CENTRES_READ,
            (
                CENTRE_ID,
                LAST_UPDATED,
                COUNTRY,
                centre_reference("organization"),
                Parameter(
                    "near", "special", "latitude|longitude|distance|units (km, m, mi): within the distance.", _near
                ),
            ),
            "Where a centre is: its address and position.",
            {"_include=Location:organization": "Organization"},
        ),
        Kind(
            "HealthcareService",
            CENTRES_READ,
            (
                Parameter("_id", "token", "Logical ids (<slug>.<service code>), comma-separated.", _service_ids),
                LAST_UPDATED,
                centre_reference("organization"),
                Parameter(
                    "service-type", "token", "Service codes (CodeSystem services), comma-separated.", _service_type
                ),
                Parameter(
                    "characteristic",
                    "token",
                    "A lesion site treated, or a capability available (CodeSystem lesion-sites or capabilities); "
                    "repeat it for all of several.",
                    _characteristic,
                    True,
                ),
                Parameter(
                    "active",
                    "token",
                    "Accepting referrals: true or false.",
                    _set("accepting_referrals", _boolean("active")),
                ),
            ),
            "One service a centre offers: sites, capabilities, languages, cost, wait and volume.",
            {
                "_include=HealthcareService:organization": "Organization",
                "_include=HealthcareService:location": "Location",
            },
        ),
        Kind(
            "OrganizationAffiliation",
            CENTRES_READ,
            (
                CENTRE_ID,
                LAST_UPDATED,
                centre_reference("participating-organization"),
                Parameter("active", "token", "A vetted member now: true or false.", _set("vetted", _boolean("active"))),
            ),
            "A centre's membership of the network: active while vetted.",
            {
                "_include=OrganizationAffiliation:participating-organization": "Organization",
                "_include=OrganizationAffiliation:location": "Location",
                "_include=OrganizationAffiliation:service": "HealthcareService",
                "_include=OrganizationAffiliation:endpoint": "Endpoint",
            },
        ),
        Kind(
            "VerificationResult",
            CENTRES_READ,
            (
                centre_reference(
                    "target", "slugs", "The centre's Organization/<slug> (its vetting and every fact it reports)."
                ),
                LAST_UPDATED,
            ),
            "How far a centre's vetting and each fact it reports are checked: by whom, when, on what.",
        ),
        Kind(
            "Task",
            REFERRALS_READ,
            (
                Parameter("_id", "token", "Referral ids, comma-separated.", _ids("ids")),
                LAST_UPDATED,
                Parameter("status", "token", "Task statuses, comma-separated.", _statuses),
                centre_reference("owner", "centre"),
            ),
            "A referral: its workflow status, owner (the centre) and why it was rejected or ended. "
            "Update its status with PUT and If-Match.",
            {"_include=Task:focus": "ServiceRequest", "_include=Task:owner": "Organization"},
        ),
        Kind(
            "ServiceRequest",
            REFERRALS_READ,
            (
                Parameter("_id", "token", "Referral ids, comma-separated.", _ids("ids")),
                LAST_UPDATED,
                centre_reference("performer", "centre"),
            ),
            "What a referral asks of the centre: service, lesion site and the case's findings; no patient identity.",
            {"_include=ServiceRequest:performer": "Organization"},
        ),
        Kind(
            "CodeSystem",
            CENTRES_READ,
            (Parameter("_id", "token", "Code system ids.", _ids("ids")),),
            "The vocabulary's and the referrals' code systems.",
            versioned=False,
        ),
        Kind(
            "Endpoint",
            CENTRES_READ,
            (Parameter("_id", "token", "Endpoint ids.", _ids("ids")),),
            "This FHIR API.",
            versioned=False,
        ),
        Kind(
            "Group",
            CENTRES_READ,
            (Parameter("_id", "token", "Group ids.", _ids("ids")),),
            "The network, for Group-level bulk export.",
            versioned=False,
        ),
    )
}
CENTRE_KINDS = ("Organization", "Location", "HealthcareService", "OrganizationAffiliation", "VerificationResult")
REFERRAL_KINDS = ("Task", "ServiceRequest")
FIXED_KINDS = ("CodeSystem", "Endpoint", "Group")


def kind(name: str) -> Kind:
    found = KINDS.get(name)
    if found is None:
        raise Refused(404, "not-supported", f"This server has no resource type {name!r}: see /fhir/r4/metadata.")
    return found


# --- building -----------------------------------------------------------------------------------


def labels() -> dict[str, str]:
    return current_app.extensions["search"].vocabulary().code_labels


def of_centre(name: str, centre: CentreSnapshot, base: str, codes: Iterable[str] = ()) -> list[dict[str, Any]]:
    """A centre's resources of one kind (HealthcareServices of ``codes`` only, when given)."""
    if name == "Organization":
        return [resources.organization(centre, base)]
    if name == "Location":
        return [resources.location(centre)]
    if name == "OrganizationAffiliation":
        return [resources.affiliation(centre)]
    if name == "VerificationResult":
        return resources.verification_results(centre)
    wanted = set(codes)
    words = labels()
    return [resources.healthcare_service(centre, o, words) for o in centre.services if not wanted or o.code in wanted]


def of_referral(name: str, referral: Referral) -> dict[str, Any]:
    return referrals.task(referral) if name == "Task" else referrals.service_request(referral, labels())


def fixed(name: str, base: str) -> list[dict[str, Any]]:
    """Every resource of a fixed kind."""
    if name == "Endpoint":
        return [resources.endpoint(base)]
    if name == "Group":
        return [resources.network_group()]
    vocabulary = current_app.extensions["search"].vocabulary()
    return [resources.code_system(i, vocabulary) for i in resources.CODE_SYSTEMS] + [
        referrals.code_system(i) for i in referrals.CODE_SYSTEMS
    ]


def find(k: Kind, identity: Identity, fields: dict[str, Any], page: int, count: int, base: str) -> Found:
    """A page of ``k``'s resources that the search's ``fields`` select."""
    services = current_app.extensions["services"]
    if k.name in REFERRAL_KINDS:
        listed = services.referrals.list(identity, ReferralFilter(**fields), page, max(count, 1))
        rows = listed.items if count else []
        more = page * listed.page_size < listed.total
        return Found([of_referral(k.name, r) for r in rows], listed.total, more, referrals=list(rows))
    if k.name in FIXED_KINDS:
        ids = fields.get("ids")
        everything = [r for r in fixed(k.name, base) if not ids or r["id"] in ids]
        start = (page - 1) * count
        return Found(everything[start : start + count], len(everything), start + count < len(everything))
    if k.name == "HealthcareService":
        codes, sites = fields.pop("codes", ()), fields.pop("sites", ())
        listed = services.centres.offerings(identity, CentreFilter(**fields), codes, sites, page, max(count, 1))
        pairs: Sequence[tuple[str, str]] = listed.items if count else []
    else:
        listed = services.centres.list(identity, CentreFilter(**fields), page, max(count, 1))
        pairs = [(c.slug, "") for c in listed.items] if count else []
    snapshots = services.snapshots.by_slug({slug for slug, _ in pairs})
    found = [
        r
        for slug, code in pairs
        if slug in snapshots
        for r in of_centre(k.name, snapshots[slug], base, [code] if code else [])
    ]
    more = page * listed.page_size < listed.total
    if k.name == "VerificationResult":  # a page is that of its centres: a vetting and their facts each
        return Found(found, services.centres.fact_count(identity, CentreFilter(**fields)), more, snapshots)
    return Found(found, listed.total, more, snapshots)


def included(k: Kind, wanted: str, found: Found, base: str) -> list[dict[str, Any]]:
    """What an ``_include``/``_revinclude`` brings in for a page of matches."""
    other = k.includes[wanted]
    if other == "Endpoint":
        return [resources.endpoint(base)] if found.resources else []
    if k.name in REFERRAL_KINDS:
        if other == "ServiceRequest":
            return [of_referral(other, r) for r in found.referrals]
        services = current_app.extensions["services"]
        centres = services.snapshots.by_slug({r.centre.slug for r in found.referrals})
        return [resources.organization(c, base) for c in centres.values()]
    brought: list[dict[str, Any]] = []
    for slug, centre in sorted(found.centres.items()):
        extra = of_centre(other, centre, base)
        if other == "VerificationResult":  # those whose target is the Organization itself
            extra = [r for r in extra if {"reference": f"Organization/{slug}"} in r["target"]]
        brought += extra
    return brought
