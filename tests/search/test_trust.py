"""Facts a coordinator can trust: every case from the issue that found them, through the API,
on both backends and both databases.

- every fact shows its provenance (search, match, the referral snapshot), and a coordinator's
  verification replaces a seed's source;
- demo centres say so everywhere; a production seed has none;
- vetting lapses when its review date passes;
- costs keep their currency and convert only with a rate an admin set;
- a referral goes only where the case fits, unless a coordinator overrides it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from directory.identity import Identity
from directory.models import Centre
from search.worker import Worker
from tests.conftest import etag_of

NAMED = {"pumch", "sysucc", "apollo-chennai", "tmc-mumbai"}
FAR = 40


def match(call, principal: str = "coordinator", **profile) -> dict:
    r = call(principal).post("/v1/match", json=profile)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def result(body: dict, slug: str) -> dict:
    return next(r for r in body["results"] if r["centre"]["slug"] == slug)


def slugs(body: dict) -> list[str]:
    return [r["centre"]["slug"] for r in body["results"]]


def settle(app) -> None:
    """Let the search backend see what was just written (Elasticsearch: drain the outbox)."""
    search = app.extensions["search"]
    search._rates_checked = 0  # the next match reads the rates again
    if search.primary is not None:
        Worker(app.extensions["services"], search.primary.index, idle_seconds=0.01).drain()
        search.primary.index.refresh()


# --- provenance --------------------------------------------------------------------------------------


def test_every_result_shows_where_its_facts_come_from(call):
    body = match(call, lesion_site="spine", spinal_canal_distance_mm=FAR, destination_countries=["CN"])
    pumch = result(body, "pumch")
    vetting = pumch["centre"]["vetting"]
    assert pumch["centre"]["vetting_status"] == "vetted" and pumch["centre"]["demo"] is False
    # A seed's vetting is the seed's claim, not a coordinator's check: unverified, with its words.
    assert vetting["verification"]["status"] == "unverified"
    assert vetting["verification"]["source"].startswith("Seed status.")
    assert vetting["next_review_due"]
    for used in pumch["capabilities_used"]:
        assert used["provenance"]["status"] == "unverified"
        assert used["provenance"]["source"] == "Illustrative seed value; not verified."
    assert "USD 2,500–6,000" in pumch["offering_provenance"]["source"]


def test_search_hits_show_vetting_and_capability_provenance(call):
    r = call("coordinator").get("/v1/centres/search?q=Peking%20Union")
    hit = r.get_json()["items"][0]
    assert hit["slug"] == "pumch" and hit["demo"] is False
    assert hit["vetting"]["verification"]["status"] == "unverified"
    assert {c["provenance"]["status"] for c in hit["capabilities"]} == {"unverified"}


def test_a_coordinators_verification_replaces_the_seed_source(call, search_app):
    coordinator = call("coordinator")
    r = coordinator.post(
        "/v1/centres/pumch/capabilities/hydrodissection/verification",
        json={"note": "Confirmed with the IR lead by video call; saw the protocol."},
        headers={"If-Match": etag_of(coordinator, "pumch")},
    )
    assert r.status_code == 200, r.get_json()
    verification = next(c for c in r.get_json()["capabilities"] if c["code"] == "hydrodissection")["verification"]
    assert verification["status"] == "verified"
    assert verification["evidence"] == "Confirmed with the IR lead by video call; saw the protocol."
    assert verification["source"].startswith("Verified by ") and "Illustrative" not in verification["source"]
    settle(search_app)
    used = result(match(call, lesion_site="spine", spinal_canal_distance_mm=FAR), "pumch")["capabilities_used"]
    hydro = next(u for u in used if u["code"] == "hydrodissection")
    assert hydro["verification"] == "verified" and hydro["provenance"]["evidence"].startswith("Confirmed")


def test_a_partners_report_is_self_reported_and_waits_in_the_review_queue(call, search_app, template):
    partner = call("partner_a")
    r = partner.put(
        "/v1/centres/pumch/capabilities/neuromonitoring",
        json={"status": "available", "notes": "New neurophysiologist."},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    assert r.status_code == 200
    fact = next(c for c in r.get_json()["capabilities"] if c["code"] == "neuromonitoring")["verification"]
    assert fact["status"] == "self-reported" and fact["reported_by"] == template.credentials["partner_a"]["client_id"]
    assert fact["source"].startswith("Reported by ")
    queue = call("coordinator").get("/v1/review/facts?page_size=100").get_json()
    assert queue["total"] <= 100
    waiting = [(f["centre"], f["kind"], f["code"]) for f in queue["items"]]
    assert ("pumch", "capability", "neuromonitoring") in waiting
    assert call("intake_a").get("/v1/review/facts").status_code == 403


def test_evidence_ranks_verified_above_self_reported_above_unverified(call):
    vocabulary = call("intake_a").get("/v1/vocabulary").get_json()
    evidence = vocabulary["ranking"]["evidence"]
    assert evidence["verified"] > evidence["self-reported"] > evidence["unverified"]
    # Two centres, same site, one all verified (istanbul), one all self-reported (izmir, near miss).
    body = match(call, lesion_site="pelvis-sacrum", lytic=False, limit=50)
    parts = {r["centre"]["slug"]: r["score_parts"]["evidence"] for r in body["results"]}
    # With no requirement, the offering's own verification counts.
    assert parts["istanbul-tulip-bay"] == evidence["verified"]
    assert parts["izmir-olive-coast"] == evidence["self-reported"]
    assert parts["pumch"] == evidence["unverified"]


# --- demo data -----------------------------------------------------------------------------------------


def test_no_fictional_centre_appears_without_demo_true(call):
    search = call("coordinator").get("/v1/centres/search?page_size=100").get_json()
    assert search["total"] > len(NAMED)
    for hit in search["items"]:
        assert hit["demo"] is (hit["slug"] not in NAMED), hit["slug"]
    for site in ("spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"):
        body = match(call, lesion_site=site, include_near_misses=True, limit=50, explain=["hangzhou-lakeside"])
        for found in body["results"]:
            assert found["centre"]["demo"] is (found["centre"]["slug"] not in NAMED)
        assert body["explanations"][0]["demo"] is True


# --- vetting that lapses -------------------------------------------------------------------------------


def test_a_vetting_whose_review_date_passed_stops_matching_at_once(call, search_app):
    """Computed: even before the lapse job runs, an overdue review keeps the centre out."""
    services = search_app.extensions["services"]
    with services.db.session() as session:
        session.execute(
            update(Centre).where(Centre.slug == "pumch").values(next_review_due=date.today() - timedelta(days=1))
        )
        session.commit()
    # Touch the centre through the service so that both backends re-read it.
    centre = services.centres.get(Identity.system("test"), "pumch")
    services.centres.update(Identity.system("test"), "pumch", {"city": "Beijing"}, centre.version)
    settle(search_app)
    body = match(call, lesion_site="spine", spinal_canal_distance_mm=FAR, explain=["pumch"])
    assert "pumch" not in slugs(body)
    assert [r["code"] for r in body["explanations"][0]["reasons"]] == ["review-overdue"]

    lapsed = services.centres.lapse_overdue(Identity.system("lapse"))
    assert lapsed == ["pumch"]
    shown = call("coordinator").get("/v1/centres/pumch").get_json()["vetting"]
    assert shown["status"] == "lapsed" and shown["verification"]["status"] == "unverified"
    assert "review was due" in shown["reason"]
    audit = call("admin").get("/v1/audit?action=centre.lapse").get_json()["items"]
    assert [(e["entity_id"], e["role"]) for e in audit] == [("pumch", "system")]


def test_vetting_takes_a_review_date_and_the_review_queue_lists_what_falls_due(call):
    coordinator = call("coordinator")
    due = (date.today() + timedelta(days=30)).isoformat()
    r = coordinator.post(
        "/v1/centres/sysucc/vetting",
        json={"status": "vetted", "reason": "Site visit on 2026-11-20.", "next_review_due": due},
        headers={"If-Match": etag_of(coordinator, "sysucc")},
    )
    assert r.status_code == 200, r.get_json()
    vetting = r.get_json()["vetting"]
    assert vetting["next_review_due"] == due
    assert (
        vetting["verification"]["status"] == "verified"
        and vetting["verification"]["evidence"] == "Site visit on 2026-11-20."
    )
    before = (date.today() + timedelta(days=31)).isoformat()
    queue = coordinator.get(f"/v1/centres?review_due_before={before}&page_size=100").get_json()
    assert "sysucc" in [c["slug"] for c in queue["items"]]
    soon = coordinator.get(f"/v1/centres?review_due_before={due}&page_size=100").get_json()
    assert "sysucc" not in [c["slug"] for c in soon["items"]]


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"status": "vetted", "next_review_due": "2020-01-01"}, "/next_review_due"),
        ({"status": "suspended", "reason": "Audit.", "next_review_due": "2099-01-01"}, "/next_review_due"),
    ],
)
def test_bad_review_dates_are_refused(call, body, pointer):
    coordinator = call("coordinator")
    r = coordinator.post("/v1/centres/sysucc/vetting", json=body, headers={"If-Match": etag_of(coordinator, "sysucc")})
    assert r.status_code == 422 and pointer in [e["pointer"] for e in r.get_json()["errors"]]


# --- currencies ---------------------------------------------------------------------------------------


def test_a_cost_in_another_currency_is_converted_with_a_dated_rate(call):
    body = match(call, lesion_site="spine", include_near_misses=True, limit=50, budget_usd=5000)
    cost = result(body, "hangzhou-lakeside")["estimated_cost"]
    assert (cost["currency"], cost["min"], cost["max"]) == ("CNY", 18500, 34000)
    assert cost["usd"]["min"] == pytest.approx(18500 * 0.14) and cost["usd"]["max"] == pytest.approx(34000 * 0.14)
    assert cost["usd"]["rate"]["as_of"] == "2026-11-30" and "Illustrative" in cost["usd"]["rate"]["source"]


def test_a_cost_without_a_rate_is_unknown_never_a_wrong_number(call, search_app):
    body = match(call, lesion_site="rib", limit=50, budget_usd=5000)
    colombo = result(body, "colombo-lotus-harbour")
    assert colombo["estimated_cost"]["currency"] == "LKR"
    assert colombo["estimated_cost"]["usd"] is None
    assert colombo["estimated_cost"]["usd_unknown_because"] == "No exchange rate for LKR."
    assert colombo["unknown"] == ["cost"] and colombo["score_parts"]["cost"] == 0

    admin = call("admin")
    r = admin.put(
        "/v1/exchange-rates/LKR",
        json={"usd_per_unit": 0.0033, "as_of": "2026-12-01", "source": "Central bank reference rate (test)."},
    )
    assert r.status_code == 201, r.get_json()
    assert call("coordinator").put(
        "/v1/exchange-rates/LKR", json=r.get_json() | {"as_of": "2026-12-01"}
    ).status_code in (
        403,
        422,
    )
    settle(search_app)
    colombo = result(match(call, lesion_site="rib", limit=50, budget_usd=5000), "colombo-lotus-harbour")
    assert colombo["estimated_cost"]["usd"]["min"] == pytest.approx(850000 * 0.0033)
    assert colombo["unknown"] == [] and colombo["score_parts"]["cost"] > 0


def test_only_an_admin_sets_rates(call):
    body = {"usd_per_unit": 0.011, "as_of": "2026-12-01", "source": "Test."}
    assert call("coordinator").put("/v1/exchange-rates/INR", json=body).status_code == 403
    assert call("admin").put("/v1/exchange-rates/INR", json=body).status_code == 201
    assert call("admin").put("/v1/exchange-rates/INR", json=body).status_code == 200
    assert call("intake_a").get("/v1/exchange-rates/INR").get_json()["usd_per_unit"] == 0.011
    assert call("admin").put("/v1/exchange-rates/USD", json=body).status_code == 422
    future = {**body, "as_of": (date.today() + timedelta(days=2)).isoformat()}
    assert call("admin").put("/v1/exchange-rates/INR", json=future).status_code == 422


def test_a_budget_in_any_currency_with_a_rate(call):
    in_usd = match(call, lesion_site="rib", budget_usd=5600, limit=50)
    in_cny = match(call, lesion_site="rib", budget={"amount": 40000, "currency": "CNY"}, limit=50)
    assert slugs(in_usd) == slugs(in_cny)  # 40,000 CNY × 0.14 = 5,600 USD
    r = call("coordinator").post(
        "/v1/match", json={"lesion_site": "rib", "budget": {"amount": 5000, "currency": "EUR"}}
    )
    assert r.status_code == 422 and r.get_json()["errors"][0]["pointer"] == "/budget/currency"
    both = {"lesion_site": "rib", "budget_usd": 1, "budget": {"amount": 1, "currency": "USD"}}
    assert call("coordinator").post("/v1/match", json=both).status_code == 422


def test_budget_max_leaves_out_what_costs_more_or_is_unknown(call):
    """The README's "within USD 6,000": centres whose lowest price is above it are left out."""
    body = match(
        call,
        lesion_site="rib",
        budget_usd=6000,
        budget_max=6000,
        limit=50,
        explain=["bangkok-orchid-crescent", "colombo-lotus-harbour"],
    )
    for found in body["results"]:
        assert found["estimated_cost"]["usd"]["min"] <= 6000
    why = {e["centre"]: [r["code"] for r in e["reasons"]] for e in body["explanations"]}
    assert why == {"bangkok-orchid-crescent": ["over-budget-max"], "colombo-lotus-harbour": ["cost-unknown"]}
    assert "bangkok-orchid-crescent" in slugs(match(call, lesion_site="rib", budget_usd=6000, limit=50))


