"""The directory as FHIR R4 resources: pure functions of a centre's snapshot.

Shaped after IHE mCSD (Organization for the centre, Location for its site, HealthcareService
for each service it offers) on base R4: no profile is claimed. Cost, wait and volume are
extensions whose StructureDefinitions are published in api/fhir/definitions/ (and served at
their canonical URLs' ids); the vocabulary's sites, capabilities and services are CodeSystems.
Canonical URLs are fixed (``CANONICAL``), whatever the deployment's own address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from directory.snapshots import CentreSnapshot, OfferingSnapshot, Provenance

#: Where this service's definitions, code systems and identifier systems are named.
CANONICAL = "http://partner-directory.example/fhir"
SLUG_SYSTEM = f"{CANONICAL}/NamingSystem/centre-slug"
#: The vocabulary's code systems: id -> (the vocabulary's list, title).
CODE_SYSTEMS = {
    "lesion-sites": ("sites", "Lesion sites"),
    "capabilities": ("capabilities", "Capabilities"),
    "services": ("services", "Services"),
}


#: The network that runs this directory: named by an identifier, not served as a resource.
NETWORK = {
    "identifier": {"system": f"{CANONICAL}/NamingSystem/network", "value": "partner-network"},
    "display": "Partner Directory network",
}
#: The one Endpoint: this FHIR API.
ENDPOINT_ID = "fhir-r4"


#: FHIR ids are at most 64 characters.
MAX_ID = 64


def sub_id(slug: str, *parts: str) -> str:
    """The id of one of a centre's resources: ``<slug>.<part>...``, or, when that is longer
    than FHIR allows, ``<slug>.<digest of the parts>`` (stable, and still the centre's)."""
    readable = ".".join((slug, *parts))
    if len(readable) <= MAX_ID:
        return readable
    return f"{slug}.{hashlib.sha256('.'.join(parts).encode()).hexdigest()[: MAX_ID - len(slug) - 1]}"


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
    """A centre: names and aliases, its slug as an identifier, contact, its accreditations (an
    extension each: base R4 has no qualification on Organization), active = accepting referrals."""
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
    if centre.accreditations:
        resource["extension"] = [{"url": extension("accreditation"), "valueString": a} for a in centre.accreditations]
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


def affiliation(centre: CentreSnapshot) -> dict[str, Any]:
    """The centre's membership of the network: active while it is vetted, from when it was."""
    resource: dict[str, Any] = {
        "resourceType": "OrganizationAffiliation",
        "id": centre.slug,
        "meta": meta(centre),
        "active": centre.vetting_status == "vetted",
        "organization": NETWORK,
        "participatingOrganization": {"reference": f"Organization/{centre.slug}", "display": centre.name},
        "code": [{"coding": [{"system": "http://hl7.org/fhir/organization-role", "code": "member"}]}],
        "location": [{"reference": f"Location/{centre.slug}"}],
        "healthcareService": [
            {"reference": f"HealthcareService/{sub_id(centre.slug, o.code)}"} for o in centre.services
        ],
        "endpoint": [{"reference": f"Endpoint/{ENDPOINT_ID}"}],
    }
    if centre.vetting_status == "vetted" and centre.vetting_decided_at is not None:
        resource["period"] = {"start": centre.vetting_decided_at.isoformat()}
        if centre.next_review_due is not None:
            resource["period"]["end"] = centre.next_review_due.isoformat()
    if not resource["healthcareService"]:
        del resource["healthcareService"]
    return resource


def endpoint(base: str) -> dict[str, Any]:
    """This FHIR API, where partner systems read the directory and follow their referrals."""
    return {
        "resourceType": "Endpoint",
        "id": ENDPOINT_ID,
        "status": "active",
        "connectionType": {
            "system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
            "code": "hl7-fhir-rest",
        },
        "name": "Partner Directory FHIR R4 API",
        "managingOrganization": NETWORK,
        "payloadType": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code": "any"}]}
        ],
        "payloadMimeType": ["application/fhir+json"],
        "address": f"{base}/fhir/r4",
    }


#: A fact's verification state as a VerificationResult status.
FACT_STATUS = {"verified": "validated", "self-reported": "attested", "unverified": "in-process"}
VERIFICATION_SIGNATURE = {"system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.5"}


def verification_results(centre: CentreSnapshot) -> list[dict[str, Any]]:
    """How far the centre's vetting and each fact it reports are checked: by whom, when, on
    what evidence. Ids: <slug>.vetting, <slug>.capability.<code>, <slug>.service.<code>."""
    found = [_vetting_result(centre)]
    services = [{"reference": f"HealthcareService/{sub_id(centre.slug, o.code)}"} for o in centre.services]
    for capability in centre.capabilities:
        shown = capability.status == "available" and services
        target = services if shown else [{"reference": f"Organization/{centre.slug}"}]
        found.append(
            _fact_result(
                centre,
                ("capability", capability.code),
                target,
                capability.provenance,
                [f"HealthcareService.characteristic.where(coding.code = '{capability.code}')"] if shown else [],
            )
        )
    for offering in centre.services:
        target = [{"reference": f"HealthcareService/{sub_id(centre.slug, offering.code)}"}]
        found.append(_fact_result(centre, ("service", offering.code), target, offering.provenance, []))
    return found


