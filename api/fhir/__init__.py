"""FHIR R4 at ``/fhir/r4``: the directory's centres as Organization, Location and
HealthcareService, and its vocabulary as CodeSystems, read and searched by partner systems,
behind the same OAuth (``centres:read``), JSON only.

Search parameters are handled strictly: one this server does not support is refused with an
OperationOutcome (400), never ignored, and ``/fhir/r4/metadata`` lists exactly those it does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from api.fhir import resources
from api.oauth import current_identity, requires
from api.problems import ProblemError
from directory.services.centres import CentreFilter
from directory.snapshots import CentreSnapshot

blueprint = Blueprint("fhir", __name__, url_prefix="/fhir/r4")

FHIR_JSON = "application/fhir+json"
DEFAULT_COUNT, MAX_COUNT = 20, 100


class Refused(Exception):
    """A request FHIR-wise wrong: answered with an OperationOutcome."""

    def __init__(self, status: int, code: str, diagnostics: str, expression: str | None = None) -> None:
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics, self.expression = status, code, diagnostics, expression


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # FHIR search parameter type
    documentation: str
    apply: Callable[[dict[str, Any], str], None]  # puts a value into the CentreFilter's fields


def _ids(fields: dict[str, Any], value: str) -> None:
    fields["slugs"] = tuple(v.strip() for v in value.split(",") if v.strip())


def _name(fields: dict[str, Any], value: str) -> None:
    fields["name_starts"] = value


def _name_contains(fields: dict[str, Any], value: str) -> None:
    fields["q"] = value


def _country(fields: dict[str, Any], value: str) -> None:
    if len(value) != 2 or not value.isalpha():
        raise Refused(400, "value", "address-country takes an ISO 3166 two-letter code, e.g. IN.", "address-country")
    fields["country"] = value.upper()


def _active(fields: dict[str, Any], value: str) -> None:
    if value not in ("true", "false"):
        raise Refused(400, "value", "active is true or false.", "active")
    fields["accepting_referrals"] = value == "true"


def _organization(fields: dict[str, Any], value: str) -> None:
    fields["slugs"] = (value.removeprefix("Organization/"),)


def _last_updated(fields: dict[str, Any], value: str) -> None:
    op, instant = value[:2], value[2:]
    if op not in ("gt", "ge", "lt", "le"):
        raise Refused(400, "value", "_lastUpdated takes a prefix gt, ge, lt or le and an instant.", "_lastUpdated")
    try:
        when = datetime.fromisoformat(instant)
    except ValueError:
        raise Refused(400, "value", f"{instant!r} is not a date or an instant.", "_lastUpdated") from None
    if when.tzinfo is None:
        raise Refused(400, "value", "Give the instant with its time zone, e.g. 2026-12-01T00:00:00Z.", "_lastUpdated")
    fields["updated"] = (*fields.get("updated", ()), (op, when))


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


COMMON = (
    Parameter("_id", "token", "Logical ids (the centres' slugs), comma-separated.", _ids),
    Parameter("_lastUpdated", "date", "When the centre last changed: gt, ge, lt or le and an instant.", _last_updated),
    Parameter("address-country", "string", "ISO 3166 two-letter country code.", _country),
)
PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    "Organization": (
        *COMMON,
        Parameter("name", "string", "Name or alias starts with (case-insensitive); name:contains.", _name),
        Parameter("name:contains", "string", "Name or alias contains (case-insensitive).", _name_contains),
        Parameter("active", "token", "Accepting referrals: true or false.", _active),
    ),
    "Location": (
        *COMMON,
        Parameter("organization", "reference", "The centre: Organization/<slug> or <slug>.", _organization),
    ),
    "HealthcareService": (
        Parameter("_id", "token", "Logical ids (<slug>.<service code>), comma-separated.", _service_ids),
        COMMON[1],
        Parameter("organization", "reference", "The centre: Organization/<slug> or <slug>.", _organization),
        Parameter("service-type", "token", "Service codes (CodeSystem services), comma-separated.", _service_type),
        Parameter(
            "characteristic",
            "token",
            "A lesion site treated, or a capability available (CodeSystem lesion-sites or capabilities); "
            "repeat it for all of several.",
            _characteristic,
        ),
        Parameter("active", "token", "Accepting referrals: true or false.", _active),
    ),
}
#: Paging and result controls every search takes.
CONTROLS = ("_count", "_page")
#: Parameters that may be repeated (each occurrence narrows the search).
REPEATABLE = ("_lastUpdated", "characteristic")
BUILDERS: dict[str, Callable[[CentreSnapshot, str], dict[str, Any]]] = {
    "Organization": lambda centre, base: resources.organization(centre, base),
    "Location": lambda centre, base: resources.location(centre),
}


def fhir(body: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    response = current_app.response_class(json.dumps(body), status=status, mimetype=FHIR_JSON)
    response.headers.update(headers or {})
    return response


def base_url() -> str:
    return current_app.config["SETTINGS"].public_url.rstrip("/")


@blueprint.errorhandler(Refused)
def _refused(error: Refused) -> Response:
    return fhir(resources.outcome(error.code, error.diagnostics, expression=error.expression), error.status)


@blueprint.errorhandler(ProblemError)
def _problem(error: ProblemError) -> Response:
    code = {401: "login", 403: "forbidden", 404: "not-found", 429: "throttled"}.get(error.status, "processing")
    return fhir(resources.outcome(code, error.detail), error.status, error.headers)


@blueprint.errorhandler(HTTPException)
def _http(error: HTTPException) -> Response:
    status = error.code or 500
    code = {404: "not-found", 405: "not-supported", 406: "not-supported"}.get(status, "processing")
    return fhir(resources.outcome(code, error.description or error.name), status)


@blueprint.before_request
def _json_only() -> None:
    wanted = request.args.get("_format") or request.headers.get("Accept", "")
    if wanted and "json" not in wanted and "*/*" not in wanted:
        raise Refused(406, "not-supported", "This server speaks FHIR JSON only (application/fhir+json).")


@blueprint.get("/metadata")
def capability_statement() -> Response:
    """What this server supports, exactly: read and search of Organization, Location,
    HealthcareService and CodeSystem, with the search parameters each takes (and no others)."""
    return fhir(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-12-03",
            "publisher": "Partner Directory",
            "kind": "instance",
            "implementation": {"description": "Partner Directory", "url": f"{base_url()}/fhir/r4"},
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "service": [
                            {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                        "code": "OAuth",
                                    }
                                ]
                            }
                        ],
                        "description": "OAuth 2.0 bearer tokens from /oauth/token (or the configured external "
                        "issuer); reading needs the scope centres:read.",
                    },
                    "resource": [
                        {
                            "type": kind,
                            "interaction": [{"code": "read"}, {"code": "search-type"}],
                            "versioning": "versioned",
                            "searchParam": [
                                {"name": p.name, "type": p.type, "documentation": p.documentation}
                                for p in parameters
                                if ":" not in p.name
                            ],
                        }
                        for kind, parameters in PARAMETERS.items()
                    ]
                    + [
                        {
                            "type": "CodeSystem",
                            "interaction": [{"code": "read"}, {"code": "search-type"}],
                            "searchParam": [
                                {"name": "_id", "type": "token", "documentation": ", ".join(resources.CODE_SYSTEMS)}
                            ],
                        }
                    ],
                }
            ],
        }
    )


@blueprint.get("/<kind>/<resource_id>")
@requires("centres:read")
def read(kind: str, resource_id: str) -> Response:
    if kind == "CodeSystem":
        if resource_id not in resources.CODE_SYSTEMS:
            raise Refused(404, "not-found", f"No CodeSystem {resource_id!r}.")
        return fhir(resources.code_system(resource_id, current_app.extensions["search"].vocabulary()))
    slug, _, code = resource_id.partition(".") if kind == "HealthcareService" else (resource_id, "", "")
    _builder(kind)
    centre = current_app.extensions["services"].snapshots.by_slug([slug]).get(slug)
    found = _resources(kind, centre, (code,)) if centre is not None else []
    if not found:
        raise Refused(404, "not-found", f"No {kind} {resource_id!r}.")
    assert centre is not None
    return fhir(found[0], headers={"ETag": f'W/"{centre.version}"', "Last-Modified": _http_date(centre.updated_at)})


def _resources(kind: str, centre: CentreSnapshot, codes: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """A centre's resources of a kind (a HealthcareService per service offering, of ``codes``)."""
    if kind != "HealthcareService":
        return [BUILDERS[kind](centre, base_url())]
    labels = current_app.extensions["search"].vocabulary().code_labels
    return [
        resources.healthcare_service(centre, offering, labels)
        for offering in centre.services
        if not codes or offering.code in codes
    ]


