"""Search requests and Elasticsearch query bodies: pure functions, no client in sight.

Only core Elasticsearch features are used (bool, term/terms, multi_match with fuzziness,
nested, geo_distance, function_score with field_value_factor, linear decay and weights,
terms aggregations), so the same bodies run on the minimal test distribution and on the full
server. Client text reaches Elasticsearch only as the ``query`` of match queries: never as
query-string syntax.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from search import text
from search.eligibility import Need
from search.ranking import MatchPlan

#: With near misses, each met requirement adds this much to the score, far more than the
#: ranking score (at most 1) can make up: fewest unmet first, as in ranking.sort_key.
NEAR_MISS_STEP = 10.0
#: The Elasticsearch backend fetches this many candidates beyond the limit, so that the exact
#: re-ranking in Python (float64) sees every centre the float32 scores might misplace.
CANDIDATE_MARGIN = 10
BASELINE = 1.0
#: What ranking and the match explanation read of a candidate: all Elasticsearch sends back.
MATCH_FIELDS = (
    "slug",
    "name",
    "country",
    "city",
    "languages",
    "language_bases",
    "demo",
    "vetting_status",
    "next_review_due",
    "vetting",
    "accepting_referrals",
    "capabilities",
    "available",
    "services",
)

#: Fields of a document only free text and suggestions read: never sent back with a hit.
TEXT_ONLY = ("romanised", "places", "offered", "suggest", "suggest_city")

FACETS = {
    "country": "country",
    "site": "sites",
    "capability": "capabilities_available",
    "vetting_status": "vetting_status",
}
FACET_SIZE = 100


@dataclass(frozen=True)
class SearchRequest:
    q: str | None = None
    countries: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # primary subtags
    vetting_status: str | None = None
    near: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float | None = None
    page: int = 1
    page_size: int = 20

    @property
    def order(self) -> str:
        """relevance (with text), distance (near a point), else slug."""
        return "relevance" if self.q else "distance" if self.near else "slug"


# --- search -----------------------------------------------------------------------------------


def search_filters(request: SearchRequest) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    if request.countries:
        filters.append({"terms": {"country": list(request.countries)}})
    filters += [{"term": {"sites": site}} for site in request.sites]
    filters += [{"term": {"capabilities_available": code}} for code in request.capabilities]
    if request.languages:
        filters.append({"terms": {"language_bases": list(request.languages)}})
    if request.vetting_status:
        filters.append({"term": {"vetting_status": request.vetting_status}})
    if request.near and request.radius_km is not None:
        lat, lon = request.near
        filters.append({"geo_distance": {"distance": f"{request.radius_km}km", "location": {"lat": lat, "lon": lon}}})
    return filters


def text_query(q: str) -> dict[str, Any]:
    """Free text (see search.text): exact names and phrases first, then typo-tolerant words of
    names, places, what is offered and accreditations, weighted; romanised names; and, for
    Chinese, name bigrams, most of which must be found."""
    names = ["name", "aliases"]
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": q, "fields": names, "type": "phrase", "boost": 2}},
        {"term": {"name.keyword": {"value": q.lower(), "boost": 5}}},
        {"term": {"aliases.keyword": {"value": q.lower(), "boost": 5}}},
    ]
    words = text.query_words(q)
    if words:
        fields = [f"{f}^{text.WEIGHTS[kind]:g}" for kind, group in text.FIELDS.items() for f in group]
        should.append({"multi_match": {"query": words, "fields": fields, "fuzziness": "AUTO", "prefix_length": 1}})
        should.append(
            {
                "match": {
                    "romanised": {
                        "query": text.fold(words),
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                        "boost": text.WEIGHTS["romanised"],
                    }
                }
            }
        )
    if text.has_cjk(q):
        should.append(
            {
                "multi_match": {
                    "query": q,
                    "fields": ["name.bigrams", "aliases.bigrams"],
                    "minimum_should_match": "2<75%",
                    "boost": text.WEIGHTS["names"],
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def search_body(request: SearchRequest) -> dict[str, Any]:
    query: dict[str, Any] = {"bool": {"filter": search_filters(request)}}
    if request.q:
        query["bool"]["must"] = [text_query(request.q)]
    sort: list[Any]
    if request.order == "relevance":
        sort = [{"_score": "desc"}, {"slug": "asc"}]
    elif request.order == "distance":
        lat, lon = request.near  # type: ignore[misc]
        sort = [
            {"_geo_distance": {"location": {"lat": lat, "lon": lon}, "order": "asc", "unit": "km"}},
            {"slug": "asc"},
        ]
    else:
        sort = [{"slug": "asc"}]
    return {
        "query": query,
        "_source": {"excludes": list(TEXT_ONLY)},
        "sort": sort,
        "from": (request.page - 1) * request.page_size,
        "size": request.page_size,
        "track_total_hits": True,
        "aggs": {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACETS.items()},
    }


# --- suggestions ------------------------------------------------------------------------------

#: Elasticsearch is asked for this many completions beyond the limit, so that ordering ties the
#: same way as the local backend (by weight, then the completed text) sees every contender.
SUGGEST_MARGIN = 10


@dataclass(frozen=True)
class Suggestion:
    """A completion: a centre (by a name, alias or romanised name: ``matched``) or a city."""

    kind: str  # centre | city
    text: str  # what to show: the centre's name, or the city
    matched: str  # the input that the typed prefix completes
    weight: int
    country: str
    slug: str | None = None
    city: str | None = None

    @property
    def order(self) -> tuple[int, str, str]:
        return (-self.weight, text.completion_order(self.matched), self.slug or self.text)


def ordered(found: list[Suggestion], limit: int) -> list[Suggestion]:
    """Centres first, then cities; each by weight, then the completed text; at most ``limit`` of
    each kind."""
    centres = sorted((s for s in found if s.kind == "centre"), key=lambda s: s.order)[:limit]
    cities = sorted((s for s in found if s.kind == "city"), key=lambda s: s.order)[:limit]
    return centres + cities


def suggest_body(prefix: str, limit: int) -> dict[str, Any]:
    size = limit + SUGGEST_MARGIN
    return {
        "_source": ["slug", "name", "city", "country"],
        "suggest": {
            "centres": {"prefix": prefix, "completion": {"field": "suggest", "size": size}},
            "cities": {
                "prefix": prefix,
                "completion": {"field": "suggest_city", "size": size, "skip_duplicates": True},
            },
        },
    }


# --- match ------------------------------------------------------------------------------------


def match_filters(plan: MatchPlan) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [
        {"term": {"vetting_status": "vetted"}},
        {"term": {"accepting_referrals": True}},
        {"term": {"offers": f"{plan.service}:{plan.site}"}},
    ]
    if plan.countries:
        filters.append({"terms": {"country": list(plan.countries)}})
    if plan.today is not None:  # a vetting whose review date has passed has lapsed
        filters.append(
            {
                "bool": {
                    "should": [
                        {"range": {"next_review_due": {"gte": plan.today}}},
                        {"bool": {"must_not": {"exists": {"field": "next_review_due"}}}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    if not plan.include_near_misses:
        filters += [{"terms": {"requirement_codes": list(need.any_of)}} for need in plan.requirements]
    return filters


def _offering_functions(plan: MatchPlan) -> list[dict[str, Any]]:
    """The offering's parts of the score, computed on the nested service document."""
    w = plan.params.weights

    def factor(field: str, weight: float) -> dict[str, Any]:
        return {"field_value_factor": {"field": f"services.{field}", "factor": weight, "missing": 0}}

    functions = [factor("experience", w["experience"]), factor("access", w["access"])]
    if plan.budget_usd is None:
        functions.append(factor("cost_free", w["cost"]))
    else:
        budget = plan.budget_usd
        # Linear decay: 1 up to `offset`, 0 at offset + scale / (1 - decay) = multiple × budget.
        span = (plan.params.budget_zero_multiple - 1) * budget
        for field in ("cost_min_usd", "cost_max_usd"):
            functions.append(
                {
                    "filter": {"exists": {"field": f"services.{field}"}},
                    "linear": {f"services.{field}": {"origin": 0, "offset": budget, "scale": span / 2, "decay": 0.5}},
                    "weight": 0.5 * w["cost"],
                }
            )
    if not plan.requirements:
        functions.append(factor("evidence", w["evidence"]))
    return [f for f in functions if f.get("weight", 1) > 0 and f.get("field_value_factor", {}).get("factor", 1) > 0]


