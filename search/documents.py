"""The search document of a centre: a pure function of the database row, the ranking data and
the exchange rates.

Both backends hold exactly these documents. Besides the centre's own fields, a document
carries what filtering and ranking need in a flat form: the codes of available capabilities
(and, for matching, of what can meet a requirement: those and the imaging offerings list),
``service:site`` pairs, primary language subtags, each offering's cost in USD (through the
exchange rate in force, or unknown) and its profile-independent ranking parts (see
:func:`search.ranking.offering_parts`). For free text it carries the words people type besides
names: romanised forms of names in other scripts, the city and country, and what the centre
offers (service and capability codes with their labels). Every fact carries its provenance, so that whatever
shows a document shows where each fact comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.services.rates import Rate
from directory.snapshots import CentreSnapshot
from search.ranking import RankingParams, language_bases, offering_parts
from search.text import country_name, romanised, suggestion_inputs

#: Bump when the document's shape changes: a new index must be built (``search reindex``).
DOCUMENT_VERSION = 4
#: Outbox topics whose changes alter every document (ranking data, exchange rates): the
#: index is rebuilt, the local backend reloads.
REBUILD_TOPICS = ("vocabulary", "exchange-rates")
#: Every topic the search worker settles: where there is no Elasticsearch (the local backend
#: reads them as a feed instead), rows of these topics wait for ever, by design.
SEARCH_TOPICS = ("centre", *REBUILD_TOPICS)


def cost_in_usd(currency: str | None, low: int | None, high: int | None, rates: Mapping[str, Rate]) -> dict[str, Any]:
    """An offering's cost in USD, with the rate used; ``known`` is false when there is no cost
    or no rate for its currency (then there is no USD figure at all, never a guess)."""
    if currency is None or low is None or high is None:
        return {"known": False, "why": "The centre states no cost.", "min": None, "max": None, "rate": None}
    rate = rates.get(currency)
    if rate is None:
        return {
            "known": False,
            "why": f"No exchange rate for {currency}.",
            "min": None,
            "max": None,
            "rate": None,
        }
    return {
        "known": True,
        "why": None,
        "min": rate.to_usd(low),
        "max": rate.to_usd(high),
        "rate": None if rate.currency == "USD" else rate.as_dict(),
    }


def centre_document(
    centre: CentreSnapshot, params: RankingParams, rates: Mapping[str, Rate] | None = None
) -> dict[str, Any]:
    rates = rates or {}
    capabilities = [
        {
            "code": c.code,
            "status": c.status,
            "verification": c.verification,
            "notes": c.notes,
            "provenance": c.provenance.as_dict(),
        }
        for c in centre.capabilities
    ]
    services = []
    for offering in centre.services:
        usd = cost_in_usd(offering.cost_currency, offering.cost_min, offering.cost_max, rates)
        service: dict[str, Any] = {
            "code": offering.code,
            "sites": list(offering.sites),
            "annual_volume": offering.annual_volume,
            "cost_currency": offering.cost_currency,
            "cost_min": offering.cost_min,
            "cost_max": offering.cost_max,
            "cost_min_usd": usd["min"],
            "cost_max_usd": usd["max"],
            "cost_usd": usd,
            "wait_days": offering.wait_days,
            "imaging": list(offering.imaging),
            "verification": offering.verification,
            "provenance": offering.provenance.as_dict(),
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
    offered = sorted({s["code"] for s in services} | set(available))
    return {
        "slug": centre.slug,
        "name": centre.name,
        "aliases": list(centre.aliases),
        "romanised": romanised((centre.name, *centre.aliases)),
        "places": [p for p in (centre.city, country_name(centre.country)) if p],
        "offered": [word for code in offered for word in (code, params.labels.get(code)) if word],
        "suggest": suggestion_inputs(centre.name, centre.aliases),
        "suggest_city": [centre.city] if centre.city else [],
        "country": centre.country,
        "city": centre.city,
        "location": centre.location,
        "languages": list(centre.languages),
        "language_bases": language_bases(centre.languages),
        "accreditations": list(centre.accreditations),
        "demo": centre.demo,
        "vetting_status": centre.vetting_status,
        "next_review_due": centre.next_review_due.isoformat() if centre.next_review_due else None,
        "vetting": centre.vetting,
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
