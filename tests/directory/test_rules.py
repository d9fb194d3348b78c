"""The clinical rules of seeds/vocabulary.toml applied to case profiles (pure).

Each test names the sentence of the clinical source ("Cryoablation for Bone Metastases") it
encodes; the same rules are tested through the API on both search backends in
tests/search/test_rules_conformance.py.
"""

from __future__ import annotations

import pytest

from directory import rules
from seeds import loader

VOCABULARY = loader.read(loader.VOCABULARY_FILE)
RULES = [rules.Rule.from_data(r) for r in VOCABULARY["rules"]]
SETTINGS = {
    s["code"]: rules.Setting(s["code"], s["value"], s["unit"], s["label"], s["description"])
    for s in VOCABULARY["settings"]
}
ABUTTING_MM = SETTINGS["spinal-canal-abutting-mm"].value
LARGE_CM = SETTINGS["large-lesion-cm"].value
#: A spinal case that states every field, far from the canal: only the site table applies.
FAR = {"spinal_canal_distance_mm": 40}


def applied(profile: dict, kind: str = "required") -> list[str]:
    return [a.code for a in rules.applicable(RULES, profile, SETTINGS) if a.kind == kind]


def required(profile: dict) -> list[tuple[str, ...]]:
    return [a.requires for a in rules.applicable(RULES, profile, SETTINGS) if a.kind == "required"]


# --- the site table -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile, expected",
    [
        # "Spine (vertebral body) … Thermosensor + hydrodissection"
        ({"lesion_site": "spine", **FAR}, [("spinal-thermosensor-monitoring",), ("hydrodissection",)]),
        # "Pelvis / sacrum … Cementoplasty if lytic"
        ({"lesion_site": "pelvis-sacrum", "lytic": True, "lesion_size_cm": 2}, [("cementoplasty",)]),
        ({"lesion_site": "pelvis-sacrum", "lytic": False}, []),
        # "Long bone (femur, humerus) … Prophylactic fixation if >50% cortex involved"
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 51, "lytic": False}, [("prophylactic-fixation",)]),
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 50, "lytic": False}, []),  # "> 50 %" is strict
        # "Rib lesion … Post-procedure chest X-ray"
        ({"lesion_site": "rib"}, [("chest-radiography",)]),
        # "Acetabulum … Cementoplasty in majority of cases"
        ({"lesion_site": "acetabulum", "lytic": False}, [("cementoplasty",)]),
    ],
)
def test_site_table(profile, expected):
    assert required(profile) == expected


def test_the_acetabulum_rule_says_majority_of_cases():
    (rule,) = [r for r in RULES if r.code == "acetabulum-cementoplasty"]
    assert "majority of" in rule.text and "majority of cases" in rule.source


@pytest.mark.parametrize("site", ["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"])
def test_each_site_advises_its_approach_and_key_consideration(site):
    """Site table, columns "Typical Approach" and "Key Consideration": advisory on every case."""
    row = next(s for s in VOCABULARY["sites"] if s["code"] == site)
    texts = [a.text() for a in rules.applicable(RULES, {"lesion_site": site}, SETTINGS) if a.kind == "advisory"]
    assert any(row["approach"].lower() in t.lower() for t in texts)
    assert any(row["key_consideration"].split(";")[0].split(" —")[0].lower() in t.lower() for t in texts)


# --- the rest of the source -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile, needs_monitoring",
    [
        ({"lesion_site": "spine", "spinal_canal_distance_mm": 0}, True),
        ({"lesion_site": "spine", "spinal_canal_distance_mm": ABUTTING_MM}, True),
        ({"lesion_site": "spine", "spinal_canal_distance_mm": ABUTTING_MM + 1}, False),
        ({"lesion_site": "spine"}, True),  # unstated, for a vertebral lesion: applied
        ({"lesion_site": "pelvis-sacrum", "lytic": False, "spinal_canal_distance_mm": 2}, True),
        ({"lesion_site": "pelvis-sacrum", "lytic": False}, False),  # unstated, away from the spine: not
        ({"lesion_site": "rib", "spinal_canal_distance_mm": 40}, False),
    ],
)
def test_lesions_abutting_the_spinal_canal_need_nerve_monitoring(profile, needs_monitoring):
    """Limitations: "Lesions abutting the spinal canal require advanced nerve monitoring and
    hydrodissection techniques; not all centres have this capability." """
    found = required(profile)
    assert (("neuromonitoring",) in found) is needs_monitoring
    if needs_monitoring:
        assert ("hydrodissection",) in found


