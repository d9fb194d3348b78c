"""The directory as FHIR R4 resources: pure functions of a centre's snapshot.

Shaped after IHE mCSD (Organization for the centre, Location for its site, each pointing at
the other) with base R4 only: no profile is claimed, no extension is used yet (cost, wait and
volume stay in ``/v1`` until their StructureDefinitions are published here).
"""

from __future__ import annotations

from typing import Any

from directory.snapshots import CentreSnapshot

#: Identifier systems and code systems of this service (under its public URL).
SLUG_SYSTEM = "/fhir/r4/NamingSystem/centre-slug"
ORGANIZATION_TYPE = {
    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"}],
    "text": "Healthcare provider",
}


def meta(centre: CentreSnapshot) -> dict[str, Any]:
    """Every resource of a centre has the centre's version and change time: a mirror that asks
    for ``_lastUpdated=gt...`` gets each resource the centre's change touched."""
    return {"versionId": str(centre.version), "lastUpdated": centre.updated_at.isoformat()}


def organization(centre: CentreSnapshot, base: str) -> dict[str, Any]:
    """A centre: names and aliases, its slug as an identifier, accreditations as qualifications'
    nearest base-R4 home (an identifier each), active = accepting referrals."""
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "id": centre.slug,
        "meta": meta(centre),
        "identifier": [{"system": f"{base}{SLUG_SYSTEM}", "value": centre.slug}],
        "active": centre.accepting_referrals,
        "type": [ORGANIZATION_TYPE],
        "name": centre.name,
        "address": [address(centre)],
    }
    if centre.aliases:
        resource["alias"] = list(centre.aliases)
    contact = telecom(centre)
    if contact:
        resource["telecom"] = contact
    return resource


def location(centre: CentreSnapshot) -> dict[str, Any]:
    """Where a centre is: its address and (approximate, city-level in the seeds) position."""
    resource: dict[str, Any] = {
        "resourceType": "Location",
        "id": centre.slug,
        "meta": meta(centre),
        "status": "active",
        "name": centre.name,
        "mode": "instance",
        "address": address(centre),
        "managingOrganization": {"reference": f"Organization/{centre.slug}", "display": centre.name},
    }
    if centre.latitude is not None and centre.longitude is not None:
        resource["position"] = {"latitude": centre.latitude, "longitude": centre.longitude}
    return resource


def address(centre: CentreSnapshot) -> dict[str, Any]:
    return {"use": "work", "city": centre.city, "country": centre.country}


def telecom(centre: CentreSnapshot) -> list[dict[str, Any]]:
    contact = centre.contact or {}
    found = []
    if contact.get("phone"):
        found.append({"system": "phone", "value": contact["phone"], "use": "work"})
    if contact.get("email"):
        found.append({"system": "email", "value": contact["email"], "use": "work"})
    return found


def bundle(kind: str, entries: list[dict[str, Any]], total: int, links: dict[str, str], base: str) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": kind,
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
        "entry": [
            {
                "fullUrl": f"{base}/fhir/r4/{e['resourceType']}/{e['id']}",
                "resource": e,
                "search": {"mode": "match"},
            }
            for e in entries
        ],
    }


def outcome(code: str, diagnostics: str, severity: str = "error", expression: str | None = None) -> dict[str, Any]:
    """An OperationOutcome with one issue (``code`` from the FHIR issue-type value set)."""
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