def _vetting_result(centre: CentreSnapshot) -> dict[str, Any]:
    verified = centre.vetting_verification == "verified"
    status = {
        "pending": "in-process",
        "lapsed": "req-revalid",
        "suspended": "val-fail",
        "vetted": "validated" if verified else "attested",
    }[centre.vetting_status]
    resource: dict[str, Any] = {
        "resourceType": "VerificationResult",
        "id": f"{centre.slug}.vetting",
        "meta": meta(centre),
        "target": [{"reference": f"Organization/{centre.slug}"}],
        "need": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/need", "code": "periodic"}]},
        "status": status,
        "validationType": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/validation-type",
                    "code": "primary" if verified else "nothing",
                }
            ]
        },
    }
    if centre.vetting_decided_at is not None:
        resource["statusDate"] = centre.vetting_decided_at.isoformat()
        resource["lastPerformed"] = centre.vetting_decided_at.isoformat()
    if centre.next_review_due is not None:
        resource["nextScheduled"] = centre.next_review_due.isoformat()
    if centre.vetting_source:
        resource["primarySource"] = [{"type": [{"text": centre.vetting_source}]}]
    if verified and centre.vetting_decided_at is not None and centre.vetting_decided_by:
        resource["validator"] = [_validator(centre.vetting_decided_by, centre.vetting_decided_at.isoformat())]
        if centre.vetting_reason:
            resource["validationProcess"] = [{"text": centre.vetting_reason}]
    return resource


def _fact_result(
    centre: CentreSnapshot,
    fact: tuple[str, str],
    target: list[dict[str, Any]],
    provenance: Provenance,
    locations: list[str],
) -> dict[str, Any]:
    verified = provenance.verification == "verified"
    resource: dict[str, Any] = {
        "resourceType": "VerificationResult",
        "id": sub_id(centre.slug, *fact),
        "meta": meta(centre),
        "target": target,
        "status": FACT_STATUS[provenance.verification],
        "statusDate": (provenance.verified_at or provenance.reported_at).isoformat(),
        "validationType": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/validation-type",
                    "code": "primary" if verified else "nothing",
                }
            ]
        },
        "attestation": {"who": {"display": provenance.reported_by}, "date": provenance.reported_at.date().isoformat()},
    }
    if locations:
        resource["targetLocation"] = locations
    if provenance.source:
        resource["primarySource"] = [{"type": [{"text": provenance.source}]}]
    if verified and provenance.verified_at is not None and provenance.verified_by:
        resource["lastPerformed"] = provenance.verified_at.isoformat()
        resource["validator"] = [_validator(provenance.verified_by, provenance.verified_at.isoformat())]
        if provenance.evidence:
            resource["validationProcess"] = [{"text": provenance.evidence}]
    return resource


def _validator(person: str, when: str) -> dict[str, Any]:
    """The network verified it; the person who did signed, when."""
    return {
        "organization": NETWORK,
        "attestationSignature": {"type": [VERIFICATION_SIGNATURE], "when": when, "who": {"display": person}},
    }


def network_group() -> dict[str, Any]:
    """The network as a Group, for Group-level bulk export. R4 has no group of organisations:
    this one is definitional, the people who work at the network's vetted centres; its export
    is the directory of those centres."""
    return {
        "resourceType": "Group",
        "id": "network",
        "active": True,
        "type": "practitioner",
        "actual": False,
        "name": "Partner Directory network",
        "managingEntity": NETWORK,
        "characteristic": [
            {
                "code": {"text": "Works at a centre the network has vetted"},
                "valueReference": NETWORK,
                "exclude": False,
            }
        ],
    }


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
        "id": sub_id(centre.slug, offering.code),
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


def bundle(
    kind: str,
    entries: list[dict[str, Any]],
    total: int,
    links: dict[str, str],
    base: str,
    included: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A search's page: its matches, then what ``_include``/``_revinclude`` brought in."""
    return {
        "resourceType": "Bundle",
        "type": kind,
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
        "entry": [
            {"fullUrl": f"{base}/fhir/r4/{e['resourceType']}/{e['id']}", "resource": e, "search": {"mode": mode}}
            for mode, found in (("match", entries), ("include", included or []))
            for e in found
        ],
    }


def outcome(code: str, diagnostics: str, severity: str = "error", expression: str | None = None) -> dict[str, Any]:
    """An OperationOutcome with one issue (``code`` from the FHIR issue-type value set)."""
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