def test_a_spinal_lesion_of_unstated_distance_says_why_monitoring_applies():
    (monitoring,) = [
        a for a in rules.applicable(RULES, {"lesion_site": "spine"}, SETTINGS) if a.requires == ("neuromonitoring",)
    ]
    assert monitoring.unstated == ("spinal_canal_distance_mm",)
    text = monitoring.text(SETTINGS)
    assert "does not state spinal_canal_distance_mm" in text
    assert f"≤ {int(ABUTTING_MM)} mm (local setting spinal-canal-abutting-mm)" in text


@pytest.mark.parametrize(
    "profile, needs_stabilising",
    [
        ({"lesion_site": "long-bone", "lytic": True, "lesion_size_cm": LARGE_CM}, True),
        ({"lesion_site": "long-bone", "lytic": True, "lesion_size_cm": LARGE_CM - 0.5}, False),
        ({"lesion_site": "long-bone", "lytic": False, "lesion_size_cm": 8}, False),
        ({"lesion_site": "acetabulum", "lytic": True, "lesion_size_cm": 4}, True),
        ({"lesion_site": "pelvis-sacrum", "lytic": True, "lesion_size_cm": 4}, True),
        ({"lesion_site": "rib", "lytic": True, "lesion_size_cm": 6}, False),  # not a weight-bearing bone
        ({"lesion_site": "long-bone", "lytic": True}, True),  # size unstated: applied
        ({"lesion_site": "long-bone", "lesion_size_cm": 4}, True),  # lytic unstated: applied
        ({"lesion_site": "long-bone", "lesion_size_cm": 1}, False),  # small whatever it is
    ],
)
def test_large_lytic_lesions_in_weight_bearing_bones_need_cementoplasty_or_fixation(profile, needs_stabilising):
    """Limitations: "Large lytic lesions in weight-bearing bones may require concurrent
    cementoplasty or prophylactic fixation to prevent post-procedure fracture." """
    found = required({"cortical_involvement_pct": 10, **profile})
    assert (("cementoplasty", "prophylactic-fixation") in found) is needs_stabilising


def test_an_unstated_field_is_named_once_the_known_ones_cannot_decide():
    (rule,) = [
        a
        for a in rules.applicable(RULES, {"lesion_site": "long-bone", "lytic": True}, SETTINGS)
        if a.code == "large-lytic-weight-bearing-stabilisation"
    ]
    assert rule.unstated == ("lesion_size_cm",)


@pytest.mark.parametrize("needs, expected", [(True, True), (False, False), (None, False)])
def test_a_case_that_needs_a_tissue_diagnosis_needs_core_needle_biopsy(needs, expected):
    """Benefits: "Core needle biopsy can be performed through the same access site at the time
    of cryoablation — obtaining histology and treating in one session." """
    profile = {"lesion_site": "rib"}
    if needs is not None:
        profile["needs_tissue_diagnosis"] = needs
    assert (("core-needle-biopsy",) in required(profile)) is expected


@pytest.mark.parametrize("size, advised", [(5, False), (5.5, True), (8, True), (None, False)])
def test_lesions_above_the_single_cycle_range_are_advised(size, advised):
    """Key Clinical Numbers: "3–5 cm Typical treatable lesion size … with a single freeze–thaw cycle"."""
    profile = {"lesion_site": "rib"} if size is None else {"lesion_site": "rib", "lesion_size_cm": size}
    assert ("size-above-single-cycle-range" in applied(profile, "advisory")) is advised
    assert "size-above-single-cycle-range" not in applied(profile)  # never a filter


