"""Site rules from the clinical source's site table, applied to case profiles (pure)."""

from __future__ import annotations

import pytest

from directory import rules
from seeds import loader

VOCABULARY = loader.read(loader.VOCABULARY_FILE)
RULES = [
    rules.Rule(r["code"], r["site"], r["requires"], r["kind"], r.get("condition"), r["reason"], r["source"])
    for r in VOCABULARY["rules"]
]


def required(profile: dict) -> list[str]:
    return [r.code for r in rules.requirements(RULES, profile)]


@pytest.mark.parametrize(
    "profile, expected",
    [
        ({"lesion_site": "spine"}, ["spinal-thermosensor-monitoring", "hydrodissection"]),
        (
            {"lesion_site": "spine", "lytic": True, "cortical_involvement_pct": 90},
            ["spinal-thermosensor-monitoring", "hydrodissection"],
        ),
        ({"lesion_site": "pelvis-sacrum", "lytic": True}, ["cementoplasty"]),
        ({"lesion_site": "pelvis-sacrum", "lytic": False}, []),
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 51}, ["prophylactic-fixation"]),
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 50}, []),  # "> 50 %" is strict
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 10, "lytic": True}, []),
        ({"lesion_site": "rib"}, ["chest-radiography"]),
        ({"lesion_site": "acetabulum", "lytic": False}, ["cementoplasty"]),
        ({"lesion_site": "skull"}, []),
    ],
)
def test_site_table(profile, expected):
    assert required(profile) == expected


def test_a_missing_fact_applies_the_rule_and_says_so():
    found = rules.requirements(RULES, {"lesion_site": "pelvis-sacrum"})
    assert [r.code for r in found] == ["cementoplasty"]
    assert "does not state lytic" in found[0].reason


def test_requirements_name_their_rule_and_reason():
    found = rules.requirements(RULES, {"lesion_site": "long-bone", "cortical_involvement_pct": 75})
    assert found[0].rule == "long-bone-fixation-if-cortex-over-50"
    assert found[0].reason and found[0].kind == "required"


@pytest.mark.parametrize(
    "condition, text",
    [
        (None, "always"),
        ({"field": "lytic", "op": "eq", "value": True}, "lytic is true"),
        ({"field": "cortical_involvement_pct", "op": "gt", "value": 50}, "cortical_involvement_pct > 50"),
    ],
)
def test_conditions_in_words(condition, text):
    assert rules.describe(condition) == text


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "lytic", "op": "eq"},
        {"field": "patient_name", "op": "eq", "value": 1},
        {"field": "lytic", "op": "regex", "value": ".*"},
    ],
)
def test_malformed_conditions_are_refused(condition):
    with pytest.raises(ValueError):
        rules.validate_condition(condition)
