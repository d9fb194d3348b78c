"""The audit log: who did what, filterable by entity, actor, action, outcome and time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from tests.conftest import etag_of


def events(as_, query: str = "") -> list[dict]:
    r = as_("admin").get(f"/v1/audit?page_size=100&{query}")
    assert r.status_code == 200, r.get_json()
    return r.get_json()["items"]


def test_filters(as_, template):
    partner, coordinator = as_("partner_a"), as_("coordinator")
    started = datetime.now(UTC)
    partner.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(partner, "pumch")}
    )
    coordinator.put(
        "/v1/centres/sysucc/capabilities/hydrodissection",
        json={"status": "available"},
        headers={"If-Match": etag_of(coordinator, "sysucc")},
    )
    partner.patch(
        "/v1/centres/sysucc", json={"accepting_referrals": False}, headers={"If-Match": etag_of(partner, "sysucc")}
    )

    pumch = events(as_, "entity_type=centre&entity_id=pumch")
    assert [e["action"] for e in pumch][:1] == ["centre.update"]
    assert {e["entity_id"] for e in pumch} == {"pumch"}

    partner_id = template.credentials["partner_a"]["client_id"]
    by_partner = events(as_, f"client_id={partner_id}")
    assert [(e["action"], e["entity_id"], e["outcome"]) for e in by_partner] == [
        ("centre.update", "sysucc", "denied"),
        ("centre.update", "pumch", "success"),
    ]
    assert [e["entity_id"] for e in events(as_, "outcome=denied")] == ["sysucc"]
    assert [e["entity_id"] for e in events(as_, "actor_centre=pumch")] == ["sysucc", "pumch"]
    assert [e["action"] for e in events(as_, "role=coordinator")] == ["capability.set"]
    assert [e["entity_id"] for e in events(as_, "action=capability.set")] == ["sysucc"]

    since = events(as_, "since=" + quote(started.isoformat()))
    assert [(e["action"], e["entity_id"]) for e in since] == [
        ("centre.update", "sysucc"),
        ("capability.set", "sysucc"),
        ("centre.update", "pumch"),
    ]
    before = events(as_, "until=" + quote(started.isoformat()))
    seeding = ("centre.import", "vocabulary.load", "client.create", "directory.demo", "rate.set")
    assert before and all(e["action"] in seeding for e in before)
    assert events(as_, "until=" + quote((started - timedelta(days=1)).isoformat())) == []


def test_newest_first_and_paginated(as_):
    everything = as_("admin").get("/v1/audit?page_size=5").get_json()
    assert everything["total"] > 5 and len(everything["items"]) == 5
    ids = [e["id"] for e in everything["items"]]
    assert ids == sorted(ids, reverse=True)


def test_bad_audit_queries(as_):
    assert as_("admin").get("/v1/audit?since=yesterday").status_code == 400
    assert as_("admin").get("/v1/audit?actor=x").status_code == 400
