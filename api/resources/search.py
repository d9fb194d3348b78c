"""Finding centres: free-text and structured search, and the case match."""

from __future__ import annotations

import time
from typing import Any

from flask import Response, current_app
from flask.views import MethodView

from api import metrics, schemas
from api.oauth import current_identity, requires
from api.resources import Blueprint, known_codes
from search.queries import SearchRequest
from search.ranking import language_bases
from search.service import SearchService, match_answer

blp = Blueprint("search", __name__, url_prefix="/v1", description="Search and match.")


def prepared(body: dict[str, Any]) -> Response:
    """A body the view already built in the documented shape, sent as it is.

    A match answer is large (every result with its advisories and each fact's provenance), and
    dumping it again through its marshmallow schema cost about a quarter of the request. The
    schema still documents it, and the fuzz tests check every answer against the document."""
    return current_app.response_class(current_app.json.dumps(body), mimetype="application/json")


#: The argument schemas, made once: a schema passed as a class is made again for every request
#: (for the match input, a fifth of the Python time of a request).
SEARCH_QUERY = schemas.SearchQuerySchema()
SUGGEST_QUERY = schemas.SuggestQuerySchema()
MATCH_INPUT = schemas.MatchInputSchema()


def search_service() -> SearchService:
    return current_app.extensions["search"]


@blp.route("/centres/search")
class CentreSearch(MethodView):
    @blp.doc(operationId="searchCentres")
    @requires("centres:read")
    @blp.arguments(SEARCH_QUERY, location="query", error_status_code=400)
    @blp.response(200, schemas.SearchResponseSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Search centres: free text (names in any script, romanised, places, offers), filters, facets.

        Every role may call it (scope centres:read). Answers a page of hits, best first with q
        (by distance with near, else by slug), each with its vetting, capabilities and their
        provenance, and the facets (countries, sites, capabilities, vetting statuses) of
        everything that matches. backend says which search backend answered (degraded says why
        the preferred one did not). A code that is not the vocabulary's, radius_km without near,
        or a parameter given twice that takes one value, is a 400."""
        known_codes(query)
        request = SearchRequest(
            q=query.get("q"),
            countries=tuple(query.get("country", ())),
            sites=tuple(query.get("site", ())),
            capabilities=tuple(query.get("capability", ())),
            languages=tuple(language_bases(query.get("language", ()))),
            vetting_status=query.get("vetting_status"),
            near=query.get("near"),
            radius_km=query.get("radius_km"),
            page=query["page"],
            page_size=query["page_size"],
        )
        result = search_service().search(request)
        return {
            "backend": result.answer.backend,
            "degraded": result.answer.degraded,
            "order": request.order,
            "page": request.page,
            "page_size": request.page_size,
            "total": result.hits.total,
            "items": [{**hit.document, "score": hit.score, "distance_km": hit.distance_km} for hit in result.hits.hits],
            "facets": result.hits.facets,
        }


@blp.route("/centres/suggest")
class CentreSuggest(MethodView):
    @blp.doc(operationId="suggestCentres")
    @requires("centres:read")
    @blp.arguments(SUGGEST_QUERY, location="query", error_status_code=400)
    @blp.response(200, schemas.SuggestResponseSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Completions as someone types: centres whose name, alias or romanised name (pinyin,
        transliterated Devanagari) has a word starting with what was typed, then cities.

        Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
        complete 北京协和医院; a centre's name counts before an alias, an alias before a
        romanised name, and the start of each before a later word.

        Every role may call it (scope centres:read). Answers up to limit centres (with their
        slug), then up to limit cities, each with the name or alias it matched. q is required:
        without it, a 400."""
        answer, found = search_service().suggest(query["q"], query["limit"])
        return {
            "backend": answer.backend,
            "degraded": answer.degraded,
            "items": [
                {
                    "kind": s.kind,
                    "text": s.text,
                    "matched": s.matched,
                    "country": s.country,
                    "slug": s.slug,
                    "city": s.city,
                }
                for s in found
            ],
        }


@blp.route("/match")
class Match(MethodView):
    @blp.doc(operationId="matchCentres")
    @requires("match")
    @blp.arguments(MATCH_INPUT)
    @blp.response(200, schemas.MatchResponseSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Centres suitable for a case, best first, each with what it meets and misses.

        The service's clinical rules (see the vocabulary) decide what the case requires, what to
        advise and what to warn of. Only vetted centres that accept referrals and treat the site,
        in a destination country, are considered. A coordinator may waive a required rule for
        the case, with a reason (audited); ``explain`` says why named centres are or are not
        among the results.

        Coordinators and the intake service may call it (scope match); only a coordinator may
        waive (another client: 403). The case carries no name, contact or identity: such a field
        is a 422. Answers the rules that apply, the results with their score and its parts,
        requirements met and missed, estimated cost (in USD when a rate is known) and every
        fact's provenance. A lesion site the service does not treat, guidance that is not an
        imaging code, a rule that is not a required rule of the service, both budget and
        budget_usd, or a budget currency without an exchange rate, is a 422."""
        profile = {k: v for k, v in data.items() if k not in ("waive", "explain")}
        started = time.perf_counter()
        result = search_service().match(current_identity(), profile, data["waive"], data["explain"])
        metrics.matched(result.answer.backend, time.perf_counter() - started)
        return prepared(match_answer(result, bool(data["explain"])))
