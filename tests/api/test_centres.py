"""The centres API: listing and filters, reads with ETags, and every kind of write."""

from __future__ import annotations

import pytest

from tests.conftest import etag_of


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [c["slug"] for c in response.get_json()["items"]]


# --- listing ----------------------------------------------------------------------------------


def test_list_is_ordered_by_slug_and_paginated(as_):
    caller = as_("intake_a")
    everything = slugs(caller.get("/v1/centres?page_size=100"))
    assert everything == sorted(everything)
    assert len(everything) >= 12
    first = caller.get("/v1/centres?page=1&page_size=5").get_json()
    second = caller.get("/v1/centres?page=2&page_size=5").get_json()
    assert first["total"] == len(everything)
    assert [c["slug"] for c in first["items"] + second["items"]] == everything[:10]
    assert (first["page"], first["page_size"]) == (1, 5)


@pytest.mark.parametrize(
    "query, included, excluded",
    [
        ("country=IN", {"tmc-mumbai", "apollo-chennai"}, {"pumch", "sysucc"}),
        ("city=beijing", {"pumch"}, {"sysucc"}),
        ("site=spine", {"pumch", "sysucc", "apollo-chennai"}, {"tmc-mumbai"}),
        ("site=spine&site=rib", {"pumch", "sysucc"}, {"tmc-mumbai", "istanbul-tulip-bay"}),
        ("capability=hydrodissection", {"pumch", "apollo-chennai"}, {"sysucc", "hangzhou-lakeside"}),
        (
            "capability=spinal-thermosensor-monitoring&capability=hydrodissection",
            {"pumch", "istanbul-tulip-bay"},
            {"sysucc", "izmir-olive-coast"},
        ),
        ("vetting_status=pending", {"chengdu-bamboo-grove"}, {"pumch"}),
        ("vetting_status=suspended", {"ankara-citadel"}, {"pumch"}),
        ("accepting_referrals=false", {"pune-riverbend"}, {"pumch"}),
        ("language=th", {"chiang-mai-northern"}, {"pumch"}),
        ("language=en", {"pumch", "kuala-lumpur-tamarind"}, {"hangzhou-lakeside"}),  # en matches en-GB
        ("q=pumch", {"pumch"}, {"sysucc"}),
        ("q=tata%20memorial", {"tmc-mumbai"}, {"pumch"}),
        ("q=%E5%8C%97%E4%BA%AC%E5%8D%8F%E5%92%8C", {"pumch"}, {"sysucc"}),  # 北京协和
        ("q=SUN%20YAT", {"sysucc"}, {"pumch"}),
    ],
)
def test_each_filter_changes_the_answer(as_, query, included, excluded):
    found = set(slugs(as_("coordinator").get(f"/v1/centres?page_size=100&{query}")))
    assert included <= found
    assert not (excluded & found)