def test_prior_radiotherapy_is_advised_not_filtered():
    """Benefits: "No additional radiation dose — Critical advantage for patients who have already
    received palliative radiotherapy to the same site and face re-irradiation dose constraints." """
    assert "prior-radiotherapy-no-added-dose" in applied({"lesion_site": "rib", "prior_radiotherapy": True}, "advisory")
    assert "prior-radiotherapy-no-added-dose" not in applied(
        {"lesion_site": "rib", "prior_radiotherapy": False}, "advisory"
    )
    assert required({"lesion_site": "rib", "prior_radiotherapy": True}) == required({"lesion_site": "rib"})


def test_diffuse_disease_is_a_warning_about_the_case():
    """Limitations: "Cryoablation treats individual lesions — it does not address diffuse
    polyosseous disease, which requires systemic therapy." """
    assert applied({"lesion_site": "rib", "disease_extent": "diffuse"}, "case-warning") == [
        "diffuse-disease-systemic-therapy"
    ]
    assert applied({"lesion_site": "rib", "disease_extent": "oligometastatic"}, "case-warning") == []
    assert applied({"lesion_site": "rib"}, "case-warning") == []


def test_antiangiogenic_therapy_is_advised():
    """FAQ: "particularly antiangiogenics like bevacizumab, which may be paused briefly due to
    wound healing considerations." """
    assert "antiangiogenic-therapy-pause" in applied(
        {"lesion_site": "spine", "antiangiogenic_therapy": True}, "advisory"
    )
    assert "antiangiogenic-therapy-pause" not in applied({"lesion_site": "spine"}, "advisory")


def test_a_requested_guidance_modality_is_required():
    """Procedure: "typically performed under CT or MRI guidance"."""
    assert ("mri-guidance",) in required({"lesion_site": "rib", "guidance": "mri-guidance"})
    assert required({"lesion_site": "rib"}) == [("chest-radiography",)]


def test_rules_belong_to_their_service():
    assert required({"lesion_site": "spine", "service": "another-service"}) == []


def test_every_rule_quotes_its_source_and_every_number_the_source_lacks_is_a_setting():
    for rule in VOCABULARY["rules"]:
        assert rule["source"].strip() and rule["text"].strip()
    local = {r["code"] for r in VOCABULARY["rules"] if rules.settings_used(r.get("condition"))}
    assert {"spine-abutting-canal-neuromonitoring", "large-lytic-weight-bearing-stabilisation"} <= local
    for setting in VOCABULARY["settings"]:
        assert "not the source's" in setting["description"]


# --- the condition language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition, profile, expected",
    [
        (
            {
                "all": [
                    {"field": "lytic", "op": "eq", "value": True},
                    {"field": "lesion_size_cm", "op": "gt", "value": 3},
                ]
            },
            {"lytic": True},
            (None, ("lesion_size_cm",)),
        ),
        (
            {
                "all": [
                    {"field": "lytic", "op": "eq", "value": True},
                    {"field": "lesion_size_cm", "op": "gt", "value": 3},
                ]
            },
            {"lytic": False},
            (False, ()),
        ),
        (
            {
                "any": [
                    {"field": "lytic", "op": "eq", "value": True},
                    {"field": "lesion_size_cm", "op": "gt", "value": 3},
                ]
            },
            {"lesion_size_cm": 4},
            (True, ()),
        ),
        (
            {
                "any": [
                    {"field": "lytic", "op": "eq", "value": True},
                    {"field": "lesion_size_cm", "op": "gt", "value": 3},
                ]
            },
            {"lesion_size_cm": 2},
            (None, ("lytic",)),
        ),
        ({"field": "disease_extent", "op": "in", "value": ["diffuse"]}, {"disease_extent": "diffuse"}, (True, ())),
        (
            {"field": "lesion_size_cm", "op": "gte", "setting": "large-lesion-cm"},
            {"lesion_size_cm": LARGE_CM},
            (True, ()),
        ),
    ],
)
def test_conditions_are_read_with_three_values(condition, profile, expected):
    assert rules.evaluate(condition, profile, SETTINGS) == expected


