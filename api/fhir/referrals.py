"""Referrals as FHIR R4: each one a Task (its status our workflow's, which are FHIR Task
statuses) whose focus is a ServiceRequest carrying the case profile as coded data, never who
the patient is. Pure functions of a referral; the case's findings are contained Observations
coded by the ``case-profile`` CodeSystem, one field of ``CASE_FIELDS`` each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.fhir.resources import CANONICAL, coded, system
from directory import rules, workflow
from directory.models import Referral

EXTERNAL_REF_SYSTEM = f"{CANONICAL}/NamingSystem/external-ref"
UCUM = "http://unitsofmeasure.org"
CURRENCY = "urn:iso:std:iso:4217"

#: Each case profile field, as an Observation: (display, kind, unit or code system).
#: kind: quantity (a UCUM unit), money (a currency), boolean, code (in a code system of
#: ours), country (ISO 3166), text. A field missing here is a test failure, not a silent loss.
CASE_FIELDS: dict[str, tuple[str, str, str | None]] = {
    "lesion_size_cm": ("Largest diameter of the lesion", "quantity", "cm"),
    "lytic": ("The lesion is lytic", "boolean", None),
    "cortical_involvement_pct": ("Share of the cortex involved", "quantity", "%"),
    "spinal_canal_distance_mm": ("Distance from the lesion to the spinal canal", "quantity", "mm"),
    "prior_radiotherapy": ("Radiotherapy given before to the same site", "boolean", None),
    "needs_tissue_diagnosis": ("A tissue diagnosis is needed alongside the treatment", "boolean", None),
    "disease_extent": ("Extent of the bone disease", "code", "disease-extents"),
    "antiangiogenic_therapy": ("The patient receives antiangiogenic therapy", "boolean", None),
    "guidance": ("Image guidance asked for", "code", "capabilities"),
    "destination_countries": ("A country the patient would travel to", "country", None),
    "languages": ("A language the patient speaks (BCP 47)", "text", None),
    "budget_usd": ("Budget", "money", "USD"),
    "budget": ("Budget", "money", None),
    "budget_max": ("Hard maximum price", "money", None),
}
#: Fields that are the ServiceRequest's own elements rather than Observations.
REQUEST_FIELDS = ("service", "lesion_site")
DEFAULT_SERVICE = "bone-cryoablation"

#: Code systems of the referral's own words: id -> (title, [(code, display)]).
CODE_SYSTEMS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "case-profile": ("Case profile", [(name, display) for name, (display, _, _) in CASE_FIELDS.items()]),
    "disease-extents": ("Disease extents", [(extent, extent.capitalize()) for extent in rules.DISEASE_EXTENTS]),
    "rejection-reasons": (
        "Rejection reasons",
        [(code, code.replace("-", " ").capitalize()) for code in workflow.REJECTION_CODES],
    ),
}
#: A Task status as the ServiceRequest's.
REQUEST_STATUS = {
    "draft": "draft",
    "requested": "active",
    "received": "active",
    "accepted": "active",
    "in-progress": "active",
    "on-hold": "on-hold",
    "completed": "completed",
    "rejected": "revoked",
    "cancelled": "revoked",
    "failed": "revoked",
}


def meta(referral: Referral) -> dict[str, Any]:
    return {"versionId": str(referral.version), "lastUpdated": referral.updated_at.isoformat()}


def requester(referral: Referral) -> dict[str, Any]:
    """Who sent it: the client or person, by the issuer's id (a display: not a resource here)."""
    issuer = "" if referral.requester_issuer == "local" else f" at {referral.requester_issuer}"
    return {"display": f"{referral.requester_role} {referral.requester_client_id}{issuer}"}


def identifier(referral: Referral) -> list[dict[str, Any]]:
    """The intake service's own id for the case (unique per requester)."""
    return [{"system": EXTERNAL_REF_SYSTEM, "value": referral.external_ref, "assigner": requester(referral)}]