def test_like_wildcards_in_q_are_literal(as_):
    assert slugs(as_("coordinator").get("/v1/centres?q=%25")) == []
    assert slugs(as_("coordinator").get("/v1/centres?q=_")) == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("bogus=1", "bogus"),
        ("page_size=101", "page_size"),
        ("page=0", "page"),
        ("page=200&page_size=100", "page"),
        ("country=china", "country"),
        ("vetting_status=approved", "vetting_status"),
        ("accepting_referrals=maybe", "accepting_referrals"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_query_is_400_naming_the_field(as_, query, field):
    r = as_("coordinator").get(f"/v1/centres?{query}")
    assert r.status_code == 400
    assert r.mimetype == "application/problem+json"
    assert any(e["pointer"] == f"/{field}" and e["location"] == "query" for e in r.get_json()["errors"])


def test_operations_without_parameters_refuse_any(as_):
    r = as_("coordinator").get("/v1/centres/pumch?fields=name")
    assert r.status_code == 400
    assert r.get_json()["errors"][0]["pointer"] == "/fields"


# --- one centre -------------------------------------------------------------------------------


def test_get_centre_has_the_promised_shape_and_etag(as_):
    r = as_("intake_a").get("/v1/centres/pumch")
    assert r.status_code == 200
    body = r.get_json()
    assert r.headers["ETag"] == f'"pumch.{body["version"]}"'
    for key in (
        "slug",
        "name",
        "country",
        "city",
        "vetting",
        "accepting_referrals",
        "capabilities",
        "services",
        "version",
        "provenance",
    ):
        assert key in body
    assert body["vetting"]["status"] == "vetted"
    assert {"code", "status", "verification"} <= set(body["capabilities"][0])
    assert {"code", "sites", "cost", "wait_days"} <= set(body["services"][0])


def test_get_with_if_none_match_is_304(as_):
    caller = as_("intake_a")
    tag = etag_of(caller, "pumch")
    r = caller.get("/v1/centres/pumch", headers={"If-None-Match": tag})
    assert r.status_code == 304
    assert r.headers["ETag"] == tag


def test_unknown_centre_is_404_problem(as_):
    r = as_("coordinator").get("/v1/centres/nowhere")
    assert r.status_code == 404
    assert r.mimetype == "application/problem+json"


# --- creating ---------------------------------------------------------------------------------

NEW_CENTRE = {
    "slug": "example-oncology",
    "name": "Example Oncology Hospital",
    "aliases": ["EOH"],
    "country": "SG",
    "city": "Singapore",
    "location": {"lat": 1.29, "lon": 103.85},
    "languages": ["en", "zh", "ms"],
    "accreditations": ["JCI"],
    "accepting_referrals": True,
    "contact": {"desk": "International desk", "email": "desk@example.org", "phone": "+65 0000 0000"},
}


def test_create_centre(as_, services):
    r = as_("coordinator").post("/v1/centres", json=NEW_CENTRE)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert r.headers["Location"] == "/v1/centres/example-oncology"
    assert r.headers["ETag"] == '"example-oncology.1"'
    assert body["vetting"]["status"] == "pending"
    assert body["location"] == {"lat": 1.29, "lon": 103.85}
    assert as_("intake_a").get("/v1/centres/example-oncology").get_json()["name"] == NEW_CENTRE["name"]


def test_create_duplicate_slug_is_409(as_):
    r = as_("admin").post("/v1/centres", json={**NEW_CENTRE, "slug": "pumch"})
    assert r.status_code == 409


@pytest.mark.parametrize(
    "change, pointer",
    [
        ({"slug": "Bad Slug"}, "/slug"),
        ({"country": "Singapore"}, "/country"),
        ({"location": {"lat": 91, "lon": 0}}, "/location/lat"),
        ({"languages": ["not a tag"]}, "/languages/0"),
        ({"contact": {"email": "nope"}}, "/contact/email"),
        ({"vetting": {"status": "vetted"}}, "/vetting"),
        ({"version": 7}, "/version"),
        ({"name": ""}, "/name"),
        ({"aliases": ["a"] * 21}, "/aliases"),
    ],
)
def test_create_rejects_bad_fields_with_422(as_, change, pointer):
    r = as_("coordinator").post("/v1/centres", json={**NEW_CENTRE, **change})
    assert r.status_code == 422, r.get_json()
    assert r.mimetype == "application/problem+json"
    assert pointer in [e["pointer"] for e in r.get_json()["errors"]]
    assert as_("coordinator").get("/v1/centres/example-oncology").status_code == 404


def test_create_missing_required_fields(as_):
    r = as_("coordinator").post("/v1/centres", json={"slug": "x-y"})
    assert r.status_code == 422
    assert {"/name", "/country", "/city"} <= {e["pointer"] for e in r.get_json()["errors"]}


# --- patching ---------------------------------------------------------------------------------


def test_coordinator_patches_any_field_but_vetting(as_):
    caller = as_("coordinator")
    tag = etag_of(caller, "sysucc")
    r = caller.patch(
        "/v1/centres/sysucc", json={"name": "SYSUCC renamed", "city": "Guangzhou"}, headers={"If-Match": tag}
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["name"] == "SYSUCC renamed"
    assert r.headers["ETag"] != tag
    r = caller.patch(
        "/v1/centres/sysucc", json={"vetting": {"status": "lapsed"}}, headers={"If-Match": r.headers["ETag"]}
    )
    assert r.status_code == 422


def test_partner_patches_its_own_contact_languages_and_intake(as_):
    caller = as_("partner_a")
    tag = etag_of(caller, "pumch")
    change = {
        "accepting_referrals": False,
        "languages": ["zh", "en", "fr"],
        "contact": {"desk": "IPD", "email": "ipd@pumch.example"},
    }
    r = caller.patch("/v1/centres/pumch", json=change, headers={"If-Match": tag})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["accepting_referrals"] is False and body["languages"] == ["zh", "en", "fr"]


@pytest.mark.parametrize("field, value", [("name", "Mine now"), ("country", "US"), ("aliases", ["X"])])
def test_partner_cannot_patch_other_fields(as_, field, value):
    caller = as_("partner_a")
    tag = etag_of(caller, "pumch")
    before = caller.get("/v1/centres/pumch").get_json()
    r = caller.patch("/v1/centres/pumch", json={field: value}, headers={"If-Match": tag})
    assert r.status_code == 422
    assert r.get_json()["errors"][0]["pointer"] == f"/{field}"
    assert caller.get("/v1/centres/pumch").get_json() == before


@pytest.mark.parametrize("field, value", [("slug", "mine"), ("version", 99), ("vetting", {"status": "vetted"})])
def test_nobody_patches_identity_version_or_vetting(as_, field, value):
    for principal in ("partner_a", "coordinator", "admin"):
        caller = as_(principal)
        r = caller.patch("/v1/centres/pumch", json={field: value}, headers={"If-Match": etag_of(caller, "pumch")})
        assert r.status_code == 422, principal
    assert as_("admin").get("/v1/centres/pumch").get_json()["version"] == 1


def test_partner_cannot_patch_another_centre(as_):
    caller = as_("partner_b")
    r = caller.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    assert r.status_code == 403
    assert caller.get("/v1/centres/pumch").get_json()["accepting_referrals"] is True


def test_an_empty_patch_changes_nothing(as_):
    caller = as_("coordinator")
    tag = etag_of(caller, "pumch")
    r = caller.patch("/v1/centres/pumch", json={}, headers={"If-Match": tag})
    assert r.status_code == 200 and r.headers["ETag"] == tag


# --- preconditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, status",
    [(None, 428), ("*", 428), ('"pumch.99"', 412), ('"sysucc.1"', 412), ("garbage", 412), ('W/"pumch.1"', 412)],
)
def test_if_match_is_required_and_checked(as_, header, status):
    caller = as_("coordinator")
    headers = {"If-Match": header} if header is not None else {}
    r = caller.patch("/v1/centres/pumch", json={"city": "Peking"}, headers=headers)
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    assert caller.get("/v1/centres/pumch").get_json()["city"] == "Beijing"


def test_stale_etag_after_another_write_is_412(as_):
    caller = as_("coordinator")
    tag = etag_of(caller, "pumch")
    assert caller.patch("/v1/centres/pumch", json={"city": "Beijing "}, headers={"If-Match": tag}).status_code == 200
    r = caller.patch("/v1/centres/pumch", json={"city": "Peking"}, headers={"If-Match": tag})
    assert r.status_code == 412
    assert r.get_json()["current_version"] == 2


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("put", "/v1/centres/pumch/capabilities/hydrodissection", {"status": "limited"}),
        ("delete", "/v1/centres/pumch/capabilities/co2-dissection", None),
        ("put", "/v1/centres/pumch/services/bone-cryoablation", {"sites": ["rib"]}),
        ("post", "/v1/centres/pumch/vetting", {"status": "vetted"}),
        ("post", "/v1/centres/pumch/capabilities/hydrodissection/verification", {}),
    ],
)
def test_every_centre_write_needs_if_match(as_, method, path, body):
    caller = as_("coordinator")
    r = getattr(caller, method)(path, json=body)
    assert r.status_code == 428
    r = getattr(caller, method)(path, json=body, headers={"If-Match": '"pumch.0"'})
    assert r.status_code == 412
    assert caller.get("/v1/centres/pumch").get_json()["version"] == 1


