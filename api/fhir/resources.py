"""The directory as FHIR R4 resources: pure functions of a centre's snapshot.

Shaped after IHE mCSD (Organization for the centre, Location for its site, HealthcareService
for each service it offers) on base R4: no profile is claimed. Cost, wait and volume are
extensions whose StructureDefinitions are published in api/fhir/definitions/ (and served at
their canonical URLs' ids); the vocabulary's sites, capabilities and services are CodeSystems.
Canonical URLs are fixed (``CANONICAL``), whatever the deployment's own address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.snapshots import CentreSnapshot, OfferingSnapshot

#: Where this service's definitions, code systems and identifier systems are named.
CANONICAL = "http://partner-directory.example/fhir"
SLUG_SYSTEM = f"{CANONICAL}/NamingSystem/centre-slug"
#: The vocabulary's code systems: id -> (the vocabulary's list, title).
CODE_SYSTEMS = {
    "lesion-sites": ("sites", "Lesion sites"),
    "capabilities": ("capabilities", "Capabilities"),
    "services": ("services", "Services"),
}


def system(code_system: str) -> str:
    return f"{CANONICAL}/CodeSystem/{code_system}"


def extension(name: str) -> str:
    return f"{CANONICAL}/StructureDefinition/{name}"


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
        "identifier": [{"system": SLUG_SYSTEM, "value": centre.slug}],
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


def healthcare_service(centre: CentreSnapshot, offering: OfferingSnapshot, labels: Mapping[str, str]) -> dict[str, Any]:
    """One service a centre offers: its type, the lesion sites it treats and the capabilities
    the centre reports available as characteristics, the centre's languages, and cost, wait and
    volume as extensions (each only when the centre states it)."""
    extensions: list[dict[str, Any]] = []
    if offering.cost_currency and offering.cost_min is not None and offering.cost_max is not None:
        money = {"system": "urn:iso:std:iso:4217", "code": offering.cost_currency, "unit": offering.cost_currency}
        extensions.append(
            {
                "url": extension("cost-range"),
                "valueRange": {
                    "low": {"value": offering.cost_min, **money},
                    "high": {"value": offering.cost_max, **money},
                },
            }
        )
    if offering.wait_days is not None:
        days = {"value": offering.wait_days, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}
        extensions.append({"url": extension("wait-days"), "valueDuration": days})
    if offering.annual_volume is not None:
        extensions.append({"url": extension("annual-volume"), "valueInteger": offering.annual_volume})
    characteristics = [coded("lesion-sites", site, labels) for site in offering.sites]
    characteristics += [coded("capabilities", c.code, labels) for c in centre.capabilities if c.status == "available"]
    resource: dict[str, Any] = {
        "resourceType": "HealthcareService",
        "id": f"{centre.slug}.{offering.code}",
        "meta": meta(centre),
        "active": centre.accepting_referrals,
        "providedBy": {"reference": f"Organization/{centre.slug}", "display": centre.name},
        "type": [coded("services", offering.code, labels)],
        "location": [{"reference": f"Location/{centre.slug}"}],
        "name": labels.get(offering.code, offering.code),
    }
    if extensions:
        resource["extension"] = extensions
    if characteristics:
        resource["characteristic"] = characteristics
    if centre.languages:
        # The BCP 47 tag as text: a urn:ietf:bcp:47 coding of a tag outside the Common Languages
        # value set (tr, ta, th ...) fails HAPI FHIR's validator when it runs offline, as it does
        # in CI (it cannot check the All Languages value set without a terminology server).
        resource["communication"] = [{"text": tag} for tag in centre.languages]
    if offering.notes:
        resource["comment"] = offering.notes
    return resource


def coded(code_system: str, code: str, labels: Mapping[str, str]) -> dict[str, Any]:
    return {"coding": [{"system": system(code_system), "code": code, "display": labels.get(code, code)}]}


def code_system(code_system_id: str, vocabulary: Any) -> dict[str, Any]:
    """One of the vocabulary's lists as a CodeSystem, versioned by the vocabulary's version."""
    field_name, title = CODE_SYSTEMS[code_system_id]
    return {
        "resourceType": "CodeSystem",
        "id": code_system_id,
        "url": system(code_system_id),
        "version": vocabulary.version,
        "name": title.replace(" ", ""),
        "title": title,
        "status": "active",
        "publisher": "Partner Directory",
        "description": f"{title} of the vocabulary {vocabulary.name} (source: {vocabulary.source})",
        "caseSensitive": True,
        "content": "complete",
        "concept": [
            {
                "code": item["code"],
                "display": item["label"],
                **({"definition": d} if (d := item.get("description")) else {}),
            }
            for item in getattr(vocabulary, field_name)
        ],
    }


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
