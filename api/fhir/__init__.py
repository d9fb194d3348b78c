"""FHIR R4 at ``/fhir/r4``: the directory (Organization, Location, HealthcareService,
OrganizationAffiliation, VerificationResult), referrals (Task with ServiceRequest), the
vocabulary as CodeSystems, this API as an Endpoint and the network as a Group, read and
searched by partner systems behind the same OAuth, JSON only; a referral's Task is moved
along by updating its status; bulk export (``$export``) in :mod:`api.fhir.bulk`.

Scopes: reading the directory needs ``centres:read``; Task and ServiceRequest
``referrals:read``, and a Task update ``referrals:write`` or ``referrals:respond``, as on /v1.
Search parameters are handled strictly: one this server does not support is refused with an
OperationOutcome (400), never ignored, and ``/fhir/r4/metadata`` lists exactly those it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import HTTPException

from api.fhir import referrals, resources
from api.fhir.kinds import (
    FIXED_KINDS,
    KINDS,
    REFERRAL_KINDS,
    Found,
    Kind,
    Refused,
    find,
    fixed,
    included,
    kind,
    of_centre,
    of_referral,
)
from api.oauth import admit
from api.problems import DOMAIN_PROBLEMS, ProblemError
from directory import errors
from directory.uow import UnitOfWork

blueprint = Blueprint("fhir", __name__, url_prefix="/fhir/r4")

FHIR_JSON = "application/fhir+json"
DEFAULT_COUNT, MAX_COUNT = 20, 100
#: Paging and result controls every search takes.
CONTROLS = ("_count", "_page", "_include", "_revinclude", "_format")
#: Who may move a referral's Task along (as on /v1/referrals/<id>/transitions).
TASK_WRITE = ("referrals:write", "referrals:respond")
#: A domain refusal's FHIR issue type (its status is the API's, api.problems.DOMAIN_PROBLEMS).
ISSUE_TYPES: dict[type[errors.DirectoryError], str] = {
    errors.NotFound: "not-found",
    errors.PermissionDenied: "forbidden",
    errors.InvalidInput: "business-rule",
    errors.Conflict: "business-rule",
    errors.PreconditionRequired: "required",
    errors.PreconditionFailed: "conflict",
}


def fhir(body: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    response = current_app.response_class(json.dumps(body), status=status, mimetype=FHIR_JSON)
    response.headers.update(headers or {})
    return response


def base_url() -> str:
    return current_app.config["SETTINGS"].public_url.rstrip("/")


@blueprint.errorhandler(Refused)
def _refused(error: Refused) -> Response:
    outcome = resources.outcome(error.code, error.diagnostics, expression=error.expression)
    return fhir(outcome, error.status, error.headers)


@blueprint.errorhandler(ProblemError)
def _problem(error: ProblemError) -> Response:
    code = {401: "login", 403: "forbidden", 404: "not-found", 429: "throttled"}.get(error.status, "processing")
    return fhir(resources.outcome(code, error.detail), error.status, error.headers)


@blueprint.errorhandler(errors.DirectoryError)
def _domain(error: errors.DirectoryError) -> Response:
    kind = next((t for t in ISSUE_TYPES if isinstance(error, t)), None)
    status, code = (DOMAIN_PROBLEMS[kind][0], ISSUE_TYPES[kind]) if kind else (400, "processing")
    detail = str(error.detail)
    if "allowed" in error.extra:
        detail += f" (allowed: {', '.join(error.extra['allowed']) or 'none'})"
    if isinstance(error, errors.InvalidInput):
        detail += " " + " ".join(f"{field}: {' '.join(map(str, why))}" for field, why in error.errors.items())
    headers = {"ETag": f'W/"{error.extra["current_version"]}"'} if "current_version" in error.extra else {}
    return fhir(resources.outcome(code, detail), status, headers)


@blueprint.errorhandler(HTTPException)
def _http(error: HTTPException) -> Response:
    status = error.code or 500
    code = {404: "not-found", 405: "not-supported", 406: "not-supported", 415: "not-supported"}.get(
        status, "processing"
    )
    return fhir(resources.outcome(code, error.description or error.name), status)


@blueprint.before_request
def _json_only() -> None:
    wanted = request.args.get("_format") or request.headers.get("Accept", "")
    if wanted and "json" not in wanted and "*/*" not in wanted:
        raise Refused(406, "not-supported", "This server speaks FHIR JSON only (application/fhir+json).")


@blueprint.get("/metadata")
def capability_statement() -> Response:
    """What this server supports, exactly: per resource type its interactions, search
    parameters (and no others) and includes; bulk export at system and Group level."""
    from api.fhir.bulk import EXPORT_OPERATION

    def described(k: Kind) -> dict[str, Any]:
        interactions = [{"code": "read"}, {"code": "search-type"}]
        if k.name == "Task":
            interactions.append({"code": "update"})
        entry: dict[str, Any] = {
            "type": k.name,
            "documentation": k.documentation,
            "interaction": interactions,
            "versioning": "versioned" if k.versioned else "no-version",
            "searchParam": [
                {"name": p.name, "type": p.type, "documentation": p.documentation}
                for p in k.parameters
                if ":" not in p.name
            ],
        }
        for control in ("_include", "_revinclude"):
            pairs = [w.partition("=")[2] for w in k.includes if w.startswith(f"{control}=")]
            if pairs:
                entry["searchInclude" if control == "_include" else "searchRevInclude"] = pairs
        if k.name == "Task":
            entry["conditionalUpdate"] = False
            entry["updateCreate"] = False
        if k.name == "Group":
            entry["operation"] = [EXPORT_OPERATION]
        return entry

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
                        "issuer). The directory's resources need centres:read; Task and ServiceRequest "
                        "referrals:read; a Task update referrals:write or referrals:respond; $export "
                        "centres:read (and includes referrals only with referrals:read).",
                    },
                    "resource": [described(k) for k in KINDS.values()],
                    "operation": [EXPORT_OPERATION],
                }
            ],
        }
    )


@blueprint.get("/<kind_name>/<resource_id>")
def read(kind_name: str, resource_id: str) -> Response:
    k = kind(kind_name)
    identity = admit(k.scopes)
    services = current_app.extensions["services"]
    if k.name in REFERRAL_KINDS:
        referral = services.referrals.get(identity, resource_id)
        return _versioned(of_referral(k.name, referral), referral.version, referral.updated_at)
    if k.name in FIXED_KINDS:
        resource = next((r for r in fixed(k.name, base_url()) if r["id"] == resource_id), None)
        if resource is None:
            raise Refused(404, "not-found", f"No {k.name} {resource_id!r}.")
        return fhir(resource)
    slug = resource_id.partition(".")[0]
    centre = services.snapshots.by_slug([slug]).get(slug)
    found = of_centre(k.name, centre, base_url()) if centre is not None else []
    resource = next((r for r in found if r["id"] == resource_id), None)
    if resource is None or centre is None:
        raise Refused(404, "not-found", f"No {k.name} {resource_id!r}.")
    return _versioned(resource, centre.version, centre.updated_at)


def _versioned(resource: dict[str, Any], version: int, updated_at: datetime) -> Response:
    headers = {"ETag": f'W/"{version}"', "Last-Modified": format_datetime(updated_at, usegmt=True)}
    if request.method == "GET" and headers["ETag"] in _tags(request.headers.get("If-None-Match", "")):
        return current_app.response_class(status=304, headers=headers)
    return fhir(resource, headers=headers)


def _tags(header: str) -> set[str]:
    """The ETags an If-None-Match names (weak or not: a FHIR version is one either way)."""
    return {tag if tag.startswith("W/") else f"W/{tag}" for tag in (t.strip() for t in header.split(",")) if tag}


@blueprint.get("/<kind_name>")
def search(kind_name: str) -> Response:
    k = kind(kind_name)
    identity = admit(k.scopes)
    fields: dict[str, Any] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name in CONTROLS:
            continue
        parameter = k.parameter(name)
        if parameter is None:
            raise Refused(
                400, "not-supported", f"This server does not support the parameter {name!r} on {k.name}.", name
            )
        if len(values) > 1 and not parameter.repeatable:
            raise Refused(400, "value", f"Give {name} once (separate several values with commas).", name)
        for value in values:
            parameter.apply(fields, value)
    wanted = [f"{control}={v}" for control in ("_include", "_revinclude") for v in request.args.getlist(control)]
    for include in wanted:
        if include not in k.includes:
            supported = ", ".join(k.includes) or "none"
            raise Refused(400, "not-supported", f"{include} is not supported on {k.name} (supported: {supported}).")
        needed = KINDS[k.includes[include]].scopes
        if not set(needed) & identity.scopes:
            raise Refused(403, "forbidden", f"{include} needs the scope {' or '.join(needed)}.", include)
    count = min(_number("_count", DEFAULT_COUNT, 0), MAX_COUNT)  # more than the most: the most
    page = _number("_page", 1, 1, 10_000)
    found = find(k, identity, fields, page, count, base_url())
    brought = _unique([r for include in wanted for r in included(k, include, found, base_url())], found)
    return fhir(
        resources.bundle("searchset", found.resources, found.total, _links(k.name, page, found), base_url(), brought)
    )


def _unique(brought: list[dict[str, Any]], found: Found) -> list[dict[str, Any]]:
    """Included resources, each once, and none that is already a match."""
    seen = {(r["resourceType"], r["id"]) for r in found.resources}
    unique = []
    for resource in brought:
        key = (resource["resourceType"], resource["id"])
        if key not in seen:
            seen.add(key)
            unique.append(resource)
    return unique


def _number(name: str, default: int, least: int, most: int = 10_000) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise Refused(400, "value", f"{name} is a whole number from {least} to {most}.", name)
    return int(raw)


def _links(kind_name: str, page: int, found: Found) -> dict[str, str]:
    kept = [(k, v) for k in request.args for v in request.args.getlist(k) if k != "_page"]

    def at(number: int) -> str:
        return f"{base_url()}/fhir/r4/{kind_name}?{urlencode([*kept, ('_page', str(number))])}"

    links = {"self": at(page)}
    if found.more and found.resources:
        links["next"] = at(page + 1)
    if page > 1:
        links["previous"] = at(page - 1)
    return links


# --- moving a referral along --------------------------------------------------------------------

#: What an update of a Task must leave as it was (compared by meaning, not by spelling: a
#: client may re-serialise times or drop displays); its status and statusReason may change, and
#: the rest is the server's to keep.
TASK_KEPT: dict[str, Any] = {
    "intent": lambda value: value,
    "focus": lambda value: (value or {}).get("reference"),
    "owner": lambda value: (value or {}).get("reference"),
    "identifier": lambda value: [(i.get("system"), i.get("value")) for i in value or []],
}


@blueprint.put("/Task/<referral_id>")
def update_task(referral_id: str) -> Response:
    """A partner's system moves its referral along: the Task as read, with a new status (and,
    for a rejection, a coded statusReason), If-Match the version read. Through the same
    workflow as /v1: a step the caller may not take is refused (409, with what is allowed)."""
    identity = admit(TASK_WRITE)
    proposed = _resource_body("Task", referral_id)
    expected = _if_match()
    services = current_app.extensions["services"]
    referral = services.referrals.get(identity, referral_id)
    current = referrals.task(referral)
    changed = [name for name, same in TASK_KEPT.items() if same(current.get(name)) != same(proposed.get(name))]
    if changed:
        raise Refused(
            422,
            "business-rule",
            f"Only a Task's status and statusReason change here; these differ from the Task as it is: "
            f"{', '.join(changed)}.",
            f"Task.{changed[0]}",
        )
    to = proposed.get("status")
    if not isinstance(to, str) or to not in referrals.REQUEST_STATUS:
        raise Refused(400, "value", f"{to!r} is not a Task status this server uses.", "Task.status")
    if to == referral.status:  # nothing moves; what was read must still be current
        UnitOfWork.check_version(referral, expected)
        return _versioned_task(referral)
    reason = proposed.get("statusReason") or {}
    codes = [
        c.get("code") for c in reason.get("coding", []) if c.get("system") == resources.system("rejection-reasons")
    ]
    moved = services.referrals.transition(
        identity, referral_id, to, reason.get("text"), codes[0] if codes else None, expected
    )
    return _versioned_task(moved)


def _versioned_task(referral: Any) -> Response:
    return _versioned(referrals.task(referral), referral.version, referral.updated_at)


@blueprint.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_here(unknown: str) -> Response:
    """Anything else under /fhir/r4 (history, operations, compartments, writes to what is only
    read): an OperationOutcome."""
    parts = unknown.split("/")
    if len(parts) <= 2 and parts[0] in KINDS and request.method != "GET":
        raise Refused(405, "not-supported", f"{request.method} is not supported on {parts[0]}: see /fhir/r4/metadata.")
    raise Refused(404, "not-supported", f"This server does not support /fhir/r4/{unknown}: see /fhir/r4/metadata.")


def _resource_body(resource_type: str, resource_id: str) -> dict[str, Any]:
    if request.mimetype not in (FHIR_JSON, "application/json"):
        raise Refused(415, "not-supported", "Send the resource as application/fhir+json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("resourceType") != resource_type:
        raise Refused(400, "structure", f"The body is not a {resource_type} resource.")
    if body.get("id") != resource_id:
        raise Refused(
            400, "value", f"The {resource_type}'s id must be {resource_id!r}, as in the URL.", f"{resource_type}.id"
        )
    return body


def _if_match() -> int | None:
    """The version the client read: ``If-Match: W/"3"`` (or ``"3"``)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 12:
        raise Refused(400, "value", 'If-Match is the version read, as W/"<meta.versionId>".', "If-Match")
    return int(value)


from api.fhir import bulk  # noqa: E402  (its routes join this blueprint)

__all__ = ["blueprint", "bulk"]
