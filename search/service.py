"""Search and match, as the API asks for them: one backend answers, and says which.

With Elasticsearch configured, it answers; when it cannot (down, or no index yet), the local
backend answers instead and the response says so (``degraded``). After a failure the local
backend keeps answering for a short while before Elasticsearch is tried again, so that a
down cluster does not cost every request a timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from directory.db import utcnow
from directory.errors import InvalidInput
from directory.rules import requirements
from directory.services import Services
from directory.services.vocabulary import Vocabulary
from search.documents import centre_document
from search.elastic import ElasticsearchBackend, SearchHits, unavailable
from search.local import LocalBackend
from search.queries import SearchRequest
from search.ranking import (
    MatchPlan,
    Ranked,
    RankingParams,
    eligible_offering,
    language_bases,
    offering_for,
    rank,
    score,
)

log = logging.getLogger(__name__)

MATCH_SERVICE = "bone-cryoablation"
#: After Elasticsearch fails, answer locally for this long before trying it again.
COOLDOWN_SECONDS = 5.0
#: The vocabulary changes only when the seed files are loaded; a match may use it this stale.
VOCABULARY_CHECK_SECONDS = 2.0

T = TypeVar("T")


class Backend(Protocol):
    name: str

    def search(self, request: SearchRequest) -> SearchHits: ...

    def candidates(self, plan: MatchPlan) -> list[dict[str, Any]]: ...

    def health(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Answer:
    backend: str
    degraded: str | None  # why the preferred backend did not answer


@dataclass(frozen=True)
class SearchResult:
    answer: Answer
    hits: SearchHits
    request: SearchRequest


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    rule: str
    kind: str
    reason: str


@dataclass(frozen=True)
class MatchResult:
    answer: Answer
    vocabulary_version: str
    requirements: list[Requirement]
    ranked: list[Ranked]


@dataclass
class SearchService:
    services: Services
    local: LocalBackend
    primary: ElasticsearchBackend | None = None
    cooldown: float = COOLDOWN_SECONDS
    _down_until: float = field(default=0.0, init=False)
    _down_reason: str | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _vocabulary: Vocabulary | None = field(default=None, init=False)
    _vocabulary_checked: float = field(default=0.0, init=False)

    @property
    def preferred(self) -> str:
        return self.primary.name if self.primary else self.local.name

    # --- answering, with the fallback ------------------------------------------------------------

    def _answer(self, ask: Callable[[Backend], T]) -> tuple[Answer, T]:
        if self.primary is not None:
            now = time.monotonic()
            if now >= self._down_until:
                try:
                    return Answer(self.primary.name, None), ask(self.primary)
                except Exception as error:
                    if not unavailable(error):
                        raise
                    with self._lock:
                        self._down_until = now + self.cooldown
                        self._down_reason = f"Elasticsearch unavailable ({type(error).__name__})"
                    log.warning("search falls back to the local backend: %s", error)
            return Answer(self.local.name, self._down_reason), ask(self.local)
        return Answer(self.local.name, None), ask(self.local)

    def search(self, request: SearchRequest) -> SearchResult:
        answer, hits = self._answer(lambda backend: backend.search(request))
        return SearchResult(answer, hits, request)

    def vocabulary(self) -> Vocabulary:
        """The vocabulary in force, cached; its version is checked at most every few seconds."""
        now = time.monotonic()
        if self._vocabulary is None or now >= self._vocabulary_checked + VOCABULARY_CHECK_SECONDS:
            current = self.services.vocabulary.version()
            if self._vocabulary is None or self._vocabulary.version != current:
                self._vocabulary = self.services.vocabulary.read()
            self._vocabulary_checked = now
        return self._vocabulary

    def match(self, profile: Mapping[str, Any]) -> MatchResult:
        vocabulary = self.vocabulary()
        plan, explained = plan_for(vocabulary, profile)
        answer, candidates = self._answer(lambda backend: backend.candidates(plan))
        return MatchResult(answer, vocabulary.version, explained, rank(candidates, plan))

    def explain_centre(self, profile: Mapping[str, Any], slug: str) -> dict[str, Any]:
        """How one centre answers a case, from the database as it is now (no index needed):
        the snapshot a referral keeps of why the centre was chosen."""
        vocabulary = self.vocabulary()
        plan, explained = plan_for(vocabulary, {**profile, "include_near_misses": True})
        snapshot = self.services.snapshots.by_slug([slug]).get(slug)
        if snapshot is None:
            raise InvalidInput("Unknown centre.", {"centre": [f"No centre {slug!r}."]})
        document = centre_document(snapshot, plan.params)
        offering = eligible_offering(document, plan)
        base = {
            "vocabulary_version": vocabulary.version,
            "requirements": [r.__dict__ for r in explained],
            "taken_at": utcnow().isoformat(),
        }
        if offering is None:
            why = []
            if document["vetting_status"] != "vetted":
                why.append(f"vetting is {document['vetting_status']}")
            if not document["accepting_referrals"]:
                why.append("not accepting referrals")
            if plan.countries and document["country"] not in plan.countries:
                why.append("not in a destination country")
            if offering_for(document, plan) is None:
                why.append(f"does not treat {plan.site}")
            return {**base, "eligible": False, "why_not": why}
        return {**base, "eligible": True, **explain(score(document, offering, plan))}

    # --- health -----------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """The preferred backend's state: ``ok``, or degraded to the local backend."""
        if self.primary is None:
            return {"backend": self.local.name, "ok": True}
        try:
            state = self.primary.health()
        except Exception as error:  # noqa: BLE001 (any failure means: not answering)
            return {
                "backend": self.primary.name,
                "ok": False,
                "fallback": self.local.name,
                "error": type(error).__name__,
            }
        return {"backend": self.primary.name, **state}


