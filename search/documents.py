"""The search document of a centre: a pure function of the database row (and the ranking data).

Both backends hold exactly these documents. Besides the centre's own fields, a document
carries what filtering and ranking need in a flat form: the codes of available capabilities
(and, for matching, of what can meet a requirement: those and the imaging offerings list),
``service:site`` pairs, primary language subtags, and each offering's profile-independent
ranking parts (see :func:`search.ranking.offering_parts`).
"""

from __future__ import annotations

from typing import Any

from directory.models import Centre
from directory.snapshots import CentreSnapshot
from search.ranking import RankingParams, language_bases, offering_parts

#: Bump when the document's shape changes: a new index must be built (``search reindex``).
DOCUMENT_VERSION = 2


def centre_document(centre: Centre | CentreSnapshot, params: RankingParams) -> dict[str, Any]:
    capabilities = [
        {"code": c.code, "status": c.status, "verification": c.verification, "notes": c.notes}
        for c in centre.capabilities
    ]
    services = []
    for offering in centre.services:
        usd = offering.cost_currency == "USD"
        service: dict[str, Any] = {
            "code": offering.code,
            "sites": list(offering.sites),
            "annual_volume": offering.annual_volume,
            "cost_currency": offering.cost_currency,
            "cost_min": offering.cost_min,
            "cost_max": offering.cost_max,
            "cost_min_usd": offering.cost_min if usd else None,
            "cost_max_usd": offering.cost_max if usd else None,
            "wait_days": offering.wait_days,
            "imaging": list(offering.imaging),
            "verification": offering.verification,
        }
        service.update(offering_parts(service, params))
        services.append(service)
    reported_available = sorted(c["code"] for c in capabilities if c["status"] == "available")
    # What can meet a requirement: the available capabilities, and the imaging an offering
    # lists (as reported with the offering) unless the centre reports that capability itself.
    available = {c["code"]: c["verification"] for c in capabilities if c["status"] == "available"}
    reported = {c["code"] for c in capabilities}
    for service in services:
        for code in service["imaging"]:
            if code not in reported:
                available.setdefault(code, service["verification"])
    return {
        "slug": centre.slug,
        "name": centre.name,
        "aliases": list(centre.aliases),
        "country": centre.country,
        "city": centre.city,
        "location": centre.location,
        "languages": list(centre.languages),
        "language_bases": language_bases(centre.languages),
        "accreditations": list(centre.accreditations),
        "vetting_status": centre.vetting_status,
        "accepting_referrals": centre.accepting_referrals,
        "capabilities": capabilities,
        "capabilities_available": reported_available,
        "requirement_codes": sorted(available),
        "available": available,
        "capability_evidence": sorted(f"{code}:{verification}" for code, verification in available.items()),
        "services": services,
        "offers": sorted({f"{s['code']}:{site}" for s in services for site in s["sites"]}),
        "sites": sorted({site for s in services for site in s["sites"]}),
        "version": centre.version,
        "updated_at": centre.updated_at.isoformat(),
    }
