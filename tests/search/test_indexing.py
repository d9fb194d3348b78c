"""Keeping a real Elasticsearch equal to the database: worker, versions, reindex, faults.

Index and database are compared with scroll (``ElasticIndex.documents``), never with a plain
search, which stops at 10,000 hits.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from directory.identity import Identity
from directory.models import OutboxEvent
from search import elastic
from search.documents import DOCUMENT_VERSION, centre_document
from search.elastic import reindex
from search.ranking import RankingParams
from search.worker import Worker
from seeds import generate
from tests.conftest import caller_for, etag_of
from tests.search.conftest import build_app
from tests.test_faults import pending_count, run_cli, wait_until

COORDINATOR = Identity(client_id="coordinator-tests", role="coordinator")
INTAKE = Identity(client_id="intake-tests", role="intake")


def params_of(services) -> RankingParams:
    return RankingParams.from_vocabulary(services.vocabulary.read())


def assert_index_equals_database(app) -> None:
    services = app.extensions["services"]
    index = app.extensions["search"].primary.index
    index.refresh()
    params = params_of(services)
    rates = services.rates.current()
    expected = {c.slug: centre_document(c, params, rates) for batch in services.snapshots.batches() for c in batch}
    actual = {d["slug"]: d for d in index.documents()}
    assert actual.keys() == expected.keys()
    different = [slug for slug in expected if actual[slug] != expected[slug]]
    assert different == []


def pending(services) -> list[OutboxEvent]:
    with services.db.session() as session:
        return list(
            session.scalars(
                select(OutboxEvent).where(OutboxEvent.processed_at.is_(None), OutboxEvent.topic == "centre")
            )
        )


def toggle_capability(services, slug: str, code: str = "neuromonitoring") -> None:
    centre = services.centres.get(COORDINATOR, slug)
    current = centre.capability(code)
    status = "limited" if current is not None and current.status == "available" else "available"
    services.centres.set_capability(COORDINATOR, slug, code, status, None, centre.version)


# --- the basics -------------------------------------------------------------------------------


def test_a_reindex_makes_the_index_equal_the_database(es_app):
    assert_index_equals_database(es_app)


def test_the_worker_carries_a_partner_change_to_match(es_app, worker, template):
    call = caller_for(es_app, template)
    partner = call("partner_b")
    r = partner.put(
        "/v1/centres/sysucc/capabilities/hydrodissection",
        json={"status": "available"},
        headers={"If-Match": etag_of(partner, "sysucc")},
    )
    assert r.status_code == 200
    services = es_app.extensions["services"]
    worker.drain()
    assert pending(services) == []
    es_app.extensions["search"].primary.index.refresh()
    body = call("intake_a").post("/v1/match", json={"lesion_site": "spine"}).get_json()
    assert body["backend"] == "elasticsearch"
    sysucc = next(r for r in body["results"] if r["centre"]["slug"] == "sysucc")
    assert (
        sysucc["missing"] == []
        and {
            "code": "hydrodissection",
            "rule": "spine-hydrodissection",
            "status": "available",
            "verification": "self-reported",
            "reported_as": "capability",
        }.items()
        <= next(u for u in sysucc["capabilities_used"] if u["code"] == "hydrodissection").items()
    )
    assert_index_equals_database(es_app)


def test_an_old_version_never_overwrites_a_newer_one(es_app):
    services = es_app.extensions["services"]
    index = es_app.extensions["search"].primary.index
    current = centre_document(services.snapshots.by_slug(["pumch"])["pumch"], params_of(services))
    newer = {**current, "version": current["version"] + 2, "name": "Newer"}
    older = {**current, "version": current["version"] + 1, "name": "Older"}
    assert index.write([newer]) == {"pumch": None}
    assert index.write([older]) == {"pumch": None}  # refused as stale: counts as settled
    assert index.write([current]) == {"pumch": None}
    stored = index.client.get(index=index.alias, id="pumch")
    assert stored["_version"] == newer["version"] and stored["_source"]["name"] == "Newer"


def test_only_confirmed_items_are_marked_done(es_app, worker, monkeypatch):
    services = es_app.extensions["services"]
    for slug in ("pumch", "sysucc", "tmc-mumbai"):
        toggle_capability(services, slug)
    worker.drain()  # settle the replay of the reindex too
    for slug in ("pumch", "sysucc"):
        toggle_capability(services, slug)

    real = centre_document

    def refuse_pumch(centre, params, rates=None):
        doc = real(centre, params, rates)
        return {**doc, "not_in_the_mapping": True} if centre.slug == "pumch" else doc

    monkeypatch.setattr("search.worker.centre_document", refuse_pumch)
    assert worker.drain_once() == 1
    left = pending(services)
    assert [row.entity_id for row in left] == ["pumch"]
    assert left[0].attempts == 1 and "strict" in left[0].last_error
    assert left[0].available_at > left[0].created_at  # backed off


def test_worker_deletes_what_is_gone_from_the_database(es_app, worker):
    services = es_app.extensions["services"]
    with services.db.session() as session:
        session.add(OutboxEvent(topic="centre", entity_id="no-such-centre", entity_version=3, operation="delete"))
        session.commit()
    index = es_app.extensions["search"].primary.index
    index.client.index(
        index=index.alias,
        id="no-such-centre",
        document={"slug": "no-such-centre", "version": 3},
        version=3,
        version_type="external",
        refresh=True,
    )
    worker.drain()
    index.refresh()
    assert not index.client.exists(index=index.alias, id="no-such-centre")


# --- reindex ----------------------------------------------------------------------------------


def test_reindex_swaps_the_alias_and_drops_the_old_index(es_app):
    services = es_app.extensions["services"]
    index = es_app.extensions["search"].primary.index
    before = index.current()
    report = reindex(index, services, params_of(services))
    assert report.previous == before and report.index == index.current() != before
    assert not index.client.indices.exists(index=before)
    assert report.documents == services.centres.count() == index.count()


def test_a_failed_reindex_leaves_the_old_index_serving(es_app, monkeypatch):
    services = es_app.extensions["services"]
    index = es_app.extensions["search"].primary.index
    before = index.current()
    calls = []

    def failing(centre, params, rates=None):
        calls.append(centre.slug)
        if len(calls) > 5:
            raise RuntimeError("disk on fire")
        return centre_document(centre, params, rates)

    monkeypatch.setattr(elastic, "centre_document", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        reindex(index, services, params_of(services), batch=3)
    assert index.current() == before
    assert sorted(index.client.indices.get(index=f"{index.alias}-*")) == [before]
    assert index.count() == services.centres.count()


def test_reindex_during_concurrent_writes_loses_nothing(es_app, worker):
    services = es_app.extensions["services"]
    generate.load(services, 300, random_seed=7)
    reindex(es_app.extensions["search"].primary.index, services, params_of(services))
    slugs = [c.slug for batch in services.snapshots.batches() for c in batch]
    stop = threading.Event()
    written: list[str] = []
    rng = random.Random(3)

    def write() -> None:
        while not stop.is_set():
            slug = rng.choice(slugs)
            toggle_capability(services, slug)
            written.append(slug)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        report = reindex(es_app.extensions["search"].primary.index, services, params_of(services), batch=25)
    finally:
        stop.set()
        writer.join()
    assert written, "the writer wrote nothing during the reindex"
    assert report.documents == len(slugs)
    worker.drain()
    assert_index_equals_database(es_app)


# --- both backends, many centres --------------------------------------------------------------


def test_backends_agree_on_many_centres(es_app, tmp_path, database_url):
    from search.queries import SearchRequest

    services = es_app.extensions["services"]
    generate.load(services, 400, random_seed=11)
    reindex(es_app.extensions["search"].primary.index, services, params_of(services))
    es = es_app.extensions["search"]
    local_app = build_app(database_url, tmp_path)
    local = local_app.extensions["search"]
    try:
        rng = random.Random(5)
        for _ in range(150):
            profile = {
                "lesion_site": rng.choice(["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"]),
                "lytic": rng.choice([True, False, None]),
                "cortical_involvement_pct": rng.choice([None, 20, 51, 80]),
                "lesion_size_cm": rng.choice([None, 2, 4, 6]),
                "spinal_canal_distance_mm": rng.choice([None, 2, 30]),
                "needs_tissue_diagnosis": rng.choice([None, True]),
                "guidance": rng.choice([None, None, "mri-guidance", "cone-beam-ct"]),
                "include_near_misses": rng.random() < 0.5,
                "limit": rng.choice([5, 10, 50]),
            }
            if rng.random() < 0.5:
                profile["budget_usd"] = rng.choice([2500, 5000, 9000])
            if rng.random() < 0.4:
                profile["destination_countries"] = rng.sample(["CN", "IN", "TH", "TR", "MY", "SG", "KR"], 2)
            if rng.random() < 0.4:
                profile["languages"] = [rng.choice(["en", "zh", "th", "hi", "ko"])]
            profile = {k: v for k, v in profile.items() if v is not None}
            a, b = es.match(INTAKE, profile), local.match(INTAKE, profile)
            assert a.answer.backend == "elasticsearch" and b.answer.backend == "local"
            assert [(r.slug, round(r.score, 9), r.missing) for r in a.ranked] == [
                (r.slug, round(r.score, 9), r.missing) for r in b.ranked
            ], profile
        for request in [
            SearchRequest(countries=("CN",), sites=("spine",), page_size=100),
            SearchRequest(capabilities=("hydrodissection", "cementoplasty"), languages=("en",), page=2, page_size=50),
            SearchRequest(vetting_status="vetted", sites=("rib",), page_size=100),
            SearchRequest(near=(13.08, 80.27), radius_km=1500, page_size=100),
        ]:
            a, b = es.search(request), local.search(request)
            assert [h.document["slug"] for h in a.hits.hits] == [h.document["slug"] for h in b.hits.hits]
            assert (a.hits.total, a.hits.facets) == (b.hits.total, b.hits.facets)
    finally:
        local_app.extensions["services"].db.dispose()


# --- degraded ---------------------------------------------------------------------------------


def test_unreachable_elasticsearch_degrades_to_local(database_url, tmp_path, template):
    app = build_app(database_url, tmp_path, "http://127.0.0.1:9", "nowhere")
    try:
        call = caller_for(app, template)
        body = (
            call("intake_a").post("/v1/match", json={"lesion_site": "spine", "spinal_canal_distance_mm": 40}).get_json()
        )
        assert body["backend"] == "local" and "unavailable" in body["degraded"]
        assert [r["centre"]["slug"] for r in body["results"]][:2] == ["bangkok-orchid-crescent", "istanbul-tulip-bay"]
        found = call("intake_a").get("/v1/centres/search?q=tata%20memorial").get_json()
        assert found["backend"] == "local" and found["items"][0]["slug"] == "tmc-mumbai"
        ready = app.test_client().get("/readyz")
        assert ready.status_code == 200 and ready.get_json()["status"] == "degraded"
        # Writes do not depend on Elasticsearch.
        coordinator = call("coordinator")
        r = coordinator.patch(
            "/v1/centres/pumch", json={"city": "Beijing"}, headers={"If-Match": etag_of(coordinator, "pumch")}
        )
        assert r.status_code == 200
    finally:
        app.extensions["services"].db.dispose()


def test_readyz_reports_the_index(es_app):
    body = es_app.test_client().get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["search"]["backend"] == "elasticsearch"
    assert body["checks"]["search"]["index"] == es_app.extensions["search"].primary.index.current()
    assert "pending" in body["checks"]["outbox"]


# --- faults -----------------------------------------------------------------------------------


def test_elasticsearch_killed_during_a_write_burst(node, database_url, tmp_path, template):
    """Writes go on while Elasticsearch is dead; search degrades; after a restart and a drain,
    the index equals the database: nothing lost."""
    prefix = f"faults-{random.randrange(1 << 30):x}"
    app = build_app(database_url, tmp_path, node.url, prefix)
    services = app.extensions["services"]
    search = app.extensions["search"]
    search.cooldown = 0.2
    reindex(search.primary.index, services, params_of(services))
    worker = Worker(services, search.primary.index, idle_seconds=0.01, pause_seconds=0.1, max_pause_seconds=0.5)
    stop = threading.Event()
    runner = threading.Thread(target=worker.run, args=(stop,))
    runner.start()
    slugs = [c.slug for batch in services.snapshots.batches() for c in batch]
    try:
        for n in range(20):
            toggle_capability(services, slugs[n % len(slugs)])
        node.kill()
        for n in range(40):  # the burst goes on while Elasticsearch is dead
            toggle_capability(services, slugs[n % len(slugs)], "co2-dissection")
        during = search.match(INTAKE, {"lesion_site": "spine"})
        assert during.answer.backend == "local" and during.answer.degraded
        assert len(pending(services)) > 0
        node.start()
        deadline = time.monotonic() + 60
        while pending(services) and time.monotonic() < deadline:
            stop.wait(0.1)
        assert pending(services) == []
    finally:
        stop.set()
        runner.join()
    assert_index_equals_database(app)
    assert search.match(INTAKE, {"lesion_site": "spine"}).answer.backend == "elasticsearch"
    search.primary.index.client.indices.delete(index=f"{prefix}-*")
    services.db.dispose()


# --- the command line -------------------------------------------------------------------------


def test_search_commands(es_app, monkeypatch, tmp_path: Path):
    from api.cli import cli

    settings = es_app.config["SETTINGS"]
    for name, value in {
        "DATABASE_URL": settings.database_url,
        "ELASTICSEARCH_URL": settings.elasticsearch_url,
        "SEARCH_INDEX_PREFIX": settings.search_index_prefix,
        "INSTANCE_PATH": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "reindex", "--batch", "5"], catch_exceptions=False)
    assert result.exit_code == 0 and "centres into" in result.stderr
    result = runner.invoke(cli, ["search", "worker", "--once"], catch_exceptions=False)
    assert result.exit_code == 0
    status = runner.invoke(cli, ["search", "status"], catch_exceptions=False)
    import json

    report = json.loads(status.stdout)
    assert report["documents"] == report["centres"] and report["outbox"]["pending"] == 0
    assert report["index"].startswith(f"{settings.search_index_prefix}-centres-v{DOCUMENT_VERSION}-")


# --- the worker killed mid-batch ------------------------------------------------------------


def test_search_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(es_app, tmp_path):
    app = es_app
    services = app.extensions["services"]
    index = app.extensions["search"].primary.index
    settings = app.config["SETTINGS"]
    env = {
        "DATABASE_URL": settings.database_url,
        "ELASTICSEARCH_URL": settings.elasticsearch_url,
        "SEARCH_INDEX_PREFIX": settings.search_index_prefix,
        "INSTANCE_PATH": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    generate.load(services, 3000, random_seed=5)  # 3,000 outbox rows to drain
    total = pending_count(services, "centre")
    worker = run_cli(env, "search", "worker", "--batch", "100")
    wait_until(lambda: pending_count(services, "centre") < total - 300, 60, "the worker to index some batches")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    left = pending_count(services, "centre")
    assert 0 < left < total, "the kill should land while work remains"

    again = run_cli(env, "search", "worker", "--once", "--batch", "500")
    assert again.wait(timeout=120) == 0, (tmp_path / "cli.log").read_text()[-2000:]
    assert pending_count(services, "centre") == 0
    index.refresh()
    params = RankingParams.from_vocabulary(services.vocabulary.read())
    rates = services.rates.current()
    expected = {c.slug: centre_document(c, params, rates) for batch in services.snapshots.batches() for c in batch}
    stored = {hit["_id"]: hit for hit in _scan_with_versions(index)}
    assert stored.keys() == expected.keys()
    assert all(stored[slug]["_source"] == doc for slug, doc in expected.items())
    # No double effect: every document holds exactly the database's version.
    assert all(stored[slug]["_version"] == doc["version"] for slug, doc in expected.items())


def _scan_with_versions(index) -> Iterator[dict]:
    from elasticsearch.helpers import scan

    yield from scan(index.client, index=index.alias, query={"query": {"match_all": {}}}, version=True)