@blueprint.get("/<kind>")
@requires("centres:read")
def search(kind: str) -> Response:
    if kind == "CodeSystem":
        return _code_systems()
    _builder(kind)
    supported = {p.name: p for p in PARAMETERS[kind]}
    fields: dict[str, Any] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name in CONTROLS:
            continue
        if name not in supported:
            raise Refused(400, "not-supported", f"This server does not support the parameter {name!r} on {kind}.", name)
        if len(values) > 1 and name not in REPEATABLE:
            raise Refused(400, "value", f"Give {name} once (separate several values with commas).", name)
        for value in values:
            supported[name].apply(fields, value)
    count = _positive("_count", DEFAULT_COUNT, MAX_COUNT)
    page = _positive("_page", 1, 10_000)
    services = current_app.extensions["services"]
    if kind == "HealthcareService":
        codes, sites = fields.pop("codes", ()), fields.pop("sites", ())
        found = services.centres.offerings(current_identity(), CentreFilter(**fields), codes, sites, page, count)
        pairs = list(found.items)
    else:
        found = services.centres.list(current_identity(), CentreFilter(**fields), page, count)
        pairs = [(c.slug, "") for c in found.items]
    snapshots = services.snapshots.by_slug({slug for slug, _ in pairs})
    entries = [r for slug, code in pairs if slug in snapshots for r in _resources(kind, snapshots[slug], (code,))]
    return fhir(resources.bundle("searchset", entries, found.total, _links(kind, page, count, found.total), base_url()))


