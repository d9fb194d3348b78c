"""Referrals: the whole workflow for each role, every illegal step, idempotency, isolation."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from directory import workflow
from directory.models import AuditEvent
from tests.conftest import etag_of

PROFILE = {"lesion_site": "spine", "lytic": True, "destination_countries": ["CN"], "budget_usd": 6000}


def refer(as_, principal: str = "intake_a", **overrides) -> dict:
    body = {"external_ref": f"case-{uuid.uuid4().hex[:8]}", "centre": "pumch", "profile": PROFILE, **overrides}
    r = as_(principal).post("/v1/referrals", json=body)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def move(as_, principal: str, referral: dict, to: str, expect: int = 200, **extra) -> dict:
    caller = as_(principal)
    current = caller.get(f"/v1/referrals/{referral['id']}")
    headers = {"If-Match": current.headers["ETag"]} if current.status_code == 200 else {"If-Match": '"x.1"'}
    r = caller.post(f"/v1/referrals/{referral['id']}/transitions", json={"to": to, **extra}, headers=headers)
    assert r.status_code == expect, r.get_json()
    return r.get_json()


#: Who takes each step on the usual paths (the centre's partner is partner_a, for pumch).
ACTOR = {
    "requested": "intake_a",
    "cancelled": "intake_a",
    "received": "partner_a",
    "accepted": "partner_a",
    "rejected": "partner_a",
    "in-progress": "partner_a",
    "on-hold": "partner_a",
    "completed": "partner_a",
    "failed": "partner_a",
}
REJECT = {"reason_code": "at-capacity"}
#: A way to each status, from a draft.
PATH_TO = {
    "draft": [],
    "requested": ["requested"],
    "received": ["requested", "received"],
    "accepted": ["requested", "received", "accepted"],
    "rejected": ["requested", "received", "rejected"],
    "in-progress": ["requested", "received", "accepted", "in-progress"],
    "on-hold": ["requested", "received", "accepted", "on-hold"],
    "completed": ["requested", "received", "accepted", "in-progress", "completed"],
    "cancelled": ["cancelled"],
    "failed": ["requested", "received", "accepted", "in-progress", "failed"],
}


def walk(as_, steps: list[str]) -> dict:
    referral = refer(as_, status="draft")
    for to in steps:
        referral = move(as_, ACTOR[to], referral, to, **(REJECT if to == "rejected" else {}))
    return referral


# --- the workflow -----------------------------------------------------------------------------


def test_from_intake_to_the_centre_and_back(as_, template):
    referral = refer(as_)
    assert referral["status"] == "requested" and referral["centre"] == "pumch"
    assert referral["requester"] == {
        "issuer": "local",
        "client_id": template.credentials["intake_a"]["client_id"],
        "role": "intake",
    }
    assert referral["allowed_transitions"] == ["cancelled"]
    assert referral["match_snapshot"]["eligible"] is True
    snapshot = referral["match_snapshot"]
    # The distance to the canal is not stated: nerve monitoring applies too, and the snapshot says why.
    assert snapshot["met"] == ["spinal-thermosensor-monitoring", "hydrodissection", "neuromonitoring"]
    assert snapshot["fits"] is True and snapshot["reasons"] == []
    (monitoring,) = [r for r in snapshot["requirements"] if r["code"] == "neuromonitoring"]
    assert monitoring["unstated"] == ["spinal_canal_distance_mm"]
    assert [a["rule"] for a in snapshot["advisories"]] == ["spine-approach", "spine-trained-operators"]

    seen = as_("partner_a").get(f"/v1/referrals/{referral['id']}").get_json()
    assert seen["allowed_transitions"] == ["received"]
    for to in ("received", "accepted", "in-progress", "completed"):
        referral = move(as_, "partner_a", referral, to)
    assert referral["status"] == "completed" and referral["allowed_transitions"] == []
    timeline = [(s["from"], s["to"], s["acting_for"], s["actor_role"]) for s in referral["timeline"]]
    assert timeline == [
        (None, "requested", "requester", "intake"),
        ("requested", "received", "centre", "partner"),
        ("received", "accepted", "centre", "partner"),
        ("accepted", "in-progress", "centre", "partner"),
        ("in-progress", "completed", "centre", "partner"),
    ]
    assert [s["version"] for s in referral["timeline"]] == [1, 2, 3, 4, 5]
    final = as_("intake_a").get(f"/v1/referrals/{referral['id']}")
    assert final.get_json()["status"] == "completed" and final.headers["ETag"] == f'"{referral["id"]}.5"'


@pytest.mark.parametrize(
    "steps",
    [
        ["requested", "received", "rejected"],
        ["cancelled"],
        ["requested", "cancelled"],
        ["requested", "received", "cancelled"],
        ["requested", "received", "accepted", "cancelled"],
        ["requested", "received", "accepted", "on-hold", "cancelled"],
        ["requested", "received", "accepted", "on-hold", "in-progress", "completed"],
        ["requested", "received", "accepted", "in-progress", "on-hold", "in-progress", "failed"],
        ["requested", "received", "accepted", "on-hold", "failed"],
    ],
    ids=lambda steps: ">".join(steps),
)
def test_every_legal_path(as_, steps):
    referral = walk(as_, steps)
    assert referral["status"] == steps[-1]
    assert [s["to"] for s in referral["timeline"]] == ["draft", *steps]


@pytest.mark.parametrize("status", workflow.STATUSES)
def test_every_illegal_transition_is_409_listing_the_allowed_ones(as_, status):
    referral = walk(as_, PATH_TO[status])
    coordinator = as_("coordinator")
    for to in workflow.STATUSES:
        if (status, to) in workflow.TRANSITIONS:
            continue
        r = coordinator.post(
            f"/v1/referrals/{referral['id']}/transitions",
            json={"to": to, "reason": "Trying."},
            headers={"If-Match": etag_of_referral(coordinator, referral)},
        )
        assert r.status_code == 409, (status, to)
        assert r.get_json()["allowed"] == workflow.allowed(status, frozenset({"requester", "centre"}))
    assert coordinator.get(f"/v1/referrals/{referral['id']}").get_json()["status"] == status


@pytest.mark.parametrize(("frm", "to"), sorted(workflow.TRANSITIONS))
def test_each_side_keeps_to_its_own_steps(as_, frm, to):
    """A step that belongs to the centre is refused to the requester, and the other way round."""
    referral = walk(as_, PATH_TO[frm])
    side = workflow.TRANSITIONS[(frm, to)]
    right, wrong = ("intake_a", "partner_a") if side == "requester" else ("partner_a", "intake_a")
    expect = 404 if frm == "draft" and wrong == "partner_a" else 409  # the centre does not see drafts
    extra = REJECT if to == "rejected" else {}
    move(as_, wrong, referral, to, expect=expect, **extra)
    move(as_, right, referral, to, **extra)


def etag_of_referral(caller, referral: dict) -> str:
    return caller.get(f"/v1/referrals/{referral['id']}").headers["ETag"]


# --- reasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, status, pointer",
    [
        ({}, 422, "/reason_code"),
        ({"reason_code": "busy"}, 422, "/reason_code"),
        ({"reason_code": "other"}, 422, "/reason"),
        ({"reason_code": "other", "reason": "Equipment under repair."}, 200, None),
        ({"reason_code": "not-suitable"}, 200, None),
    ],
)
def test_a_rejection_says_why(as_, extra, status, pointer):
    referral = walk(as_, PATH_TO["received"])
    body = move(as_, "partner_a", referral, "rejected", expect=status, **extra)
    if pointer:
        assert pointer in [e["pointer"] for e in body["errors"]]
    else:
        assert body["timeline"][-1]["reason_code"] == extra["reason_code"]


def test_only_a_rejection_takes_a_code(as_):
    referral = walk(as_, PATH_TO["received"])
    move(as_, "partner_a", referral, "accepted", expect=422, reason_code="at-capacity")


def test_a_coordinator_acts_for_either_side_with_a_reason(as_, template):
    referral = refer(as_)
    move(as_, "coordinator", referral, "received", expect=422)  # no reason
    body = move(as_, "coordinator", referral, "received", reason="The desk asked us to log it.")
    step = body["timeline"][-1]
    assert (step["acting_for"], step["actor_role"], step["reason"]) == (
        "centre",
        "coordinator",
        "The desk asked us to log it.",
    )
    move(as_, "coordinator", referral, "cancelled", expect=422)  # for the intake client: say why
    move(as_, "coordinator", referral, "cancelled", reason="Patient chose another centre.")


def test_a_coordinators_own_referral_needs_no_reason_on_its_side(as_):
    referral = refer(as_, "coordinator", status="draft")
    referral = move(as_, "coordinator", referral, "requested")
    assert referral["timeline"][-1]["acting_for"] == "requester" and referral["timeline"][-1]["reason"] is None


def test_a_closed_centre_takes_no_request(as_):
    draft = refer(as_, status="draft")  # made while the centre was open
    caller = as_("partner_a")
    caller.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    r = as_("intake_a").post("/v1/referrals", json={"external_ref": "closed-1", "centre": "pumch", "profile": PROFILE})
    assert r.status_code == 422 and [x["code"] for x in r.get_json()["reasons"]] == ["not-accepting-referrals"]
    move(as_, "intake_a", draft, "requested", expect=409)  # the draft waits until the centre opens again


# --- preconditions ----------------------------------------------------------------------------


def test_transitions_need_the_current_etag(as_):
    referral = refer(as_)
    caller = as_("partner_a")
    url = f"/v1/referrals/{referral['id']}/transitions"
    assert caller.post(url, json={"to": "received"}).status_code == 428
    assert caller.post(url, json={"to": "received"}, headers={"If-Match": f'"{referral["id"]}.0"'}).status_code == 412
    tag = etag_of_referral(caller, referral)
    assert caller.post(url, json={"to": "received"}, headers={"If-Match": tag}).status_code == 200
    assert caller.post(url, json={"to": "accepted"}, headers={"If-Match": tag}).status_code == 412


# --- content ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"patient_name": "Jane Doe"}, "/patient_name"),
        ({"profile": {**PROFILE, "patient_email": "jane@example.org"}}, "/profile/patient_email"),
        ({"profile": {**PROFILE, "lesion_site": "brain"}}, "/lesion_site"),
        ({"centre": "nowhere"}, "/centre"),
        ({"status": "accepted"}, "/status"),
        ({"external_ref": ""}, "/external_ref"),
        ({"external_ref": "x" * 101}, "/external_ref"),
    ],
)
def test_unknown_and_bad_fields_are_refused(as_, body, pointer):
    request = {"external_ref": "bad-1", "centre": "pumch", "profile": PROFILE, **body}
    r = as_("intake_a").post("/v1/referrals", json=request)
    assert r.status_code == 422, r.get_json()
    assert pointer in [e["pointer"] for e in r.get_json()["errors"]]


def test_the_snapshot_says_why_a_centre_does_not_fit(as_):
    referral = refer(
        as_,
        "coordinator",
        centre="tmc-mumbai",
        profile={**PROFILE, "destination_countries": []},
        override_reason="Second opinion on the spinal lesion only.",
    )
    snapshot = referral["match_snapshot"]
    assert snapshot["eligible"] is False and snapshot["fits"] is False
    assert snapshot["why_not"] == ["The centre offers bone-cryoablation but does not treat spine."]
    assert snapshot["reasons"][0]["code"] == "site-not-treated"
    assert {r.get("rule") for r in snapshot["reasons"][1:]} >= {"spine-thermosensor", "spine-hydrodissection"}


def test_messages_between_coordinator_and_centre(as_):
    referral = refer(as_)
    url = f"/v1/referrals/{referral['id']}/messages"
    r = as_("coordinator").post(url, json={"body": "Imaging is attached to the case file."})
    assert r.status_code == 201 and r.get_json()["side"] == "coordinator"
    r = as_("partner_a").post(url, json={"body": "Received; we will review on Monday."})
    assert r.status_code == 201 and r.get_json()["side"] == "centre"
    assert as_("intake_a").post(url, json={"body": "Hello"}).status_code == 403
    assert as_("coordinator").post(url, json={"body": "x" * 4001}).status_code == 422
    assert as_("coordinator").post(url, json={"body": "   "}).status_code == 422
    thread = as_("intake_a").get(f"/v1/referrals/{referral['id']}").get_json()["messages"]
    assert [m["side"] for m in thread] == ["coordinator", "centre"]


# --- idempotency ------------------------------------------------------------------------------


def test_the_same_external_ref_is_the_same_referral(as_):
    body = {"external_ref": "case-42", "centre": "pumch", "profile": PROFILE}
    first = as_("intake_a").post("/v1/referrals", json=body)
    again = as_("intake_a").post("/v1/referrals", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    different = as_("intake_a").post("/v1/referrals", json={**body, "centre": "sysucc"})
    assert different.status_code == 409
    # Another intake client's case-42 is another referral.
    other = as_("intake_b").post("/v1/referrals", json=body)
    assert other.status_code == 201 and other.get_json()["id"] != first.get_json()["id"]


def test_the_same_idempotency_key_is_the_same_referral(as_):
    headers = {"Idempotency-Key": "retry-7"}
    body = {"external_ref": "case-7", "centre": "pumch", "profile": PROFILE}
    first = as_("intake_a").post("/v1/referrals", json=body, headers=headers)
    again = as_("intake_a").post("/v1/referrals", json=body, headers=headers)
    assert first.get_json()["id"] == again.get_json()["id"] and again.status_code == 200
    reused = as_("intake_a").post("/v1/referrals", json={**body, "external_ref": "case-8"}, headers=headers)
    assert reused.status_code == 409


def test_concurrent_retries_make_one_referral(app, token, services):
    bearer = token("intake_a")
    body = {"external_ref": "case-race", "centre": "pumch", "profile": PROFILE}
    barrier = threading.Barrier(6)
    results: list[tuple[int, str]] = []

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        r = client.post("/v1/referrals", json=body, headers={"Authorization": f"Bearer {bearer}"})
        results.append((r.status_code, r.get_json().get("id")))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in results) == [200] * 5 + [201]
    assert len({i for _, i in results}) == 1


# --- who sees what ----------------------------------------------------------------------------


def test_nobody_sees_a_referral_that_is_not_theirs(as_, services):
    referral = refer(as_)
    rid = referral["id"]
    for outsider in ("partner_b", "intake_b"):
        caller = as_(outsider)
        assert caller.get(f"/v1/referrals/{rid}").status_code == 404
        assert rid not in [r["id"] for r in caller.get("/v1/referrals").get_json()["items"]]
        assert caller.post(f"/v1/referrals/{rid}/transitions", json={"to": "received"}).status_code == 404
        assert caller.post(f"/v1/referrals/{rid}/messages", json={"body": "hi"}).status_code in (403, 404)
    assert as_("admin").get(f"/v1/referrals/{rid}").status_code == 403  # no referral scope at all
    with services.db.session() as session:
        denied = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == rid, AuditEvent.outcome == "denied")
        ).all()
    assert {d.role for d in denied} >= {"partner", "intake"}


def test_a_centre_does_not_see_drafts(as_):
    draft = refer(as_, status="draft")
    assert as_("partner_a").get(f"/v1/referrals/{draft['id']}").status_code == 404
    assert as_("coordinator").get(f"/v1/referrals/{draft['id']}").status_code == 200
    move(as_, "intake_a", draft, "requested")
    assert as_("partner_a").get(f"/v1/referrals/{draft['id']}").status_code == 200


def test_lists_are_scoped_and_filtered(as_):
    mine = refer(as_)
    theirs = refer(as_, "intake_b", centre="sysucc", profile={**PROFILE, "lesion_site": "rib"})
    draft = refer(as_, status="draft")
    ids = lambda principal, q="": [r["id"] for r in as_(principal).get(f"/v1/referrals?{q}").get_json()["items"]]  # noqa: E731
    assert set(ids("coordinator")) >= {mine["id"], theirs["id"], draft["id"]}
    assert set(ids("intake_a")) == {mine["id"], draft["id"]}
    assert ids("partner_a") == [mine["id"]]
    assert ids("partner_b") == [theirs["id"]]
    assert ids("coordinator", "centre=sysucc") == [theirs["id"]]
    assert ids("partner_a", "centre=pumch") == [mine["id"]]  # the partner's scope and the filter at once
    assert ids("partner_a", "centre=sysucc") == []
    assert set(ids("coordinator", "status=draft")) == {draft["id"]}
    since = draft["updated_at"]  # the last change before the next one
    move(as_, "partner_a", mine, "received")
    from urllib.parse import quote

    assert ids("intake_a", "updated_since=" + quote(since)) == [mine["id"]]
    assert as_("intake_a").get("/v1/referrals?status=lost").status_code == 400


def test_every_read_is_audited(as_, services):
    referral = refer(as_)
    as_("partner_a").get(f"/v1/referrals/{referral['id']}")
    as_("intake_a").get(f"/v1/referrals/{referral['id']}")
    as_("coordinator").get("/v1/referrals")
    with services.db.session() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral.read", AuditEvent.entity_id == referral["id"])
        ).all()
    assert {r.role for r in reads} >= {"partner", "coordinator", "intake"}


@pytest.mark.parametrize("field, value", [("centre", "sysucc"), ("status", "accepted"), ("version", 9)])
def test_nobody_rewrites_a_referral_through_a_transition(as_, field, value):
    referral = refer(as_)
    for principal in ("partner_a", "coordinator", "intake_a"):
        caller = as_(principal)
        r = caller.post(
            f"/v1/referrals/{referral['id']}/transitions",
            json={"to": "received", field: value},
            headers={"If-Match": etag_of_referral(caller, referral)},
        )
        assert r.status_code == 422 and r.get_json()["errors"][0]["pointer"] == f"/{field}"
    after = as_("coordinator").get(f"/v1/referrals/{referral['id']}").get_json()
    assert (after["centre"], after["status"], after["version"]) == ("pumch", "requested", 1)