def plan_for(vocabulary: Vocabulary, profile: Mapping[str, Any]) -> tuple[MatchPlan, list[Requirement]]:
    """What a case profile asks of a centre, from the vocabulary's rules, and why (pure).

    Advisory rules are explained but do not filter or rank."""
    site = profile["lesion_site"]
    if site not in {s["code"] for s in vocabulary.sites}:
        raise InvalidInput(
            "Unknown lesion site.",
            {"lesion_site": [f"{site!r} is not a lesion site: see /v1/vocabulary."]},
        )
    found = requirements(vocabulary.rule_objects(), profile)
    explained = [Requirement(r.code, vocabulary.label(r.code), r.rule, r.kind, r.reason) for r in found]
    plan = MatchPlan(
        service=MATCH_SERVICE,
        site=site,
        requirements=tuple(r.code for r in found if r.kind == "required"),
        countries=tuple(profile.get("destination_countries") or ()),
        languages=tuple(language_bases(profile.get("languages") or ())),
        budget_usd=profile.get("budget_usd"),
        include_near_misses=bool(profile.get("include_near_misses")),
        limit=int(profile.get("limit", 10)),
        params=RankingParams.from_data(vocabulary.ranking),
    )
    return plan, explained


def explain(ranked: Ranked) -> dict[str, Any]:
    """One match result, with its reasons: what it meets, what it misses, what it will cost."""
    document, offering = ranked.document, ranked.offering
    capabilities = {c["code"]: c for c in document["capabilities"]}
    return {
        "centre": {
            key: document[key]
            for key in ("slug", "name", "country", "city", "languages", "vetting_status", "accepting_referrals")
        },
        "score": round(ranked.score, 4),
        "score_parts": {name: round(value, 4) for name, value in ranked.parts.items()},
        "met": ranked.met,
        "missing": ranked.missing,
        "gaps": [
            {"code": code, "status": capabilities[code]["status"] if code in capabilities else "not reported"}
            for code in ranked.missing
        ],
        "capabilities_used": [
            {"code": code, "status": "available", "verification": capabilities[code]["verification"]}
            for code in ranked.met
        ],
        "estimated_cost": (
            {"currency": offering["cost_currency"], "min": offering["cost_min"], "max": offering["cost_max"]}
            if offering["cost_currency"]
            else None
        ),
        "wait_days": offering["wait_days"],
        "annual_volume": offering["annual_volume"],
    }
