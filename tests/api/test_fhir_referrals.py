"""Referrals as FHIR: a Task (the workflow) whose focus is a ServiceRequest (the case, coded,
without the patient's identity), read by the same parties as /v1/referrals, and moved along
by updating the Task's status with If-Match, through the same workflow."""

from __future__ import annotations

import uuid

import pytest

from api.fhir.referrals import CASE_FIELDS, REQUEST_FIELDS
from api.schemas import CaseProfileSchema
from tests.api.test_fhir import FHIR

#: Every kind of finding: a quantity, booleans, codes, countries, languages, money.
PROFILE = {
    "lesion_site": "spine",
    "lesion_size_cm": 3.5,
    "lytic": True,
    "cortical_involvement_pct": 40,
    "spinal_canal_distance_mm": 12,
    "disease_extent": "oligometastatic",
    "guidance": "mri-guidance",
    "destination_countries": ["CN", "IN"],
    "languages": ["en", "zh-Hans"],
    "budget": {"amount": 50000, "currency": "CNY"},
    "budget_max": 80000,
}


def refer(as_, principal: str = "intake_a", **overrides) -> dict:
    body = {"external_ref": f"case-{uuid.uuid4().hex[:8]}", "centre": "pumch", "profile": PROFILE, **overrides}
    r = as_(principal).post("/v1/referrals", json=body)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def read(caller, path: str):
    r = caller.get(f"/fhir/r4/{path}")
    assert r.mimetype == FHIR, r.get_data(as_text=True)[:300]
    return r


def profile_of(request: dict) -> dict:
    """The case profile back from a ServiceRequest, as a FHIR client would read it."""
    found: dict = {"lesion_site": request["bodySite"][0]["coding"][0]["code"]}
    for observation in request.get("contained", []):
        name = observation["code"]["coding"][0]["code"]
        if "valueBoolean" in observation:
            value = observation["valueBoolean"]
        elif "valueQuantity" in observation:
            quantity = observation["valueQuantity"]
            value = (
                {"amount": quantity["value"], "currency": quantity["code"]} if name == "budget" else quantity["value"]
            )
        else:
            concept = observation["valueCodeableConcept"]
            value = concept["coding"][0]["code"] if "coding" in concept else concept["text"]
        if name in ("destination_countries", "languages"):
            found.setdefault(name, []).append(value)
        else:
            found[name] = value
    return found


def test_every_case_profile_field_has_a_home_in_fhir():
    """A field added to the case profile without a FHIR mapping would be silently dropped."""
    assert set(CaseProfileSchema().fields) == set(CASE_FIELDS) | set(REQUEST_FIELDS)


def test_a_task_and_its_service_request_are_what_v1_says(as_):
    referral = refer(as_)
    caller = as_("intake_a")
    r = read(caller, f"Task/{referral['id']}")
    assert r.status_code == 200 and r.headers["ETag"] == f'W/"{referral["version"]}"'
    task = r.get_json()
    assert (task["status"], task["intent"], task["meta"]["versionId"]) == (
        "requested",
        "order",
        str(referral["version"]),
    )
    assert task["owner"]["reference"] == "Organization/pumch"
    assert task["focus"]["reference"] == f"ServiceRequest/{referral['id']}"
    assert task["identifier"][0]["value"] == referral["external_ref"]
    request = read(caller, f"ServiceRequest/{referral['id']}").get_json()
    assert request["status"] == "active" and request["performer"][0]["reference"] == "Organization/pumch"
    assert request["code"]["coding"][0]["code"] == "bone-cryoablation"
    assert profile_of(request) == referral["profile"] == PROFILE
    assert set(request["subject"]) == {"display"}  # no patient identity, ever
    by_id = {o["id"]: o for o in request["contained"]}
    assert by_id["budget-max"]["valueQuantity"]["code"] == "CNY"  # in the budget's currency
    assert by_id["lesion-size-cm"]["valueQuantity"]["code"] == "cm"
    assert {"destination-countries-1", "destination-countries-2"} <= set(by_id)


