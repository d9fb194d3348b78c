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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from directory.db import utcnow
from directory.errors import InvalidInput
from directory.identity import Identity
from directory.rules import Applied, applicable
from directory.services import Services
from directory.services.rates import BASE, USD, Rate
from directory.services.vocabulary import DEFAULT_SERVICE, Vocabulary
from directory.text import Text
from search.documents import SEARCH_TOPICS, centre_document
from search.elastic import ElasticsearchBackend, SearchHits, unavailable
from search.eligibility import REASON_CODES, Need, Reason, assess
from search.local import LocalBackend
from search.queries import SearchRequest, Suggestion
from search.ranking import MatchPlan, Ranked, RankingParams, language_bases, rank, score
from search.text import completion_key

log = logging.getLogger(__name__)

#: After Elasticsearch fails, answer locally for this long before trying it again.
COOLDOWN_SECONDS = 5.0
#: The vocabulary changes only when the seed files are loaded; a match may use it this stale.
VOCABULARY_CHECK_SECONDS = 2.0

T = TypeVar("T")


class Backend(Protocol):
    name: str

    def search(self, request: SearchRequest) -> SearchHits: ...

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]: ...

    def candidates(self, plan: MatchPlan) -> list[dict[str, Any]]: ...

    def fetch(self, slugs: Sequence[str]) -> dict[str, dict[str, Any]]: ...

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
class Waiver:
    rule: str
    reason: str
    by: str


@dataclass(frozen=True)
class Case:
    """What the rules say of one case: the plan a backend runs, and everything the answer
    explains (requirements, waivers, advisories, case warnings, the cost context)."""

    plan: MatchPlan
    vocabulary: Vocabulary
    requirements: list[Applied]  # required rules that hold, waived ones included
    advisories: list[Applied]
    case_warnings: list[Applied]
    waived: list[Waiver]  # the waivers that took effect (of rules that hold for the case)

    @property
    def waived_rules(self) -> set[str]:
        return {w.rule for w in self.waived}