# --- capabilities and services ----------------------------------------------------------------


def test_partner_report_becomes_self_reported_and_coordinator_verifies(as_):
    partner, coordinator = as_("partner_a"), as_("coordinator")
    r = partner.put(
        "/v1/centres/pumch/capabilities/neuromonitoring",
        json={"status": "limited", "notes": "Weekdays only."},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    assert r.status_code == 200, r.get_json()
    capability = next(c for c in r.get_json()["capabilities"] if c["code"] == "neuromonitoring")
    assert capability["status"] == "limited" and capability["notes"] == "Weekdays only."
    assert capability["verification"]["status"] == "self-reported"

    r = coordinator.post(
        "/v1/centres/pumch/capabilities/neuromonitoring/verification",
        json={"note": "Called the desk."},
        headers={"If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200
    verified = next(c for c in r.get_json()["capabilities"] if c["code"] == "neuromonitoring")
    assert verified["verification"]["status"] == "verified"
    assert verified["verification"]["verified_at"]

    # A new report from the partner resets verification.
    r = partner.put(
        "/v1/centres/pumch/capabilities/neuromonitoring",
        json={"status": "available"},
        headers={"If-Match": r.headers["ETag"]},
    )
    again = next(c for c in r.get_json()["capabilities"] if c["code"] == "neuromonitoring")
    assert again["verification"]["status"] == "self-reported"
    assert again["verification"]["verified_at"] is None


def test_new_capability_then_withdrawn(as_):
    caller = as_("coordinator")
    r = caller.put(
        "/v1/centres/tmc-mumbai/capabilities/mri-guidance",
        json={"status": "available"},
        headers={"If-Match": etag_of(caller, "tmc-mumbai")},
    )
    assert r.status_code == 200
    assert "mri-guidance" in [c["code"] for c in r.get_json()["capabilities"]]
    r = caller.delete("/v1/centres/tmc-mumbai/capabilities/mri-guidance", headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 200
    assert "mri-guidance" not in [c["code"] for c in r.get_json()["capabilities"]]
    r = caller.delete("/v1/centres/tmc-mumbai/capabilities/mri-guidance", headers={"If-Match": r.headers["ETag"]})
    assert r.status_code == 404


@pytest.mark.parametrize(
    "path, body, status",
    [
        ("/v1/centres/pumch/capabilities/teleportation", {"status": "available"}, 404),
        ("/v1/centres/pumch/capabilities/hydrodissection", {"status": "sometimes"}, 422),
        ("/v1/centres/pumch/capabilities/hydrodissection", {"status": "available", "extra": 1}, 422),
        ("/v1/centres/pumch/capabilities/hydrodissection", {"notes": "no status"}, 422),
        ("/v1/centres/pumch/services/heart-transplant", {"sites": ["spine"]}, 404),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": ["skull"]}, 422),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": []}, 422),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": ["rib", "rib"]}, 422),
        (
            "/v1/centres/pumch/services/bone-cryoablation",
            {"sites": ["rib"], "cost": {"currency": "USD", "min": 9, "max": 1}},
            422,
        ),
        (
            "/v1/centres/pumch/services/bone-cryoablation",
            {"sites": ["rib"], "cost": {"currency": "usd", "min": 1, "max": 9}},
            422,
        ),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": ["rib"], "wait_days": -1}, 422),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": ["rib"], "annual_volume": "many"}, 422),
        ("/v1/centres/pumch/services/bone-cryoablation", {"sites": ["rib"], "imaging": ["x-ray-vision"]}, 422),
    ],
)
def test_capability_and_service_input_is_checked(as_, path, body, status):
    caller = as_("coordinator")
    before = caller.get("/v1/centres/pumch").get_json()
    r = caller.put(path, json=body, headers={"If-Match": etag_of(caller, "pumch")})
    assert r.status_code == status, r.get_json()
    assert r.mimetype == "application/problem+json"
    assert caller.get("/v1/centres/pumch").get_json() == before


