"""Finding centres: free-text and structured search, and the case match."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask.views import MethodView

from api import schemas
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


def search_service() -> SearchService:
    return current_app.extensions["search"]


@blp.route("/centres/search")
class CentreSearch(MethodView):
    @blp.doc(operationId="searchCentres")
    @requires("centres:read")
    @blp.arguments(schemas.SearchQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.SearchResponseSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Search centres: free text (names in any script, romanised, places, offers), filters, facets."""
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
    @blp.arguments(schemas.SuggestQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.SuggestResponseSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Completions as someone types: centres whose name, alias or romanised name (pinyin,
        transliterated Devanagari) has a word starting with what was typed, then cities.

        Words are compared without the spaces between them, so ``xie he`` and ``xiehe`` both
        complete 北京协和医院; a centre's name counts before an alias, an alias before a
        romanised name, and the start of each before a later word."""
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
    @blp.arguments(schemas.MatchInputSchema)
    @blp.response(200, schemas.MatchResponseSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Centres suitable for a case, best first, each with what it meets and misses.

        The service's clinical rules (see the vocabulary) decide what the case requires, what to
        advise and what to warn of. Only vetted centres that accept referrals and treat the site,
        in a destination country, are considered. A coordinator may waive a required rule for
        the case, with a reason (audited); ``explain`` says why named centres are or are not
        among the results."""
        profile = {k: v for k, v in data.items() if k not in ("waive", "explain")}
        result = search_service().match(current_identity(), profile, data["waive"], data["explain"])
        return prepared(match_answer(result, bool(data["explain"])))