@dataclass(frozen=True)
class MatchResult:
    answer: Answer
    case: Case
    ranked: list[Ranked]  # the results, at most the plan's limit
    explanations: list[dict[str, Any]]


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
    _rates: dict[str, Rate] | None = field(default=None, init=False)
    _rates_checked: float = field(default=0.0, init=False)

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

    def suggest(self, prefix: str, limit: int) -> tuple[Answer, list[Suggestion]]:
        """As-you-type completions: centres by name, alias or romanised name, then cities."""
        if not completion_key(prefix):  # nothing but spaces and punctuation: nothing to complete
            return Answer(self.preferred, None), []
        return self._answer(lambda backend: backend.suggest(prefix, limit))

    def vocabulary(self) -> Vocabulary:
        """The vocabulary in force, cached; its version is checked at most every few seconds."""
        now = time.monotonic()
        if self._vocabulary is None or now >= self._vocabulary_checked + VOCABULARY_CHECK_SECONDS:
            current = self.services.vocabulary.version()
            if self._vocabulary is None or self._vocabulary.version != current:
                self._vocabulary = self.services.vocabulary.read()
            self._vocabulary_checked = now
        return self._vocabulary

    def rates(self) -> dict[str, Rate]:
        """The exchange rates in force, cached for as long as the vocabulary's version check."""
        now = time.monotonic()
        if self._rates is None or now >= self._rates_checked + VOCABULARY_CHECK_SECONDS:
            self._rates = self.services.rates.current()
            self._rates_checked = now
        return self._rates

    def match(
        self,
        identity: Identity,
        profile: Mapping[str, Any],
        waive: Sequence[Mapping[str, str]] = (),
        explain: Sequence[str] = (),
    ) -> MatchResult:
        """Centres for a case, best first; with ``waive``, a coordinator sets required rules
        aside for this case (checked and audited by the directory); with ``explain``, why each
        named centre is or is not among the results."""
        vocabulary = self.vocabulary()
        case = plan_for(vocabulary, profile, self.rates(), waive, by=identity.subject or identity.client_id)
        if waive:
            self.services.vocabulary.record_waivers(
                identity,
                case.plan.service,
                case.plan.site,
                [(w["rule"], w["reason"]) for w in waive],
                case.waived_rules,
            )
        plan = case.plan

        def ask(backend: Backend) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
            return backend.candidates(plan), backend.fetch(explain) if explain else {}

        answer, (candidates, named) = self._answer(ask)
        ranked = rank(candidates, plan)[: plan.limit]
        explanations = [why(case, slug, named.get(slug), ranked) for slug in explain]
        return MatchResult(answer, case, ranked, explanations)

    def explain_centre(self, profile: Mapping[str, Any], slug: str) -> dict[str, Any]:
        """How one centre answers a case, from the database as it is now (no index needed):
        the snapshot a referral keeps of why the centre was chosen."""
        vocabulary, rates = self.vocabulary(), self.rates()
        case = plan_for(vocabulary, {**profile, "include_near_misses": True}, rates)
        snapshot = self.services.snapshots.by_slug([slug]).get(slug)
        if snapshot is None:
            raise InvalidInput(Text("Unknown centre."), {"centre": [Text("No centre %(slug)r.", slug=slug)]})
        document = centre_document(snapshot, case.plan.params, rates)
        assessment = assess(document, case.plan)
        base = {
            "centre": centre_view(document),
            "vocabulary_version": vocabulary.version,
            "service": case.plan.service,
            "requirements": [requirement_view(case, applied) for applied in case.requirements],
            "case_warnings": notes(case.case_warnings, case),
            "taken_at": utcnow().isoformat(),
            "eligible": assessment.eligible,
            "fits": assessment.fits,
            "reasons": [r.as_dict() for r in assessment.reasons(vocabulary.labels)],
        }
        if not assessment.eligible:
            return {**base, "why_not": [r.text for r in assessment.barriers]}
        return {**base, **result_view(score(assessment, case.plan), case)}

    # --- health -----------------------------------------------------------------------------

    @property
    def unsettled_topics(self) -> tuple[str, ...]:
        """Outbox topics nothing in this deployment settles: without Elasticsearch, the search
        topics (the local backend reads them as a feed and never marks them done)."""
        return SEARCH_TOPICS if self.primary is None else ()

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


def plan_for(
    vocabulary: Vocabulary,
    profile: Mapping[str, Any],
    rates: Mapping[str, Rate] | None = None,
    waive: Sequence[Mapping[str, str]] = (),
    by: str = "",
) -> Case:
    """What the vocabulary's rules make of a case profile (pure): the plan a backend runs, and
    the requirements, advisories and case warnings that explain it. Waived required rules are
    left out of the plan and listed with who waived them and why."""
    service_code = profile.get("service") or DEFAULT_SERVICE
    service = vocabulary.service(service_code)
    if service is None:
        raise InvalidInput(
            Text("Unknown service."),
            {"service": [Text("%(service)r is not a service: see the vocabulary.", service=service_code)]},
        )
    site = profile["lesion_site"]
    if site not in service["sites"]:
        known = {s["code"] for s in vocabulary.sites}
        detail = (
            Text("%(site)r is not a lesion site: see the vocabulary.", site=site)
            if site not in known
            else Text("%(site)r is not a site %(service)s treats: see the vocabulary.", site=site, service=service_code)
        )
        raise InvalidInput(Text("Unknown lesion site."), {"lesion_site": [detail]})
    guidance = profile.get("guidance")
    if guidance is not None and guidance not in vocabulary.capability_codes("imaging"):
        raise InvalidInput(
            Text("Unknown guidance."),
            {"guidance": [Text("%(code)r is not an imaging capability: see the vocabulary.", code=guidance)]},
        )
    rules = vocabulary.rule_objects
    if waive:
        kinds = {rule.code: rule for rule in rules}
        problems = {
            f"waive.{i}.rule": [
                Text(
                    "%(rule)r is not a required rule of %(service)s: see the vocabulary.",
                    rule=w["rule"],
                    service=service_code,
                )
            ]
            for i, w in enumerate(waive)
            if w["rule"] not in kinds or kinds[w["rule"]].kind != "required" or kinds[w["rule"]].service != service_code
        }
        if problems:
            raise InvalidInput(Text("Only required rules of the service can be waived."), problems)
    budget_usd, budget_max_usd = budget_in_usd(profile, rates or {BASE: USD})
    settings = vocabulary.setting_objects
    applied = applicable(rules, {**profile, "service": service_code}, settings)
    required = [a for a in applied if a.kind == "required"]
    reasons = {w["rule"]: w["reason"] for w in waive}
    waived = [Waiver(a.code, reasons[a.code], by) for a in required if a.code in reasons]
    plan = MatchPlan(
        service=service_code,
        site=site,
        requirements=tuple(Need(a.code, a.requires) for a in required if a.code not in reasons),
        countries=tuple(profile.get("destination_countries") or ()),
        languages=tuple(language_bases(profile.get("languages") or ())),
        budget_usd=budget_usd,
        budget_max_usd=budget_max_usd,
        include_near_misses=bool(profile.get("include_near_misses")),
        limit=int(profile.get("limit", 10)),
        params=RankingParams.from_vocabulary(vocabulary),
        today=utcnow().date().isoformat(),
    )
    return Case(
        plan=plan,
        vocabulary=vocabulary,
        requirements=required,
        advisories=[a for a in applied if a.kind == "advisory"],
        case_warnings=[a for a in applied if a.kind == "case-warning"],
        waived=waived,
    )