def test_partner_updates_its_service_offering(as_):
    caller = as_("partner_b")
    offer = {
        "sites": ["spine", "rib"],
        "annual_volume": 160,
        "cost": {"currency": "USD", "min": 2600, "max": 5200},
        "wait_days": 12,
        "imaging": ["ct-guidance", "cone-beam-ct"],
        "notes": "Two lists a week.",
    }
    r = caller.put(
        "/v1/centres/sysucc/services/bone-cryoablation", json=offer, headers={"If-Match": etag_of(caller, "sysucc")}
    )
    assert r.status_code == 200, r.get_json()
    service = r.get_json()["services"][0]
    assert {k: service[k] for k in offer} == offer
    assert service["verification"]["status"] == "self-reported"


def test_partner_cannot_touch_another_centres_capabilities(as_):
    caller = as_("partner_a")
    r = caller.put(
        "/v1/centres/sysucc/capabilities/hydrodissection",
        json={"status": "available"},
        headers={"If-Match": etag_of(caller, "sysucc")},
    )
    assert r.status_code == 403
    hydro = next(
        c for c in caller.get("/v1/centres/sysucc").get_json()["capabilities"] if c["code"] == "hydrodissection"
    )
    assert hydro["status"] == "limited"


# --- vetting ----------------------------------------------------------------------------------


