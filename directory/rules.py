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
