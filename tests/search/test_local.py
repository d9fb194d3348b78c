"""The local backend keeps current by itself, in every process, without a worker."""

from __future__ import annotations

from directory.identity import Identity
from search.local import TextQuery, edit_distance, text_score
from search.text import tokens
from tests.search.conftest import build_app

COORDINATOR = Identity(client_id="coordinator-tests", role="coordinator")


def test_another_process_sees_a_change_on_its_next_query(database_url, tmp_path):
    """Two apps on one database stand for two gunicorn workers: a write through one shows in
    the other's next answer, through the outbox change feed."""
    first, second = build_app(database_url, tmp_path), build_app(database_url, tmp_path)
    try:
        profile = {"lesion_site": "spine"}
        before = [r.slug for r in second.extensions["search"].match(COORDINATOR, profile).ranked]
        assert "sysucc" not in before
        services = first.extensions["services"]
        centre = services.centres.get(COORDINATOR, "sysucc")
        services.centres.set_capability(COORDINATOR, "sysucc", "hydrodissection", "available", None, centre.version)
        after = [r.slug for r in second.extensions["search"].match(COORDINATOR, profile).ranked]
        assert "sysucc" in after
        # A vetting change takes a centre out of the candidates altogether.
        centre = services.centres.get(COORDINATOR, "pumch")
        services.centres.set_vetting(COORDINATOR, "pumch", "suspended", "Review.", centre.version)
        assert "pumch" not in [r.slug for r in second.extensions["search"].match(COORDINATOR, profile).ranked]
    finally:
        for app in (first, second):
            app.extensions["services"].db.dispose()


def test_a_new_vocabulary_reloads_everything(database_url, tmp_path):
    from seeds import loader

    app = build_app(database_url, tmp_path)
    try:
        search = app.extensions["search"]
        assert search.match(COORDINATOR, {"lesion_site": "rib"}).ranked
        data = loader.read(loader.VOCABULARY_FILE)
        data["ranking"]["weights"] = {"evidence": 0, "experience": 0, "cost": 0, "access": 1.0, "language": 0}
        app.extensions["services"].vocabulary.load(Identity.system("test"), data)
        search._vocabulary_checked = 0  # no need to wait for the next check
        ranked = search.match(COORDINATOR, {"lesion_site": "rib", "limit": 50}).ranked
        waits = [r.offering["wait_days"] for r in ranked]
        assert waits == sorted(waits)  # access alone orders them now: shortest wait first
    finally:
        app.extensions["services"].db.dispose()


def test_tokens_split_cjk_like_the_standard_analyzer():
    assert tokens("Peking Union 北京协和医院") == ["peking", "union", "北", "京", "协", "和", "医", "院"]


def test_edit_distance_counts_a_transposition_once():
    assert edit_distance("tata", "taat", 2) == 1
    assert edit_distance("tatta", "tata", 1) == 1
    assert edit_distance("memorial", "hospital", 2) == 3


def test_text_score_prefers_exact_names_then_names_then_other_fields():
    doc = {
        "name": "Tata Memorial Centre",
        "aliases": ["TMC"],
        "romanised": [],
        "places": ["Mumbai", "India"],
        "offered": ["hydrodissection", "Hydrodissection"],
        "accreditations": ["JCI"],
    }
    doc["slug"] = "tmc"

    def score(q: str) -> float:
        return text_score(TextQuery.of(q), doc)

    assert score("tmc") > score("tata memorial") > score("tatta memorial") > 0
    assert score("tata") > score("mumbai") > score("hydrodissection") > 0
    assert score("mumbia") > 0 and score("jci") > 0
    assert score("zzz") == 0