def _evidence_functions(need: Need, weight: float, evidence: Mapping[str, float]) -> list[dict[str, Any]]:
    """The evidence of one requirement: the value of its best-verified available capability.

    The states are put in one strict order (value, then name); the function for a state
    matches when some capability of the requirement has it and none has a state before it,
    so exactly one function matches a met requirement, whatever its number of capabilities."""
    order = sorted(evidence, key=lambda state: (-evidence[state], state))
    functions = []
    for position, state in enumerate(order):
        if evidence[state] <= 0:
            continue
        having: dict[str, Any] = {"terms": {"capability_evidence": [f"{code}:{state}" for code in need.any_of]}}
        better = [f"{code}:{s}" for code in need.any_of for s in order[:position]]
        if len(need.any_of) > 1 and better:
            having = {"bool": {"filter": [having], "must_not": [{"terms": {"capability_evidence": better}}]}}
        functions.append({"filter": having, "weight": weight * evidence[state]})
    return functions


def _centre_functions(plan: MatchPlan) -> list[dict[str, Any]]:
    """Evidence per requirement, language, and the near-miss order, on the centre document.

    A function_score in which no function matches scores 1, not 0; the baseline that always
    matches keeps the sum exact (it adds the same constant to every centre)."""
    w = plan.params.weights
    functions: list[dict[str, Any]] = [{"weight": BASELINE}]
    n = len(plan.requirements)
    for need in plan.requirements:
        functions += _evidence_functions(need, w["evidence"] / n, plan.params.evidence)
        if plan.include_near_misses:
            functions.append({"filter": {"terms": {"requirement_codes": list(need.any_of)}}, "weight": NEAR_MISS_STEP})
    if w["language"] > 0:
        if plan.languages:
            functions.append({"filter": {"terms": {"language_bases": list(plan.languages)}}, "weight": w["language"]})
        else:
            functions.append({"weight": w["language"]})
    return functions