@pytest.mark.parametrize(
    "principal, status",
    [("intake_a", 200), ("coordinator", 200), ("partner_a", 200), ("intake_b", 404), ("partner_b", 404)],
)
def test_the_same_parties_read_it_as_on_v1(as_, principal, status):
    referral = refer(as_)
    for path in (f"Task/{referral['id']}", f"ServiceRequest/{referral['id']}"):
        r = read(as_(principal), path)
        assert r.status_code == status == as_(principal).get(f"/v1/referrals/{referral['id']}").status_code
        if status == 404:
            assert r.get_json()["issue"][0]["code"] == "not-found"
    found = read(as_(principal), f"Task?_id={referral['id']}").get_json()
    assert found["total"] == (1 if status == 200 else 0)


def test_a_draft_is_not_the_centres_to_see(as_):
    draft = refer(as_, status="draft")
    assert read(as_("partner_a"), f"Task/{draft['id']}").status_code == 404
    assert read(as_("intake_a"), f"Task/{draft['id']}").get_json()["status"] == "draft"


def test_tasks_search_by_status_owner_and_last_updated_with_their_requests(as_):
    first = refer(as_)
    second = refer(as_, "coordinator", centre="sysucc", override_reason="The patient asked for this centre.")
    caller = as_("coordinator")
    mine = read(caller, "Task?_count=100").get_json()
    listed = caller.get("/v1/referrals?page_size=100").get_json()
    assert [e["resource"]["id"] for e in mine["entry"]] == [r["id"] for r in listed["items"]]
    owned = read(caller, "Task?owner=Organization/sysucc&status=requested&_include=Task:focus").get_json()
    assert [(e["resource"]["resourceType"], e["resource"]["id"], e["search"]["mode"]) for e in owned["entry"]] == [
        ("Task", second["id"], "match"),
        ("ServiceRequest", second["id"], "include"),
    ]
    later = read(caller, f"Task?_lastUpdated=gt{first['updated_at'].replace('+', '%2B')}").get_json()
    assert {e["resource"]["id"] for e in later["entry"]} == {second["id"]}
    with_owner = read(caller, f"Task?_id={first['id']}&_include=Task:owner").get_json()
    assert [e["resource"]["id"] for e in with_owner["entry"]] == [first["id"], "pumch"]


def put(caller, task: dict, version: str | None, at: str | None = None):
    headers = {"Content-Type": FHIR} | ({"If-Match": f'W/"{version}"'} if version else {})
    return caller.put(f"/fhir/r4/Task/{at or task['id']}", json=task, headers=headers)


def test_a_partner_moves_its_referral_along_by_updating_the_task(as_):
    referral = refer(as_)
    partner = as_("partner_a")
    task = read(partner, f"Task/{referral['id']}").get_json()
    for to in ("received", "accepted"):
        # As a client library would send it back: times re-spelt, displays dropped.
        sent = task | {"status": to, "authoredOn": task["authoredOn"].replace("+00:00", "Z")}
        sent["owner"] = {"reference": task["owner"]["reference"]}
        r = put(partner, sent, task["meta"]["versionId"])
        assert r.status_code == 200 and r.mimetype == FHIR, r.get_json()
        task = r.get_json()
        assert task["status"] == to and r.headers["ETag"] == f'W/"{task["meta"]["versionId"]}"'
    v1 = as_("intake_a").get(f"/v1/referrals/{referral['id']}").get_json()
    assert v1["status"] == "accepted" and str(v1["version"]) == task["meta"]["versionId"]
    assert [step["to"] for step in v1["timeline"]] == ["requested", "received", "accepted"]
    assert read(as_("intake_a"), f"ServiceRequest/{referral['id']}").get_json()["status"] == "active"