def budget_in_usd(profile: Mapping[str, Any], rates: Mapping[str, Rate]) -> tuple[float | None, float | None]:
    """The case's budget and maximum in USD: ``budget_usd``, or ``budget`` in any currency with
    an exchange rate (``budget_max`` is in the same currency). No rate: a clear refusal."""
    if "budget" in profile:
        currency, amount = profile["budget"]["currency"], profile["budget"]["amount"]
    else:
        currency, amount = BASE, profile.get("budget_usd")
    ceiling = profile.get("budget_max")
    if amount is None and ceiling is None:
        return None, None
    rate = rates.get(currency)
    if rate is None:
        raise InvalidInput(
            Text("No exchange rate for the budget's currency."),
            {
                "budget.currency": [
                    Text(
                        "No exchange rate for %(currency)s: an admin sets one (PUT /v1/exchange-rates/%(currency)s).",
                        currency=currency,
                    )
                ]
            },
        )
    return rate.to_usd(amount), rate.to_usd(ceiling)


# --- the answer, as data ---------------------------------------------------------------------------


def centre_view(document: Mapping[str, Any]) -> dict[str, Any]:
    """A centre as a result shows it: who it is, whether it is demo data, and its vetting with
    the vetting's provenance."""
    found = {
        key: document[key]
        for key in ("slug", "name", "country", "city", "languages", "vetting_status", "accepting_referrals", "demo")
    }
    found["vetting"] = document["vetting"]
    return found


def requirement_view(case: Case, applied: Applied) -> dict[str, Any]:
    names = case.vocabulary.labels
    return {
        "rule": applied.code,
        "kind": applied.kind,
        "code": applied.requires[0] if len(applied.requires) == 1 else None,
        "any_of": list(applied.requires),
        "label": " or ".join(names.get(code, code) for code in applied.requires),
        "reason": applied.text(case.vocabulary.setting_objects),
        "unstated": list(applied.unstated),
        "waived": applied.code in case.waived_rules,
    }


def notes(applied: Sequence[Applied], case: Case) -> list[dict[str, Any]]:
    settings = case.vocabulary.setting_objects
    return [{"rule": a.code, "text": a.text(settings)} for a in applied]


def context_view(case: Case) -> dict[str, Any]:
    """The cost context the source gives for the service, and what a centre's cost is per."""
    service = case.vocabulary.service(case.plan.service) or {}
    basis = service.get("cost_basis") or ""
    return {
        "service": case.plan.service,
        "cost_basis": basis,
        "note": f"A centre's cost is per {basis}, as the centre reports it." if basis else "",
        "references": [dict(reference) for reference in service.get("context", [])],
    }