def _code_systems() -> Response:
    unknown = [name for name in request.args if name not in ("_id", *CONTROLS)]
    if unknown:
        raise Refused(400, "not-supported", f"This server does not support the parameter {unknown[0]!r} on CodeSystem.")
    wanted = [i for v in request.args.getlist("_id") for i in v.split(",")] or list(resources.CODE_SYSTEMS)
    vocabulary = current_app.extensions["search"].vocabulary()
    entries = [resources.code_system(i, vocabulary) for i in wanted if i in resources.CODE_SYSTEMS]
    return fhir(resources.bundle("searchset", entries, len(entries), {"self": request.url}, base_url()))


def _builder(kind: str) -> None:
    if kind not in PARAMETERS:
        raise Refused(404, "not-supported", f"This server has no resource type {kind!r}: see /fhir/r4/metadata.")


def _positive(name: str, default: int, most: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        raise Refused(400, "value", f"{name} is a whole number from 1 to {most}.", name)
    return int(raw)


def _links(kind: str, page: int, count: int, total: int) -> dict[str, str]:
    kept = [(k, v) for k in request.args for v in request.args.getlist(k) if k != "_page"]

    def at(number: int) -> str:
        return f"{base_url()}/fhir/r4/{kind}?{urlencode([*kept, ('_page', str(number))])}"

    links = {"self": at(page)}
    if page * count < total:
        links["next"] = at(page + 1)
    if page > 1:
        links["previous"] = at(page - 1)
    return links


def _http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)
