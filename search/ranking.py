"""Ranking v1: pure functions, with weights and constants from the vocabulary (data).

Each part is 0..1; the score is their weighted sum.

- evidence: mean over the requirements of the value of the verification state of the capability
  that meets it (the best verified, for an any-of requirement: verified 1, self-reported and
  unverified 0.5), 0 for one that is not met (near misses only); with no requirement, the
  offering's own verification counts instead;
- experience: ``min(1, log10(1 + annual_volume) / log10(1 + volume_reference))``;
- cost: with a budget B, ``½·c(cost.min) + ½·c(cost.max)`` where ``c(x) = clamp((2B − x) / B)``:
  1 when cost.max ≤ B, falling linearly to 0 at cost.min ≥ 2B; without a budget,
  ``1 − min(1, cost.min / cost_reference)``; 0 when the offering states no USD cost;
- access: ``1 − min(1, wait_days / wait_reference)`` (0 when no wait is stated);
- language: 1 when no language is asked or one asked is served, else 0.

Full matches come first, then near misses, fewest unmet requirements first; ties break on
slug. Whether a centre is a candidate at all is decided by :func:`search.eligibility.assess`.

The profile-independent parts (experience, access, cost without budget, offering evidence)
are computed once, by the document builder, with :func:`offering_parts`; both backends then
rank the same documents with :func:`rank`, and the Elasticsearch query reproduces the same
formula to choose its candidates (see :mod:`search.queries`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from search.eligibility import Assessment, Need, assess, barred, best_met

if TYPE_CHECKING:
    from directory.services.vocabulary import Vocabulary


@dataclass(frozen=True)
class RankingParams:
    weights: Mapping[str, float]
    evidence: Mapping[str, float]
    volume_reference: float
    cost_reference_usd: float
    budget_zero_multiple: float
    wait_reference_days: float
    #: Capability and service code -> label: what free text matches besides the codes.
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> RankingParams:
        """From the vocabulary's ``ranking`` data (checked when the vocabulary was loaded)."""
        return cls(
            weights=dict(data["weights"]),
            evidence=dict(data["evidence"]),
            volume_reference=float(data["volume_reference"]),
            cost_reference_usd=float(data["cost_reference_usd"]),
            budget_zero_multiple=float(data["budget_zero_multiple"]),
            wait_reference_days=float(data["wait_reference_days"]),
            labels=dict(labels or {}),
        )

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> RankingParams:
        return cls.from_data(vocabulary.ranking, vocabulary.code_labels)


def clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


# --- parts ------------------------------------------------------------------------------------


def experience(volume: int | None, params: RankingParams) -> float:
    if not volume or volume < 0:
        return 0.0
    return min(1.0, math.log10(1 + volume) / math.log10(1 + params.volume_reference))


def access(wait_days: int | None, params: RankingParams) -> float:
    if wait_days is None:
        return 0.0
    return 1.0 - min(1.0, wait_days / params.wait_reference_days)


def cost_without_budget(cost_min_usd: float | None, params: RankingParams) -> float:
    if cost_min_usd is None:
        return 0.0
    return 1.0 - min(1.0, cost_min_usd / params.cost_reference_usd)


def budget_curve(amount: float, budget: float, params: RankingParams) -> float:
    """1 up to the budget, falling linearly to 0 at ``budget_zero_multiple`` × budget."""
    span = (params.budget_zero_multiple - 1) * budget
    return clamp((params.budget_zero_multiple * budget - amount) / span)


def cost_with_budget(
    cost_min_usd: float | None, cost_max_usd: float | None, budget: float, params: RankingParams
) -> float:
    if cost_min_usd is None or cost_max_usd is None:
        return 0.0
    return 0.5 * budget_curve(cost_min_usd, budget, params) + 0.5 * budget_curve(cost_max_usd, budget, params)


def offering_parts(offering: Mapping[str, Any], params: RankingParams) -> dict[str, float]:
    """The parts of the score that depend on the offering alone (stored in the document). A
    cost unknown in USD (no cost, or no exchange rate) counts 0, as the lowest cost part."""
    return {
        "experience": experience(offering.get("annual_volume"), params),
        "access": access(offering.get("wait_days"), params),
        "cost_free": cost_without_budget(offering.get("cost_min_usd"), params),
        "evidence": params.evidence.get(offering.get("verification", "unverified"), 0.0),
    }


def language_bases(tags: Iterable[str]) -> list[str]:
    """Primary language subtags: ``en-GB`` → ``en``. A centre serving ``en-IN`` serves ``en``."""
    return sorted({tag.split("-")[0].lower() for tag in tags})


# --- ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchPlan:
    """What a match asks for, after the rules: everything a backend needs to find candidates."""

    service: str
    site: str
    requirements: tuple[Need, ...]
    params: RankingParams
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # primary subtags
    budget_usd: float | None = None
    #: A hard ceiling: centres whose lowest price (in USD) is above it, or unknown, are out.
    budget_max_usd: float | None = None
    include_near_misses: bool = False
    limit: int = 10
    #: The day the match is for (ISO date): a vetting whose review date is before it has lapsed.
    today: str | None = None