@pytest.mark.parametrize(
    "condition, text",
    [
        (None, "always"),
        ({"field": "lytic", "op": "eq", "value": True}, "lytic is true"),
        ({"field": "cortical_involvement_pct", "op": "gt", "value": 50}, "cortical_involvement_pct > 50"),
        (
            {
                "all": [
                    {"field": "lytic", "op": "eq", "value": True},
                    {
                        "any": [
                            {"field": "lesion_size_cm", "op": "gt", "value": 5},
                            {"field": "prior_radiotherapy", "op": "eq", "value": True},
                        ]
                    },
                ]
            },
            "lytic is true and (lesion_size_cm > 5 or prior_radiotherapy is true)",
        ),
        (
            {"field": "lesion_size_cm", "op": "gte", "setting": "large-lesion-cm"},
            f"lesion_size_cm ≥ {int(LARGE_CM)} cm (local setting large-lesion-cm)",
        ),
    ],
)
def test_conditions_in_words(condition, text):
    assert rules.describe(condition, SETTINGS) == text


@pytest.mark.parametrize(
    "condition, problem",
    [
        ({"field": "lytic", "op": "eq"}, "a comparison has"),
        ({"field": "patient_name", "op": "eq", "value": 1}, "unknown condition field"),
        ({"field": "lytic", "op": "regex", "value": ".*"}, "unknown condition operator"),
        ({"field": "lytic", "op": "gt", "value": True}, "true or false"),
        ({"field": "lesion_size_cm", "op": "gt", "value": "big"}, "with a number"),
        ({"field": "lesion_size_cm", "op": "gt", "setting": "nowhere"}, "unknown setting"),
        ({"field": "lytic", "op": "eq", "setting": "large-lesion-cm"}, "a setting is a number"),
        ({"field": "disease_extent", "op": "eq", "value": "widespread"}, "unknown disease_extent"),
        ({"all": []}, "non-empty list"),
        ({"any": [{"field": "lytic", "op": "eq", "value": 1}]}, "true or false"),
    ],
)
def test_malformed_conditions_are_refused(condition, problem):
    problems = rules.condition_problems(condition, SETTINGS, {"disease_extent": rules.DISEASE_EXTENTS})
    assert any(problem in p for p in problems), problems


SERVICES = {"bone-cryoablation": ["spine", "rib"]}
CAPABILITIES = ["hydrodissection", "cementoplasty"]


@pytest.mark.parametrize(
    "rule, problem",
    [
        ({"kind": "required"}, "names capabilities in requires"),
        ({"kind": "required", "requires": ["teleportation"]}, "unknown capability"),
        ({"kind": "required", "requires_field": "lytic"}, "holds a capability"),
        ({"kind": "advisory", "requires": ["hydrodissection"]}, "requires nothing"),
        ({"kind": "sometimes"}, "unknown kind"),
        ({"kind": "advisory", "sites": ["acetabulum"]}, "not treated by"),
        ({"kind": "advisory", "service": "elsewhere"}, "unknown service"),
        ({"kind": "advisory", "if_unstated": "maybe"}, "if_unstated"),
        ({"kind": "advisory", "text": " "}, "text is empty"),
    ],
)
def test_malformed_rules_are_refused(rule, problem):
    data = {"code": "x", "service": "bone-cryoablation", "text": "t", "source": "s", **rule}
    problems = rules.rule_problems(data, SERVICES, CAPABILITIES, SETTINGS)
    assert any(problem in p for p in problems), problems


def test_the_vocabulary_file_is_consistent():
    services = {s["code"]: s["sites"] for s in VOCABULARY["services"]}
    capabilities = [c["code"] for c in VOCABULARY["capabilities"]]
    for rule in VOCABULARY["rules"]:
        assert rules.rule_problems(rule, services, capabilities, SETTINGS) == [], rule["code"]