def test_vetting_changes(as_):
    caller = as_("coordinator")
    r = caller.post(
        "/v1/centres/chengdu-bamboo-grove/vetting",
        json={"status": "vetted", "reason": "Site visit."},
        headers={"If-Match": etag_of(caller, "chengdu-bamboo-grove")},
    )
    assert r.status_code == 200, r.get_json()
    vetting = r.get_json()["vetting"]
    assert vetting["status"] == "vetted" and vetting["vetted_at"] and vetting["next_review_due"]
    r = caller.post(
        "/v1/centres/chengdu-bamboo-grove/vetting",
        json={"status": "suspended"},
        headers={"If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 422  # a suspension needs a reason
    r = caller.post(
        "/v1/centres/chengdu-bamboo-grove/vetting",
        json={"status": "suspended", "reason": "Complaint."},
        headers={"If-Match": etag_of(caller, "chengdu-bamboo-grove")},
    )
    assert r.get_json()["vetting"]["status"] == "suspended"


# --- audit and outbox -------------------------------------------------------------------------


def test_each_write_leaves_an_audit_event_and_an_outbox_row(as_, services, template):
    from sqlalchemy import select

    from directory.models import AuditEvent, OutboxEvent

    caller = as_("partner_a")
    r = caller.patch(
        "/v1/centres/pumch",
        json={"accepting_referrals": False},
        headers={"If-Match": etag_of(caller, "pumch"), "X-Request-ID": "req-42"},
    )
    assert r.status_code == 200
    with services.db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.request_id == "req-42")).one()
        outbox = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first()
    assert event.action == "centre.update" and event.entity_id == "pumch" and event.entity_version == 2
    assert event.client_id == template.credentials["partner_a"]["client_id"]
    assert event.role == "partner" and event.actor_centre == "pumch" and event.token_id
    assert event.changes == {"accepting_referrals": {"from": True, "to": False}}
    assert (outbox.topic, outbox.entity_id, outbox.entity_version) == ("centre", "pumch", 2)