@dataclass(frozen=True)
class Ranked:
    assessment: Assessment
    score: float
    parts: dict[str, float]

    @property
    def document(self) -> Mapping[str, Any]:
        return self.assessment.document

    @property
    def offering(self) -> Mapping[str, Any]:
        assert self.assessment.offering is not None
        return self.assessment.offering

    @property
    def slug(self) -> str:
        return self.assessment.slug

    @property
    def met(self) -> list[str]:
        """The capabilities that meet the requirements, one per requirement."""
        return list(dict.fromkeys(code for _, code in self.assessment.met))

    @property
    def missing(self) -> list[str]:
        """The capabilities of the unmet requirements (each of an any-of requirement)."""
        return list(dict.fromkeys(code for need in self.assessment.unmet for code in need.any_of))


def cost_part(offering: Mapping[str, Any], plan: MatchPlan) -> float:
    if plan.budget_usd is not None:
        return cost_with_budget(offering["cost_min_usd"], offering["cost_max_usd"], plan.budget_usd, plan.params)
    return offering["cost_free"]


#: The parts of the score, in the order :func:`parts_of` gives them.
PARTS = ("evidence", "experience", "cost", "access", "language")
Parts = tuple[float, float, float, float, float]


def parts_of(document: Mapping[str, Any], offering: Mapping[str, Any], met: Sequence[str], plan: MatchPlan) -> Parts:
    """The parts of an eligible centre's score (see :data:`PARTS`), ``met`` the capabilities
    that meet the plan's requirements (see the module's docstring)."""
    p = plan.params
    if plan.requirements:
        available = document["available"]
        evidence = 0.0
        for code in met:
            evidence += p.evidence.get(available[code], 0.0)
        evidence /= len(plan.requirements)
    else:
        evidence = offering["evidence"]
    cost = cost_part(offering, plan)
    language = 1.0
    if plan.languages:
        languages = document["language_bases"]
        language = 1.0 if any(tag in languages for tag in plan.languages) else 0.0
    return (evidence, offering["experience"], cost, offering["access"], language)


def weighted(parts: Parts, weights: Mapping[str, float]) -> float:
    evidence, experience, cost, access, language = parts
    return (
        weights["evidence"] * evidence
        + weights["experience"] * experience
        + weights["cost"] * cost
        + weights["access"] * access
        + weights["language"] * language
    )


def score(assessment: Assessment, plan: MatchPlan) -> Ranked:
    """The ranking score of an eligible centre (see the module's docstring for the parts)."""
    assert assessment.offering is not None
    parts = parts_of(assessment.document, assessment.offering, [code for _, code in assessment.met], plan)
    return Ranked(assessment, weighted(parts, plan.params.weights), dict(zip(PARTS, parts, strict=True)))


def ceiling(plan: MatchPlan) -> Callable[[Mapping[str, Any]], float]:
    """For a plan, the highest score a centre can have given its offering: the offering's own
    parts and its cost, and the best the others can be (the best evidence when there are
    requirements, a language served). With a negative weight there is no such bound."""
    p = plan.params
    if any(weight < 0 for weight in p.weights.values()):
        return lambda offering: math.inf
    best_evidence = max((*p.evidence.values(), 0.0)) if plan.requirements else None

    def highest(offering: Mapping[str, Any]) -> float:
        evidence = offering["evidence"] if best_evidence is None else best_evidence
        return weighted(
            (evidence, offering["experience"], cost_part(offering, plan), offering["access"], 1.0), p.weights
        )

    return highest


def order_key(unmet: int, score: float, slug: str) -> tuple[int, float, str]:
    # Rounding makes the order immune to the last bits of floating point, on both backends.
    return (unmet, -round(score, 9), slug)


def sort_key(ranked: Ranked) -> tuple[int, float, str]:
    return order_key(len(ranked.assessment.unmet), ranked.score, ranked.slug)


def order(
    document: Mapping[str, Any], offering: Mapping[str, Any] | None, plan: MatchPlan
) -> tuple[int, float, str] | None:
    """Where a centre ranks for the plan, ``offering`` its offering for the plan's service and
    site: the :func:`sort_key` of its :func:`score`, or None when :func:`rank` leaves it out.
    The same decision and score, without the assessment and the explanation: a backend can
    choose among many candidates with it."""
    if barred(document, offering, plan):
        return None
    assert offering is not None
    available, evidence = document["available"], plan.params.evidence
    met = []
    unmet = 0
    for need in plan.requirements:
        code = best_met(available, need, evidence)
        if code is not None:
            met.append(code)
        elif plan.include_near_misses:
            unmet += 1
        else:
            return None
    return order_key(unmet, weighted(parts_of(document, offering, met, plan), plan.params.weights), document["slug"])


def rank(documents: Iterable[Mapping[str, Any]], plan: MatchPlan) -> list[Ranked]:
    """Every eligible candidate that fits (or, with near misses, misses requirements), scored,
    best first, in full: the caller cuts at ``plan.limit``."""
    ranked = []
    strict = not plan.include_near_misses
    for document in documents:
        assessment = assess(document, plan)
        if assessment.barriers or (strict and assessment.unmet):
            continue
        ranked.append(score(assessment, plan))
    ranked.sort(key=sort_key)
    return ranked
