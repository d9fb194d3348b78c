"""Strict, clear input: unknown codes, repeated parameters, booleans that are not booleans,
bodies that are not JSON, partial updates that keep what they do not mention, and limits that
answer as problem+json."""

from __future__ import annotations

import pytest

from tests.conftest import etag_of


def problem(r, status: int) -> dict:
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    assert r.mimetype == "application/problem+json"
    return r.get_json()


@pytest.mark.parametrize(
    "path, pointer",
    [
        ("/v1/centres?site=femur", "/site/0"),
        ("/v1/centres/search?capability=cementoplsty", "/capability/0"),
        ("/v1/centres/search?site=spine&site=skull", "/site/1"),
    ],
)
def test_unknown_codes_in_filters_are_400_with_a_pointer(as_, path, pointer):
    body = problem(as_("coordinator").get(path), 400)
    assert body["code"] == "unknown-code"
    assert [e["pointer"] for e in body["errors"]] == [pointer]
    assert "/v1/vocabulary" in body["errors"][0]["detail"]


@pytest.mark.parametrize(
    "path, pointer",
    [
        ("/v1/centres?country=IN&country=CN", "/country"),
        ("/v1/centres/search?q=tata&q=apollo", "/q"),
        ("/v1/referrals?centre=pumch&centre=sysucc", "/centre"),
        ("/v1/centres?page=1&page=2", "/page"),
    ],
)
def test_a_repeated_single_value_parameter_is_400(as_, path, pointer):
    body = problem(as_("coordinator").get(path), 400)
    assert body["code"] == "repeated-parameter" and [e["pointer"] for e in body["errors"]] == [pointer]


def test_list_parameters_may_repeat(as_):
    assert as_("coordinator").get("/v1/centres?site=spine&site=rib").status_code == 200


@pytest.mark.parametrize("value", ["yes", 1, "true", 0, None])
def test_booleans_in_bodies_are_json_booleans(as_, value):
    body = problem(as_("coordinator").post("/v1/match", json={"lesion_site": "rib", "lytic": value}), 422)
    assert [e["pointer"] for e in body["errors"]] == ["/lytic"]


@pytest.mark.parametrize("value", ["1", "yes", "True", "on"])
def test_booleans_in_query_strings_are_true_or_false(as_, value):
    body = problem(as_("coordinator").get(f"/v1/centres?accepting_referrals={value}"), 400)
    assert [e["pointer"] for e in body["errors"]] == ["/accepting_referrals"]
    assert as_("coordinator").get("/v1/centres?accepting_referrals=false").status_code == 200


def test_a_body_that_is_not_json_says_so(as_):
    r = as_("coordinator").post("/v1/match", data='{"lesion_site": "rib"', content_type="application/json")
    body = problem(r, 400)
    assert body["detail"] == "The request body is not valid JSON."


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_without_a_json_content_type_is_415(as_, content_type):
    r = as_("coordinator").post("/v1/match", data='{"lesion_site": "rib"}', content_type=content_type)
    body = problem(r, 415)
    assert body["code"] == "unsupported-media-type" and r.headers["Accept-Post"] == "application/json"


def test_the_token_endpoint_still_takes_forms(client, template):
    from tests.conftest import basic

    creds = template.credentials["intake_a"]
    r = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 200


# --- partial updates -------------------------------------------------------------------------------------


def test_patch_a_capability_keeps_what_it_does_not_mention(as_):
    partner = as_("partner_a")
    put = partner.put(
        "/v1/centres/pumch/capabilities/hydrodissection",
        json={"status": "limited", "notes": "Two lists a week."},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    assert put.status_code == 200
    r = partner.patch(
        "/v1/centres/pumch/capabilities/hydrodissection",
        json={"status": "available"},
        headers={"If-Match": put.headers["ETag"], "Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200, r.get_json()
    capability = next(c for c in r.get_json()["capabilities"] if c["code"] == "hydrodissection")
    assert (capability["status"], capability["notes"]) == ("available", "Two lists a week.")
    assert capability["verification"]["status"] == "self-reported"
    cleared = partner.patch(
        "/v1/centres/pumch/capabilities/hydrodissection", json={"notes": None}, headers={"If-Match": r.headers["ETag"]}
    )
    assert next(c for c in cleared.get_json()["capabilities"] if c["code"] == "hydrodissection")["notes"] is None


def test_patch_a_service_offering_merges_the_cost(as_):
    partner = as_("partner_a")
    r = partner.patch(
        "/v1/centres/pumch/services/bone-cryoablation",
        json={"cost": {"max": 6500}, "wait_days": 21},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    assert r.status_code == 200, r.get_json()
    offering = r.get_json()["services"][0]
    assert offering["cost"] == {"currency": "USD", "min": 3000, "max": 6500}
    assert offering["wait_days"] == 21 and len(offering["sites"]) == 5 and offering["imaging"]
    bad = partner.patch(
        "/v1/centres/pumch/services/bone-cryoablation",
        json={"cost": {"min": 9000}},
        headers={"If-Match": r.headers["ETag"]},
    )
    assert problem(bad, 422)["errors"][0]["pointer"] == "/cost/min"


def test_patch_needs_if_match_and_an_existing_fact(as_):
    partner = as_("partner_a")
    problem(partner.patch("/v1/centres/pumch/capabilities/hydrodissection", json={"status": "limited"}), 428)
    missing = partner.patch(
        "/v1/centres/pumch/capabilities/ct-fluoroscopy",  # pumch reports no such capability
        json={"notes": "x"},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    assert "PUT it first" in problem(missing, 404)["detail"]
    other = as_("partner_b").patch(
        "/v1/centres/pumch/capabilities/hydrodissection",
        json={"status": "limited"},
        headers={"If-Match": etag_of(partner, "pumch")},
    )
    problem(other, 403)


# --- limits --------------------------------------------------------------------------------------------


def test_an_over_long_request_target_is_414_problem_json(as_):
    body = problem(as_("coordinator").get("/v1/centres/search?q=" + "a" * 9000), 414)
    assert body["code"] == "uri-too-long"


def test_over_large_headers_are_431_problem_json(as_):
    body = problem(as_("coordinator").get("/v1/centres", headers={"X-Padding": "p" * 20000}), 431)
    assert body["code"] == "headers-too-large"


# --- the document declares what problems carry ---------------------------------------------------------


def test_problem_extension_members_are_declared(client):
    spec = client.get("/openapi.json").get_json()
    problem_schema = spec["components"]["schemas"]["Problem"]
    assert {"current_version", "allowed", "reasons", "errors", "code", "request_id"} <= set(
        problem_schema["properties"]
    )
    assert problem_schema.get("additionalProperties") is not False