def _offering_filters(plan: MatchPlan) -> list[dict[str, Any]]:
    """The offering that treats the case: the service, the site, and within a maximum budget."""
    filters: list[dict[str, Any]] = [
        {"term": {"services.code": plan.service}},
        {"term": {"services.sites": plan.site}},
    ]
    if plan.budget_max_usd is not None:
        filters.append({"range": {"services.cost_min_usd": {"lte": plan.budget_max_usd}}})
    return filters


def match_body(plan: MatchPlan) -> dict[str, Any]:
    """The candidates of a match, best first, scored with the ranking formula."""
    offering = {
        "nested": {
            "path": "services",
            "score_mode": "max",
            "query": {
                "function_score": {
                    "query": {"bool": {"filter": _offering_filters(plan)}},
                    "functions": _offering_functions(plan),
                    "score_mode": "sum",
                    "boost_mode": "replace",
                }
            },
        }
    }
    return {
        "query": {
            "function_score": {
                "query": {"bool": {"filter": match_filters(plan), "must": [offering]}},
                "functions": _centre_functions(plan),
                "score_mode": "sum",
                "boost_mode": "sum",
            }
        },
        "sort": [{"_score": "desc"}, {"slug": "asc"}],
        "size": plan.limit + CANDIDATE_MARGIN,
        "track_total_hits": False,
        "_source": list(MATCH_FIELDS),
    }