# --- referrals only where they fit ---------------------------------------------------------------------

SPINE = {"lesion_site": "spine", "spinal_canal_distance_mm": FAR}


def test_a_referral_to_a_centre_that_does_not_fit_is_422_with_the_reasons(call):
    before = call("intake_a").get("/v1/referrals").get_json()["total"]
    r = call("intake_a").post(
        "/v1/referrals", json={"external_ref": "case-1", "centre": "tmc-mumbai", "profile": SPINE}
    )
    assert r.status_code == 422
    problem = r.get_json()
    assert problem["reasons"][0]["code"] == "site-not-treated"
    assert problem["errors"][0]["pointer"] == "/centre"
    assert call("intake_a").get("/v1/referrals").get_json()["total"] == before  # nothing written


def test_the_intake_service_may_not_override(call):
    body = {"external_ref": "case-2", "centre": "tmc-mumbai", "profile": SPINE, "override_reason": "Please."}
    assert call("intake_a").post("/v1/referrals", json=body).status_code == 403


def test_a_coordinator_overrides_with_a_reason_recorded_everywhere(call):
    reason = "The centre's spine team starts next month; the patient travels then."
    body = {
        "external_ref": "case-3",
        "centre": "tmc-mumbai",
        "profile": SPINE,
        "override_reason": reason,
        "status": "draft",
    }
    r = call("coordinator").post("/v1/referrals", json=body)
    assert r.status_code == 201, r.get_json()
    referral = r.get_json()
    assert referral["override_reason"] == reason
    assert referral["timeline"][0]["reason"] == reason
    assert referral["match_snapshot"]["fits"] is False
    audit = call("admin").get(f"/v1/audit?entity_id={referral['id']}&action=referral.create").get_json()["items"]
    assert audit[0]["reason"] == reason and audit[0]["changes"]["override_reason"] == reason


def test_an_override_of_a_centre_that_fits_is_refused(call):
    body = {"external_ref": "case-4", "centre": "pumch", "profile": SPINE, "override_reason": "Just in case."}
    r = call("coordinator").post("/v1/referrals", json=body)
    assert r.status_code == 422 and r.get_json()["errors"][0]["pointer"] == "/override_reason"