def task(referral: Referral) -> dict[str, Any]:
    """The referral's workflow: status, owner (the centre), why it was rejected or ended."""
    resource: dict[str, Any] = {
        "resourceType": "Task",
        "id": referral.id,
        "meta": meta(referral),
        "identifier": identifier(referral),
        "status": referral.status,
        "intent": "order",
        "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
        "focus": {"reference": f"ServiceRequest/{referral.id}"},
        "authoredOn": referral.created_at.isoformat(),
        "lastModified": referral.updated_at.isoformat(),
        "requester": requester(referral),
        "owner": {"reference": f"Organization/{referral.centre.slug}", "display": referral.centre.name},
    }
    last = referral.transitions[-1] if referral.transitions else None
    if last is not None and last.to_status == referral.status and (last.reason_code or last.reason):
        reason: dict[str, Any] = {}
        if last.reason_code:
            reason["coding"] = [{"system": system("rejection-reasons"), "code": last.reason_code}]
        if last.reason:
            reason["text"] = last.reason
        resource["statusReason"] = reason
    if referral.override_reason:
        resource["note"] = [{"text": f"Referred although the centre does not fit: {referral.override_reason}"}]
    return resource


def service_request(referral: Referral, labels: Mapping[str, str]) -> dict[str, Any]:
    """What is asked of the centre: the service, the lesion site, and the case's findings,
    with the patient's identity withheld (the subject is a display only)."""
    profile = referral.profile
    findings = observations(profile, labels)
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": referral.id,
        "meta": meta(referral),
        "identifier": identifier(referral),
        "status": REQUEST_STATUS[referral.status],
        "intent": "order",
        "code": coded("services", profile.get("service", DEFAULT_SERVICE), labels),
        "subject": {"display": "A patient (identity not shared with the directory)"},
        "authoredOn": referral.created_at.isoformat(),
        "requester": requester(referral),
        "performer": [{"reference": f"Organization/{referral.centre.slug}", "display": referral.centre.name}],
        "bodySite": [coded("lesion-sites", profile["lesion_site"], labels)],
    }
    if findings:
        resource["contained"] = findings
        resource["supportingInfo"] = [{"reference": f"#{o['id']}"} for o in findings]
    return resource


def observations(profile: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The case profile's findings, one contained Observation per value (per item of a list)."""
    found = []
    for name, (display, kind, unit) in CASE_FIELDS.items():
        raw = profile.get(name)
        values = raw if isinstance(raw, list) else [] if raw is None else [raw]
        for n, value in enumerate(values):
            observation = {
                "resourceType": "Observation",
                "id": f"{name.replace('_', '-')}{'' if len(values) == 1 else f'-{n + 1}'}",
                "status": "final",
                "code": {"coding": [{"system": system("case-profile"), "code": name, "display": display}]},
                **_value(kind, unit, value, labels, profile),
            }
            found.append(observation)
    return found


def _value(
    kind: str, unit: str | None, value: Any, labels: Mapping[str, str], profile: Mapping[str, Any]
) -> dict[str, Any]:
    if kind == "boolean":
        return {"valueBoolean": value}
    if kind == "quantity":
        return {"valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}
    if kind == "money":  # budget_max is in the budget's currency (USD without one)
        if isinstance(value, Mapping):
            value, unit = value["amount"], value["currency"]
        currency = unit or (profile.get("budget") or {}).get("currency") or "USD"
        return {"valueQuantity": {"value": value, "unit": currency, "system": CURRENCY, "code": currency}}
    if kind == "code":
        assert unit is not None
        words = dict(CODE_SYSTEMS[unit][1]) if unit in CODE_SYSTEMS else labels
        return {"valueCodeableConcept": coded(unit, value, words)}
    if kind == "country":
        return {"valueCodeableConcept": {"coding": [{"system": "urn:iso:std:iso:3166", "code": value}]}}
    return {"valueCodeableConcept": {"text": value}}


def code_system(code_system_id: str) -> dict[str, Any]:
    title, concepts = CODE_SYSTEMS[code_system_id]
    return {
        "resourceType": "CodeSystem",
        "id": code_system_id,
        "url": system(code_system_id),
        "version": "1",
        "name": title.replace(" ", ""),
        "title": title,
        "status": "active",
        "publisher": "Partner Directory",
        "description": f"{title} of a referral",
        "caseSensitive": True,
        "content": "complete",
        "concept": [{"code": code, "display": display} for code, display in concepts],
    }