def test_a_coded_rejection_is_the_tasks_status_reason(as_):
    referral = refer(as_)
    partner = as_("partner_a")
    task = read(partner, f"Task/{referral['id']}").get_json()
    task = put(partner, task | {"status": "received"}, task["meta"]["versionId"]).get_json()
    reason = {
        "coding": [
            {"system": "http://partner-directory.example/fhir/CodeSystem/rejection-reasons", "code": "at-capacity"}
        ],
        "text": "No slot before March.",
    }
    r = put(partner, task | {"status": "rejected", "statusReason": reason}, task["meta"]["versionId"])
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["statusReason"] == reason
    step = as_("intake_a").get(f"/v1/referrals/{referral['id']}").get_json()["timeline"][-1]
    assert (step["to"], step["reason_code"], step["reason"]) == ("rejected", "at-capacity", "No slot before March.")
    assert read(as_("intake_a"), f"ServiceRequest/{referral['id']}").get_json()["status"] == "revoked"


@pytest.mark.parametrize(
    "principal, change, version, status, code",
    [
        ("partner_a", {"status": "completed"}, "current", 409, "business-rule"),  # not from requested
        ("intake_a", {"status": "received"}, "current", 409, "business-rule"),  # the centre's step
        ("partner_a", {"status": "received"}, "stale", 412, "conflict"),
        ("partner_a", {"status": "received"}, None, 428, "required"),
        ("partner_a", {"status": "received", "intent": "plan"}, "current", 422, "business-rule"),
        (
            "partner_a",
            {"status": "received", "owner": {"reference": "Organization/sysucc"}},
            "current",
            422,
            "business-rule",
        ),
        ("partner_a", {"status": "finished"}, "current", 400, "value"),
        ("partner_b", {"status": "received"}, "current", 404, "not-found"),  # another centre's
        ("coordinator", {"status": "received", "id": "other"}, "current", 400, "value"),
    ],
)
def test_an_illegal_update_is_refused_with_an_operation_outcome(as_, principal, change, version, status, code):
    referral = refer(as_)
    task = read(as_("coordinator"), f"Task/{referral['id']}").get_json()
    sent = {"current": task["meta"]["versionId"], "stale": "99", None: None}[version]
    r = put(as_(principal), task | change, sent, at=referral["id"])
    assert r.status_code == status and r.mimetype == FHIR, r.get_json()
    assert r.get_json()["issue"][0]["code"] == code
    if status == 409:
        assert "allowed:" in r.get_json()["issue"][0]["diagnostics"]
    after = as_("coordinator").get(f"/v1/referrals/{referral['id']}").get_json()
    assert (after["status"], after["version"]) == ("requested", referral["version"])  # nothing written


def test_updating_a_task_needs_a_scope_that_may_answer(as_, client):
    referral = refer(as_)
    task = read(as_("partner_a"), f"Task/{referral['id']}").get_json()
    r = client.put(f"/fhir/r4/Task/{task['id']}", json=task, headers={"Content-Type": FHIR})
    assert r.status_code == 401 and r.get_json()["resourceType"] == "OperationOutcome"
    assert read(as_("partner_a"), "Organization?_count=1").status_code == 200
    assert as_("partner_a").put("/fhir/r4/Organization/pumch", json={}).status_code == 405


@pytest.mark.parametrize(
    "principal, method, status",
    [
        ("admin", "get", 403),  # reads the directory, not referrals
        ("admin", "put", 403),
        (None, "get", 401),
        (None, "put", 401),
        ("intake_b", "put", 404),  # another requester's referral does not exist for it
    ],
)
def test_who_may_not_read_or_move_a_task_is_refused(as_, principal, method, status):
    referral = refer(as_)
    task = read(as_("coordinator"), f"Task/{referral['id']}").get_json()
    caller = as_(principal)
    if method == "get":
        r = caller.get(f"/fhir/r4/Task/{referral['id']}")
    else:
        r = put(caller, task | {"status": "cancelled"}, task["meta"]["versionId"])
    assert r.status_code == status and r.mimetype == FHIR
    assert r.get_json()["issue"][0]["code"] == {401: "login", 403: "forbidden", 404: "not-found"}[status]
    assert as_("coordinator").get(f"/v1/referrals/{referral['id']}").get_json()["status"] == "requested"
