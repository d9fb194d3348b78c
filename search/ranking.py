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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from search.eligibility import Assessment, Need, assess

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


def score(assessment: Assessment, plan: MatchPlan) -> Ranked:
    """The ranking score of an eligible centre (see the module's docstring for the parts)."""
    document, offering = assessment.document, assessment.offering
    assert offering is not None
    available = document["available"]
    p = plan.params
    if plan.requirements:
        evidence = sum(p.evidence.get(available[code], 0.0) for _, code in assessment.met) / len(plan.requirements)
    else:
        evidence = offering["evidence"]
    if plan.budget_usd is not None:
        cost = cost_with_budget(offering["cost_min_usd"], offering["cost_max_usd"], plan.budget_usd, p)
    else:
        cost = offering["cost_free"]
    languages = document["language_bases"]
    language = 1.0 if not plan.languages or any(tag in languages for tag in plan.languages) else 0.0
    parts = {
        "evidence": evidence,
        "experience": offering["experience"],
        "cost": cost,
        "access": offering["access"],
        "language": language,
    }
    w = p.weights
    total = (
        w["evidence"] * evidence
        + w["experience"] * parts["experience"]
        + w["cost"] * cost
        + w["access"] * parts["access"]
        + w["language"] * language
    )
    return Ranked(assessment, total, parts)


def sort_key(ranked: Ranked) -> tuple[int, float, str]:
    # Rounding makes the order immune to the last bits of floating point, on both backends.
    return (len(ranked.assessment.unmet), -round(ranked.score, 9), ranked.slug)


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