def test_refused_writes_are_audited_as_denied(as_, services):
    from sqlalchemy import select

    from directory.models import AuditEvent

    caller = as_("partner_b")
    r = caller.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    assert r.status_code == 403
    with services.db.session() as session:
        denied = session.scalars(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [(d.action, d.entity_id, d.actor_centre) for d in denied] == [("centre.update", "pumch", "sysucc")]


def test_a_failed_write_leaves_nothing_behind(as_, services):
    from sqlalchemy import func, select

    from directory.models import AuditEvent, OutboxEvent

    with services.db.session() as session:
        counts = (
            session.scalar(select(func.count()).select_from(AuditEvent)),
            session.scalar(select(func.count()).select_from(OutboxEvent)),
        )
    caller = as_("coordinator")
    r = caller.put(
        "/v1/centres/pumch/services/bone-cryoablation",
        json={"sites": ["rib", "skull"]},
        headers={"If-Match": etag_of(caller, "pumch")},
    )
    assert r.status_code == 422
    with services.db.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(AuditEvent)),
            session.scalar(select(func.count()).select_from(OutboxEvent)),
        ) == counts


def test_existence_and_rights_come_before_preconditions(as_):
    r = as_("coordinator").patch("/v1/centres/no-such-centre", json={"city": "X"})
    assert r.status_code == 404  # not 428: there is nothing to hold a version of
    r = as_("partner_b").patch("/v1/centres/pumch", json={"accepting_referrals": False})
    assert r.status_code == 403  # not 428: it may not write here at all
    r = as_("partner_b").patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": '"sysucc.1"'}
    )
    assert r.status_code == 403


def test_coordinator_verifies_a_service_offering(as_):
    partner, coordinator = as_("partner_b"), as_("coordinator")
    r = partner.put(
        "/v1/centres/sysucc/services/bone-cryoablation",
        json={"sites": ["rib"], "annual_volume": 40, "wait_days": 9},
        headers={"If-Match": etag_of(partner, "sysucc")},
    )
    assert r.get_json()["services"][0]["verification"]["status"] == "self-reported"
    r = partner.post(
        "/v1/centres/sysucc/services/bone-cryoablation/verification", json={}, headers={"If-Match": r.headers["ETag"]}
    )
    assert r.status_code == 403
    r = coordinator.post(
        "/v1/centres/sysucc/services/bone-cryoablation/verification",
        json={"note": "Checked the price list."},
        headers={"If-Match": etag_of(coordinator, "sysucc")},
    )
    assert r.status_code == 200
    assert r.get_json()["services"][0]["verification"]["status"] == "verified"
    r = coordinator.post(
        "/v1/centres/sysucc/services/heart-transplant/verification", json={}, headers={"If-Match": r.headers["ETag"]}
    )
    assert r.status_code == 404


def test_nul_characters_are_refused_not_stored(as_):
    caller = as_("coordinator")
    r = caller.patch("/v1/centres/pumch", json={"city": "Bei\x00jing"}, headers={"If-Match": etag_of(caller, "pumch")})
    assert r.status_code == 422 and r.get_json()["errors"][0]["pointer"] == "/city"
    assert caller.get("/v1/centres?q=pu%00mch").status_code == 400
    assert caller.get("/v1/centres/pu%00mch").status_code == 404
    assert caller.get("/v1/centres/" + "a" * 65).status_code == 404
    assert caller.get("/v1/centres/PUMCH").status_code == 404


def test_language_filters_compare_primary_subtags(as_):
    found = set(slugs(as_("coordinator").get("/v1/centres?page_size=100&language=en-US")))
    assert {"pumch", "kuala-lumpur-tamarind"} <= found  # "en" and "en-GB" serve an en-US speaker