def match_answer(result: MatchResult, explain: bool) -> dict[str, Any]:
    """A match answer in the API's documented shape: what the case requires, advises and warns
    of, the cost context, the results and (asked for) why named centres are or are not among them.
    The REST view sends it; the web app renders it."""
    case = result.case
    answer = {
        "backend": result.answer.backend,
        "degraded": result.answer.degraded,
        "vocabulary_version": case.vocabulary.version,
        "service": case.plan.service,
        "requirements": [requirement_view(case, applied) for applied in case.requirements],
        "case_warnings": notes(case.case_warnings, case),
        "context": context_view(case),
        "results": [result_view(r, case) for r in result.ranked],
    }
    if explain:
        answer["explanations"] = result.explanations
    return answer


def result_view(ranked: Ranked, case: Case) -> dict[str, Any]:
    """One match result, with its reasons: what it meets, what it misses, what it will cost,
    the advisories for the case and the waivers that let it through."""
    document, offering, assessment = ranked.document, ranked.offering, ranked.assessment
    capabilities = {c["code"]: c for c in document["capabilities"]}
    basis = (case.vocabulary.service(case.plan.service) or {}).get("cost_basis") or None
    cost = offering["cost_usd"]
    return {
        "centre": centre_view(document),
        "score": round(ranked.score, 4),
        "score_parts": {name: round(value, 4) for name, value in ranked.parts.items()},
        "met": ranked.met,
        "missing": ranked.missing,
        "gaps": [
            {"code": gap.code, "status": gap.status, "notes": gap.notes, "rule": rule}
            for rule, gaps in assessment.gaps.items()
            for gap in gaps
        ],
        "capabilities_used": [
            {
                "code": code,
                "rule": need.rule,
                "status": "available",
                "verification": document["available"][code],
                "reported_as": "capability" if code in capabilities else "imaging",
                "provenance": capabilities[code]["provenance"] if code in capabilities else offering["provenance"],
            }
            for need, code in assessment.met
        ],
        "advisories": notes(case.advisories, case),
        "waived": [{"rule": w.rule, "reason": w.reason, "by": w.by} for w in case.waived],
        "estimated_cost": (
            {
                "currency": offering["cost_currency"],
                "min": offering["cost_min"],
                "max": offering["cost_max"],
                "per": basis,
                "usd": ({"min": cost["min"], "max": cost["max"], "rate": cost["rate"]} if cost["known"] else None),
                "usd_unknown_because": cost["why"],
            }
            if offering["cost_currency"]
            else None
        ),
        "unknown": [] if cost["known"] else ["cost"],
        "wait_days": offering["wait_days"],
        "annual_volume": offering["annual_volume"],
        "offering_provenance": offering["provenance"],
    }


def why(case: Case, slug: str, document: Mapping[str, Any] | None, results: Sequence[Ranked]) -> dict[str, Any]:
    """Why one named centre is or is not among a match's results."""
    plan, names = case.plan, case.vocabulary.labels
    if document is None:
        reason = Reason("unknown-centre", f"There is no centre {slug!r} in the directory.")
        return {
            "centre": slug,
            "name": None,
            "demo": None,
            "included": False,
            "position": None,
            "reasons": [reason.as_dict()],
        }
    assessment = assess(document, plan)
    position = next((i for i, r in enumerate(results, 1) if r.slug == slug), None)
    reasons = assessment.reasons(names)
    if position is not None:
        lead = "near-miss" if assessment.unmet else "fits"
        reasons = [Reason(lead, REASON_CODES[lead]), *reasons]
    elif assessment.eligible and assessment.unmet and not plan.include_near_misses:
        reasons.append(Reason("near-misses-not-asked", REASON_CODES["near-misses-not-asked"]))
    elif assessment.eligible:
        mine = score(assessment, plan).score
        last = f"; the last of them scored {results[-1].score:.4f}" if results else ""
        reasons.append(
            Reason(
                "below-limit",
                f"Fits with a score of {mine:.4f}, but ranks below the {plan.limit} results asked for{last}.",
            )
        )
    return {
        "centre": slug,
        "name": document["name"],
        "demo": document["demo"],
        "included": position is not None,
        "position": position,
        "reasons": [r.as_dict() for r in reasons],
    }
