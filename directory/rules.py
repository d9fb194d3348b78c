"""Site rules applied to a case profile: pure functions over rule data.

A rule's condition is ``None`` (always holds) or ``{"field", "op", "value"}`` over the case
profile. When the profile does not give the field, the rule is applied anyway (the safe side)
and the reason says so.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda actual, allowed: actual in allowed,
}

#: Profile fields a condition may name.
CONDITION_FIELDS = (
    "lytic",
    "lesion_size_cm",
    "cortical_involvement_pct",
    "spinal_canal_distance_mm",
    "prior_radiotherapy",
)

_OP_WORDS = {"eq": "is", "ne": "is not", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in"}


#: The parts of the ranking score, each weighted by the vocabulary's ``[ranking] weights``.
RANKING_PARTS = ("evidence", "experience", "cost", "access", "language")
VERIFICATION_STATES = ("unverified", "self-reported", "verified")
RANKING_CONSTANTS = ("volume_reference", "cost_reference_usd", "budget_zero_multiple", "wait_reference_days")


def ranking_problems(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with a vocabulary's ranking data (nothing: an empty list)."""
    problems = []
    weights, evidence = data.get("weights"), data.get("evidence")
    if not isinstance(weights, Mapping) or set(weights) != set(RANKING_PARTS):
        problems.append(f"weights must give exactly {', '.join(RANKING_PARTS)}")
    elif not all(isinstance(v, (int, float)) and v >= 0 for v in weights.values()):
        problems.append("weights must be numbers ≥ 0")
    elif abs(sum(weights.values()) - 1.0) > 1e-9:
        problems.append("weights must add up to 1")
    if not isinstance(evidence, Mapping) or set(evidence) != set(VERIFICATION_STATES):
        problems.append(f"evidence must give exactly {', '.join(VERIFICATION_STATES)}")
    elif not all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in evidence.values()):
        problems.append("evidence values must be between 0 and 1")
    for name in RANKING_CONSTANTS:
        value = data.get(name)
        if not isinstance(value, (int, float)) or value <= (1 if name == "budget_zero_multiple" else 0):
            problems.append(f"{name} must be a number above {1 if name == 'budget_zero_multiple' else 0}")
    return problems


@dataclass(frozen=True)
class Rule:
    code: str
    site: str
    requires: str
    kind: str
    condition: Mapping[str, Any] | None
    reason: str
    source: str


@dataclass(frozen=True)
class Requirement:
    code: str  # the capability code required
    rule: str  # the rule's code
    kind: str  # required | advisory
    reason: str


def validate_condition(condition: Mapping[str, Any] | None) -> None:
    if condition is None:
        return
    if set(condition) != {"field", "op", "value"}:
        raise ValueError(f"a condition has exactly field, op and value: {dict(condition)}")
    if condition["field"] not in CONDITION_FIELDS:
        raise ValueError(f"unknown condition field {condition['field']!r}")
    if condition["op"] not in OPERATORS:
        raise ValueError(f"unknown condition operator {condition['op']!r}")


def describe(condition: Mapping[str, Any] | None) -> str:
    if condition is None:
        return "always"
    value = condition["value"]
    if isinstance(value, bool):
        value = str(value).lower()
    return f"{condition['field']} {_OP_WORDS[condition['op']]} {value}"


def condition_holds(condition: Mapping[str, Any] | None, profile: Mapping[str, Any]) -> bool | None:
    """True or False; None when the profile does not give the field the condition reads."""
    if condition is None:
        return True
    actual = profile.get(condition["field"])
    if actual is None:
        return None
    return bool(OPERATORS[condition["op"]](actual, condition["value"]))


def requirements(rules: Iterable[Rule], profile: Mapping[str, Any]) -> list[Requirement]:
    """The requirements that hold for a profile's lesion site, in rule order, one per code."""
    site = profile.get("lesion_site")
    found: dict[str, Requirement] = {}
    for rule in rules:
        if rule.site != site or rule.requires in found:
            continue
        holds = condition_holds(rule.condition, profile)
        if holds is False:
            continue
        reason = rule.reason
        if holds is None:
            reason = (
                f"{reason} Applied because the case does not state "
                f"{rule.condition['field']} (rule: {describe(rule.condition)})."  # type: ignore[index]
            )
        found[rule.requires] = Requirement(rule.requires, rule.code, rule.kind, reason)
    return list(found.values())
