"""The clinical rules applied to a case profile: pure functions over rule data.

Rules are data (``seeds/vocabulary.toml``); this module says what the data may hold and what
it means for one case. A rule belongs to a service (a procedure), may be limited to some of
its lesion sites, and is of one of three kinds:

- ``required``: the centre must have one of ``requires`` (any of them), or the capability the
  profile names in ``requires_field``; a hard filter (near misses aside), waivable per case by
  a coordinator;
- ``advisory``: a note shown with every result for the case, never a filter;
- ``case-warning``: about the case itself, not any centre: shown once, above the results.

A rule's ``condition`` is ``None`` (always) or a tree over the profile: a comparison
``{"field", "op", "value"}`` (a number or value from the source) or ``{"field", "op",
"setting"}`` (a threshold the medical team sets, see :class:`Setting`), combined with
``{"all": [...]}`` and ``{"any": [...]}``. Conditions are read with three values: a comparison
over a field the case does not state is *unknown*; ``all`` is false if any part is false,
``any`` true if any part is true, and unknown otherwise. When a rule's condition is unknown,
its ``if_unstated`` (``apply`` or ``skip``) decides, and the explanation names the fields the
case did not state.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from directory.text import Text

RULE_KINDS = ("required", "advisory", "case-warning")
IF_UNSTATED = ("apply", "skip")
DISEASE_EXTENTS = ("oligometastatic", "diffuse")

#: The case-profile fields a condition may read, with the kind of value each holds. A
#: ``capability`` field names a capability code (``requires_field`` may name it).
PROFILE_FIELDS: dict[str, str] = {
    "lesion_site": "code",
    "lesion_size_cm": "number",
    "lytic": "boolean",
    "cortical_involvement_pct": "number",
    "spinal_canal_distance_mm": "number",
    "prior_radiotherapy": "boolean",
    "needs_tissue_diagnosis": "boolean",
    "disease_extent": "code",
    "antiangiogenic_therapy": "boolean",
    "guidance": "capability",
}
CONDITION_FIELDS = tuple(PROFILE_FIELDS)
#: Operators by the kind of value they compare.
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda actual, allowed: actual in allowed,
}
_NUMERIC_OPS = frozenset({"gt", "gte", "lt", "lte"})
_OP_WORDS = {"eq": "is", "ne": "is not", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "in"}

#: The parts of the ranking score, each weighted by the vocabulary's ``[ranking] weights``.
RANKING_PARTS = ("evidence", "experience", "cost", "access", "language")
VERIFICATION_STATES = ("unverified", "self-reported", "verified")
RANKING_CONSTANTS = ("volume_reference", "cost_reference_usd", "budget_zero_multiple", "wait_reference_days")


# --- the data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """A threshold the clinical source does not give as a number (what is "abutting the spinal
    canal", what is a "large" lesion): set by the medical team, never the source's words."""

    code: str
    value: float
    unit: str
    label: str
    description: str


@dataclass(frozen=True)
class Rule:
    code: str
    service: str
    kind: str
    text: str  # what the rule says to a coordinator: the reason, the advice, the warning
    source: str  # the source's own words it encodes
    sites: tuple[str, ...] = ()  # empty: every site of the service
    requires: tuple[str, ...] = ()  # required: any one of these capabilities
    requires_field: str | None = None  # required: or the capability the profile names here
    condition: Mapping[str, Any] | None = None
    if_unstated: str = "apply"

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rule:
        return cls(
            code=data["code"],
            service=data["service"],
            kind=data["kind"],
            text=data["text"],
            source=data["source"],
            sites=tuple(data.get("sites") or ()),
            requires=tuple(data.get("requires") or ()),
            requires_field=data.get("requires_field"),
            condition=data.get("condition"),
            if_unstated=data.get("if_unstated", "apply"),
        )


# --- checking the data -----------------------------------------------------------------------------


def condition_problems(
    condition: Any, settings: Mapping[str, Setting], codes: Mapping[str, Iterable[str]] | None = None
) -> list[str]:
    """What is wrong with a condition (nothing: an empty list). ``codes`` gives the values a
    ``code`` field may take (``lesion_site``, ``disease_extent``), where known."""
    if condition is None:
        return []
    if not isinstance(condition, Mapping):
        return [Text("a condition is a table, not %(condition)r", condition=condition)]
    for combinator in ("all", "any"):
        if combinator in condition:
            parts = condition[combinator]
            if set(condition) != {combinator} or not isinstance(parts, list) or not parts:
                return [
                    Text(
                        "%(combinator)r takes one non-empty list of conditions: %(condition)s",
                        combinator=combinator,
                        condition=str(dict(condition)),
                    )
                ]
            return [p for part in parts for p in condition_problems(part, settings, codes)]
    keys = set(condition)
    if keys not in ({"field", "op", "value"}, {"field", "op", "setting"}):
        return [
            Text("a comparison has field, op and value (or setting): %(condition)s", condition=str(dict(condition)))
        ]
    name, op = condition["field"], condition["op"]
    kind = PROFILE_FIELDS.get(name)
    if kind is None:
        return [Text("unknown condition field %(field)r", field=name)]
    if op not in OPERATORS:
        return [Text("unknown condition operator %(op)r", op=op)]
    if "setting" in condition:
        if condition["setting"] not in settings:
            return [Text("unknown setting %(setting)r", setting=condition["setting"])]
        if kind != "number" or op not in _NUMERIC_OPS:
            return [
                Text(
                    "a setting is a number: compare a number field with gt, gte, lt or lte (%(field)s %(op)s)",
                    field=name,
                    op=op,
                )
            ]
        return []
    value = condition["value"]
    values = value if op == "in" else [value]
    if op == "in" and not isinstance(value, list):
        return [Text("'in' takes a list: %(field)s", field=name)]
    if kind == "number" and (op == "in" or any(isinstance(v, bool) or not isinstance(v, int | float) for v in values)):
        return [Text("%(field)s is compared with a number", field=name)]
    if kind == "boolean" and (op not in ("eq", "ne") or not isinstance(value, bool)):
        return [Text("%(field)s is true or false: compare it with eq or ne", field=name)]
    if kind in ("code", "capability"):
        if op in _NUMERIC_OPS or not all(isinstance(v, str) for v in values):
            return [Text("%(field)s is compared with codes (eq, ne, in)", field=name)]
        known = set((codes or {}).get(name, ()))
        unknown = [v for v in values if known and v not in known]
        if unknown:
            return [Text("unknown %(field)s %(values)s", field=name, values=", ".join(map(repr, unknown)))]
    return []


def rule_problems(
    rule: Mapping[str, Any],
    services: Mapping[str, Sequence[str]],
    capabilities: Iterable[str],
    settings: Mapping[str, Setting],
    codes: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """What is wrong with one rule's data: ``services`` maps each service to its sites."""
    problems: list[str] = []
    known = set(capabilities)
    service = rule.get("service")
    if service not in services:
        problems.append(Text("unknown service %(service)r", service=service))
    else:
        stray = [s for s in rule.get("sites") or () if s not in services[service]]
        if stray:
            problems.append(
                Text("sites not treated by %(service)s: %(sites)s", service=service, sites=", ".join(stray))
            )
    kind = rule.get("kind")
    if kind not in RULE_KINDS:
        problems.append(Text("unknown kind %(kind)r", kind=kind))
    requires, field = rule.get("requires") or [], rule.get("requires_field")
    if kind == "required":
        if bool(requires) == bool(field):
            problems.append(
                Text("a required rule names capabilities in requires, or a profile field in requires_field")
            )
        problems += [Text("unknown capability %(code)r", code=code) for code in requires if code not in known]
        if field is not None and PROFILE_FIELDS.get(field) != "capability":
            problems.append(
                Text("requires_field must name a profile field that holds a capability, not %(field)r", field=field)
            )
    elif requires or field:
        problems.append(Text("a %(kind)s rule requires nothing of a centre", kind=kind))
    if rule.get("if_unstated", "apply") not in IF_UNSTATED:
        problems.append(Text("if_unstated is %(values)s", values=" or ".join(IF_UNSTATED)))
    for name in ("text", "source"):
        if not str(rule.get(name) or "").strip():
            problems.append(Text("%(field)s is empty", field=name))
    return problems + condition_problems(rule.get("condition"), settings, codes)


def ranking_problems(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with a vocabulary's ranking data (nothing: an empty list)."""
    problems: list[str] = []
    weights, evidence = data.get("weights"), data.get("evidence")
    if not isinstance(weights, Mapping) or set(weights) != set(RANKING_PARTS):
        problems.append(Text("weights must give exactly %(parts)s", parts=", ".join(RANKING_PARTS)))
    elif not all(isinstance(v, int | float) and v >= 0 for v in weights.values()):
        problems.append(Text("weights must be numbers ≥ 0"))
    elif abs(sum(weights.values()) - 1.0) > 1e-9:
        problems.append(Text("weights must add up to 1"))
    if not isinstance(evidence, Mapping) or set(evidence) != set(VERIFICATION_STATES):
        problems.append(Text("evidence must give exactly %(states)s", states=", ".join(VERIFICATION_STATES)))
    elif not all(isinstance(v, int | float) and 0 <= v <= 1 for v in evidence.values()):
        problems.append(Text("evidence values must be between 0 and 1"))
    for name in RANKING_CONSTANTS:
        value = data.get(name)
        floor = 1 if name == "budget_zero_multiple" else 0
        if not isinstance(value, int | float) or value <= floor:
            problems.append(Text("%(name)s must be a number above %(floor)s", name=name, floor=floor))
    return problems


# --- reading a condition ---------------------------------------------------------------------------


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def describe(condition: Mapping[str, Any] | None, settings: Mapping[str, Setting] | None = None) -> str:
    """A condition in words, local settings named as such."""
    if condition is None:
        return "always"
    for combinator, joint in (("all", " and "), ("any", " or ")):
        if combinator in condition:
            parts = [describe(part, settings) for part in condition[combinator]]
            return joint.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    words = _OP_WORDS[condition["op"]]
    if "setting" in condition:
        setting = (settings or {}).get(condition["setting"])
        amount = f"{_number(setting.value)} {setting.unit}".strip() if setting else "?"
        return f"{condition['field']} {words} {amount} (local setting {condition['setting']})"
    value = condition["value"]
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, list):
        value = "[" + ", ".join(map(str, value)) + "]"
    elif isinstance(value, int | float):
        value = _number(value)
    return f"{condition['field']} {words} {value}"


def settings_used(condition: Mapping[str, Any] | None) -> list[str]:
    """The local settings a condition reads, in order of appearance."""
    if condition is None:
        return []
    for combinator in ("all", "any"):
        if combinator in condition:
            return list(dict.fromkeys(s for part in condition[combinator] for s in settings_used(part)))
    return [condition["setting"]] if "setting" in condition else []


def evaluate(
    condition: Mapping[str, Any] | None, profile: Mapping[str, Any], settings: Mapping[str, Setting]
) -> tuple[bool | None, tuple[str, ...]]:
    """True, False or None (unknown), and the unstated fields that made it unknown."""
    if condition is None:
        return True, ()
    for combinator, decisive in (("all", False), ("any", True)):
        if combinator in condition:
            unknown: list[str] = []
            for part in condition[combinator]:
                value, missing = evaluate(part, profile, settings)
                if value is decisive:
                    return decisive, ()
                if value is None:
                    unknown += missing
            return (None, tuple(dict.fromkeys(unknown))) if unknown else (not decisive, ())
    actual = profile.get(condition["field"])
    if actual is None:
        return None, (condition["field"],)
    expected = settings[condition["setting"]].value if "setting" in condition else condition["value"]
    return bool(OPERATORS[condition["op"]](actual, expected)), ()


# --- applying the rules to a case ------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """A rule that holds for a case, with what it asks and why."""

    rule: Rule
    requires: tuple[str, ...]  # required rules: any one of these capabilities
    unstated: tuple[str, ...]  # applied because the case does not state these fields

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def kind(self) -> str:
        return self.rule.kind

    def text(self, settings: Mapping[str, Setting] | None = None) -> str:
        if not self.unstated:
            return self.rule.text
        fields = ", ".join(self.unstated)
        return (
            f"{self.rule.text} Applied because the case does not state {fields} "
            f"(rule: {describe(self.rule.condition, settings)})."
        )


def applicable(
    rules: Iterable[Rule], profile: Mapping[str, Any], settings: Mapping[str, Setting] | None = None
) -> list[Applied]:
    """The rules that hold for a case (its service and lesion site), in rule order."""
    settings = settings or {}
    service, site = profile.get("service", "bone-cryoablation"), profile.get("lesion_site")
    found = []
    for rule in rules:
        if rule.service != service or (rule.sites and site not in rule.sites):
            continue
        requires = rule.requires
        if rule.requires_field is not None:
            named = profile.get(rule.requires_field)
            if named is None:
                continue  # nothing to require
            requires = (named,)
        holds, unstated = evaluate(rule.condition, profile, settings)
        if holds is False or (holds is None and rule.if_unstated == "skip"):
            continue
        found.append(Applied(rule, requires, unstated))
    return found
