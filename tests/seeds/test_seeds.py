"""The seed files and their loader: idempotent, consistent, and honest about their sources."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from directory import migrate
from directory.db import Base, Database
from directory.models import Centre
from directory.services import Services
from seeds import loader

NAMED = {
    "pumch": ("Peking Union Medical College Hospital", "Beijing", "CN"),
    "sysucc": ("Sun Yat-sen University Cancer Center", "Guangzhou", "CN"),
    "apollo-chennai": ("Apollo Hospitals", "Chennai", "IN"),
    "tmc-mumbai": ("Tata Memorial Centre", "Mumbai", "IN"),
}


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with db.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for name, table in Base.metadata.tables.items()
        }


@pytest.mark.parametrize("demo", [False, True], ids=["production", "demo"])
def test_loading_twice_gives_the_same_database(empty_database_url, demo):
    db = Database(empty_database_url)
    try:
        migrate.upgrade(db)
        services = Services(db)
        first = loader.load(services, demo=demo)
        after_first = dump(db)
        second = loader.load(services, demo=demo)
        assert dump(db) == after_first
    finally:
        db.dispose()
    assert first.vocabulary_changed and len(first.centres_created) == (17 if demo else 4)
    assert not second.vocabulary_changed and second.centres_created == [] and second.rates_set == []
    # the vocabulary, each centre, and with the demo set: the demo mark and each rate
    audited = 1 + len(first.centres_created) + (1 + len(first.rates_set) if demo else 0)
    assert len(after_first["audit_events"]) == audited


def test_a_production_seed_has_no_demo_centre(empty_database_url):
    db = Database(empty_database_url)
    try:
        migrate.upgrade(db)
        services = Services(db)
        report = loader.load(services)
        assert set(report.centres_created) == set(NAMED)
        assert not services.centres.demo_database()
        assert services.rates.list() == []
        with db.engine.connect() as connection:
            assert connection.execute(select(Centre.slug).where(Centre.demo.is_(True))).all() == []
    finally:
        db.dispose()


def test_demo_centres_cannot_be_vetted_without_the_demo_data_set(empty_database_url):
    from directory.errors import InvalidInput
    from directory.identity import Identity

    db = Database(empty_database_url)
    try:
        migrate.upgrade(db)
        services = Services(db)
        loader.load(services)
        system = Identity.system("test")
        fictional = dict(DEMO[0])
        with pytest.raises(InvalidInput, match="demo data set"):
            services.centres.import_(system, fictional)
        # A demo centre that got in some other way still cannot be vetted here.
        services.centres.import_(system, {**fictional, "demo": False, "vetting": {"status": "pending"}})
        with db.engine.begin() as connection:
            connection.execute(update(Centre).where(Centre.slug == fictional["slug"]).values(demo=True))
        centre = services.centres.get(system, fictional["slug"])
        coordinator = Identity(client_id="coordinator-test", role="coordinator")
        with pytest.raises(InvalidInput, match="demo centre cannot be vetted"):
            services.centres.set_vetting(coordinator, fictional["slug"], "vetted", "Looks fine.", centre.version)
    finally:
        db.dispose()


def test_a_changed_vocabulary_gets_a_new_version(services, tmp_path):
    text = loader.VOCABULARY_FILE.read_text().replace(
        "Thermosensor + hydrodissection", "Thermosensor and hydrodissection"
    )
    changed = tmp_path / "vocabulary.toml"
    changed.write_text(text)
    before = services.vocabulary.read().version
    report = loader.load(services, vocabulary_file=changed, centres_file=None)
    assert report.vocabulary_changed
    assert services.vocabulary.read().version != before


def test_the_seed_keeps_later_changes_to_centres(services, as_):
    from tests.conftest import etag_of

    caller = as_("partner_a")
    caller.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    loader.load(services)
    assert caller.get("/v1/centres/pumch").get_json()["accepting_referrals"] is False


# --- content ----------------------------------------------------------------------------------

VOCABULARY = loader.read(loader.VOCABULARY_FILE)
CENTRES = loader.read(loader.CENTRES_FILE)["centres"]
DEMO = loader.read(loader.DEMO_FILE)["centres"]


def test_sites_capabilities_and_services():
    assert [s["code"] for s in VOCABULARY["sites"]] == ["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"]
    for site in VOCABULARY["sites"]:
        assert site["label"] and site["approach"] and site["key_consideration"] and site["source"]
    codes = {c["code"] for c in VOCABULARY["capabilities"]}
    assert {
        "spinal-thermosensor-monitoring",
        "hydrodissection",
        "co2-dissection",
        "neuromonitoring",
        "cementoplasty",
        "prophylactic-fixation",
        "ct-guidance",
        "ct-fluoroscopy",
        "cone-beam-ct",
        "mri-guidance",
        "core-needle-biopsy",
        "general-anaesthesia",
        "chest-radiography",
        "interpreter-services",
    } <= codes
    assert [s["code"] for s in VOCABULARY["services"]] == ["bone-cryoablation"]


def test_rules_follow_the_site_table():
    """Column "Adjunct Required?" of the site table, one required rule per adjunct."""
    table = {
        (tuple(r["sites"]), tuple(r["requires"])): r
        for r in VOCABULARY["rules"]
        if r["kind"] == "required" and len(r.get("sites", [])) == 1
    }
    assert {
        (("spine",), ("spinal-thermosensor-monitoring",)),
        (("spine",), ("hydrodissection",)),
        (("pelvis-sacrum",), ("cementoplasty",)),
        (("long-bone",), ("prophylactic-fixation",)),
        (("acetabulum",), ("cementoplasty",)),
        (("rib",), ("chest-radiography",)),
    } <= set(table)
    assert table[(("pelvis-sacrum",), ("cementoplasty",))]["condition"] == {"field": "lytic", "op": "eq", "value": True}
    assert table[(("long-bone",), ("prophylactic-fixation",))]["condition"] == {
        "field": "cortical_involvement_pct",
        "op": "gt",
        "value": 50,
    }
    for unconditional in [
        (("spine",), ("spinal-thermosensor-monitoring",)),
        (("spine",), ("hydrodissection",)),
        (("acetabulum",), ("cementoplasty",)),
        (("rib",), ("chest-radiography",)),
    ]:
        assert "condition" not in table[unconditional]


def test_every_rule_belongs_to_a_service_that_treats_its_sites():
    services = {s["code"]: s["sites"] for s in VOCABULARY["services"]}
    for rule in VOCABULARY["rules"]:
        assert set(rule.get("sites", [])) <= set(services[rule["service"]]), rule["code"]
        assert rule["text"] and rule["source"]


def test_ranking_weights_are_data_and_sum_to_one():
    weights = VOCABULARY["ranking"]["weights"]
    assert weights == {"evidence": 0.35, "experience": 0.25, "cost": 0.20, "access": 0.10, "language": 0.10}


def test_the_named_centres():
    by_slug = {c["slug"]: c for c in CENTRES}
    for slug, (name, city, country) in NAMED.items():
        centre = by_slug[slug]
        assert (centre["name"], centre["city"], centre["country"]) == (name, city, country)
        assert centre["vetting"]["status"] == "vetted" and centre["accepting_referrals"]
        assert any(s["code"] == "bone-cryoablation" for s in centre["services"])
        assert "Cryoablation for Bone Metastases" in centre["provenance"]["source"]
        assert centre["provenance"]["verification"] == "unverified"
        assert all(c["verification"] == "unverified" for c in centre["capabilities"])
        assert centre["accreditations"] == []  # nothing asserted that the source does not state
    for slug in ("pumch", "sysucc"):  # the source: USD 2,500-6,000 per session in China
        cost = by_slug[slug]["services"][0]["cost"]
        assert cost["currency"] == "USD" and 2500 <= cost["min"] <= cost["max"] <= 6000


def test_the_named_file_holds_the_named_hospitals_only():
    assert {c["slug"] for c in CENTRES} == set(NAMED)
    assert not any(c.get("demo") for c in CENTRES)


def test_the_demo_centres_are_marked_and_varied():
    assert len(DEMO) >= 8 and not {c["slug"] for c in DEMO} & set(NAMED)
    assert all(c["demo"] is True for c in DEMO)
    assert all("fictional" in c["provenance"]["source"].lower() for c in DEMO)
    assert {c["country"] for c in DEMO + CENTRES} >= {"CN", "IN"}
    assert len({c["country"] for c in DEMO} - {"CN", "IN"}) >= 2
    assert {c["vetting"]["status"] for c in DEMO} == {"vetted", "pending", "suspended", "lapsed"}
    assert {c["accepting_referrals"] for c in DEMO} == {True, False}
    statuses = {cap["status"] for c in DEMO for cap in c["capabilities"]}
    assert statuses == {"available", "limited", "unavailable"}
    for centre in DEMO + CENTRES:
        assert centre["contact"]["email"].endswith(".example")


@pytest.mark.parametrize("centre", CENTRES + DEMO, ids=lambda c: c["slug"])
def test_seed_centres_use_only_vocabulary_codes(centre):
    sites = {s["code"] for s in VOCABULARY["sites"]}
    capabilities = {c["code"] for c in VOCABULARY["capabilities"]}
    assert {c["code"] for c in centre["capabilities"]} <= capabilities
    treated = {s["code"]: set(s["sites"]) for s in VOCABULARY["services"]}
    for service in centre["services"]:
        assert set(service["sites"]) <= sites & treated[service["code"]]
        assert set(service["imaging"]) <= capabilities
