"""FHIR R4: the directory's centres as Organization and Location, read and searched with the
API's OAuth, strict about parameters, and valid FHIR by HAPI FHIR's own validator."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
FHIR = "application/fhir+json"


def bundle(caller, query: str) -> dict:
    r = caller.get(f"/fhir/r4/{query}")
    assert r.status_code == 200 and r.mimetype == FHIR, r.get_data(as_text=True)[:500]
    body = r.get_json()
    assert body["resourceType"] == "Bundle" and body["type"] == "searchset"
    return body


def ids(body: dict) -> list[str]:
    return [e["resource"]["id"] for e in body["entry"]]


def test_the_capability_statement_lists_exactly_what_is_supported(client):
    r = client.get("/fhir/r4/metadata")
    assert r.status_code == 200 and r.mimetype == FHIR
    statement = r.get_json()
    assert statement["resourceType"] == "CapabilityStatement" and statement["fhirVersion"] == "4.0.1"
    kinds = {res["type"]: {p["name"] for p in res["searchParam"]} for res in statement["rest"][0]["resource"]}
    assert kinds == {
        "Organization": {"_id", "_lastUpdated", "address-country", "name", "active"},
        "Location": {"_id", "_lastUpdated", "address-country", "organization", "near"},
        "HealthcareService": {"_id", "_lastUpdated", "organization", "service-type", "characteristic", "active"},
        "OrganizationAffiliation": {"_id", "_lastUpdated", "participating-organization", "active"},
        "VerificationResult": {"target", "_lastUpdated"},
        "Task": {"_id", "_lastUpdated", "status", "owner"},
        "ServiceRequest": {"_id", "_lastUpdated", "performer"},
        "CodeSystem": {"_id"},
        "Endpoint": {"_id"},
        "Group": {"_id"},
    }
    resources = {res["type"]: res for res in statement["rest"][0]["resource"]}
    assert resources["Organization"]["searchRevInclude"] == [
        "Location:organization",
        "HealthcareService:organization",
        "OrganizationAffiliation:participating-organization",
        "VerificationResult:target",
    ]
    assert {"code": "update"} in resources["Task"]["interaction"]
    assert {"code": "update"} not in resources["Organization"]["interaction"]
    assert [o["name"] for o in statement["rest"][0]["operation"]] == ["export"]
    assert [o["name"] for o in resources["Group"]["operation"]] == ["export"]


def test_an_organization_is_what_v1_says_of_the_centre(as_):
    caller = as_("partner_b")  # any role that may read centres
    r = caller.get("/fhir/r4/Organization/pumch")
    assert r.status_code == 200 and r.mimetype == FHIR
    organization = r.get_json()
    centre = caller.get("/v1/centres/pumch").get_json()
    assert organization["name"] == centre["name"] and organization["alias"] == centre["aliases"]
    assert organization["address"] == [{"use": "work", "city": centre["city"], "country": centre["country"]}]
    assert organization["active"] is centre["accepting_referrals"]
    assert organization["meta"]["versionId"] == str(centre["version"])
    assert r.headers["ETag"] == f'W/"{centre["version"]}"'
    assert {"system": "email", "value": centre["contact"]["email"], "use": "work"} in organization["telecom"]
    location = caller.get("/fhir/r4/Location/pumch").get_json()
    assert location["managingOrganization"]["reference"] == "Organization/pumch"
    assert location["position"] == {"latitude": centre["location"]["lat"], "longitude": centre["location"]["lon"]}


def test_a_healthcare_service_is_what_v1_says_of_the_offering(as_):
    caller = as_("coordinator")
    r = caller.get("/fhir/r4/HealthcareService/pumch.bone-cryoablation")
    assert r.status_code == 200 and r.mimetype == FHIR
    service = r.get_json()
    centre = caller.get("/v1/centres/pumch").get_json()
    [offering] = [o for o in centre["services"] if o["code"] == "bone-cryoablation"]
    extensions = {e["url"].rsplit("/", 1)[1]: e for e in service["extension"]}
    cost = extensions["cost-range"]["valueRange"]
    assert (cost["low"]["value"], cost["high"]["value"], cost["low"]["code"]) == (
        offering["cost"]["min"],
        offering["cost"]["max"],
        offering["cost"]["currency"],
    )
    assert extensions["wait-days"]["valueDuration"]["value"] == offering["wait_days"]
    assert extensions["annual-volume"]["valueInteger"] == offering["annual_volume"]
    codes = {c["coding"][0]["code"] for c in service["characteristic"]}
    available = {c["code"] for c in centre["capabilities"] if c["status"] == "available"}
    assert codes == set(offering["sites"]) | available
    assert service["providedBy"]["reference"] == "Organization/pumch"
    assert [c["text"] for c in service["communication"]] == centre["languages"]
    sites = caller.get("/fhir/r4/CodeSystem/lesion-sites").get_json()
    assert {c["code"] for c in sites["concept"]} >= set(offering["sites"])
    assert sites["url"] == service["characteristic"][0]["coding"][0]["system"]


def test_healthcare_services_by_site_and_capability_match_the_v1_listing(as_):
    caller = as_("coordinator")
    found = bundle(
        caller,
        "HealthcareService?characteristic=spine&characteristic=hydrodissection&service-type=bone-cryoablation"
        "&_count=100",
    )
    listing = caller.get("/v1/centres?site=spine&capability=hydrodissection&page_size=100").get_json()["items"]
    assert ids(found) == [f"{c['slug']}.bone-cryoablation" for c in listing] and found["total"] == len(listing) > 0
    assert ids(bundle(caller, "HealthcareService?organization=pumch")) == ["pumch.bone-cryoablation"]
    assert bundle(caller, "HealthcareService?service-type=no-such-service")["total"] == 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Organization?name=peking", {"pumch"}),
        ("Organization?name=PUMCH", {"pumch"}),  # an alias
        ("Organization?name=union", set()),  # starts with, not contains
        ("Organization?name:contains=union", {"pumch"}),
        ("Organization?name=北京协和", {"pumch"}),
        ("Organization?_id=pumch,sysucc", {"pumch", "sysucc"}),
        ("Location?organization=Organization/tmc-mumbai", {"tmc-mumbai"}),
        ("Location?organization=tmc-mumbai", {"tmc-mumbai"}),
        ("Organization?_lastUpdated=gt2999-01-01T00:00:00Z", set()),
    ],
)
def test_search_finds_what_a_partner_system_asks_for(as_, query, expected):
    assert set(ids(bundle(as_("intake_a"), query + "&_count=100"))) == expected


def test_search_by_country_and_active_matches_the_v1_listing(as_):
    caller = as_("coordinator")
    for query, listing in (
        ("Organization?address-country=IN", "/v1/centres?country=IN&page_size=100"),
        ("Organization?active=false", "/v1/centres?accepting_referrals=false&page_size=100"),
    ):
        expected = [c["slug"] for c in caller.get(listing).get_json()["items"]]
        assert expected and ids(bundle(caller, query + "&_count=100")) == expected


def test_last_updated_follows_changes(as_):
    caller = as_("coordinator")
    everything = bundle(caller, "Organization?_count=100")
    newest = max(e["resource"]["meta"]["lastUpdated"] for e in everything["entry"])
    assert bundle(caller, f"Organization?_lastUpdated=gt{newest.replace('+', '%2B')}")["total"] == 0
    etag = caller.get("/v1/centres/sysucc").headers["ETag"]
    changed = caller.patch(
        "/v1/centres/sysucc",
        json={"accepting_referrals": False},
        headers={"If-Match": etag, "Content-Type": "application/merge-patch+json"},
    )
    assert changed.status_code == 200, changed.get_json()
    since = bundle(caller, f"Organization?_lastUpdated=gt{newest.replace('+', '%2B')}")
    assert ids(since) == ["sysucc"] and since["entry"][0]["resource"]["active"] is False


def test_paging_links_walk_every_result_once(as_):
    caller = as_("coordinator")
    page = bundle(caller, "Organization?_count=5")
    total, seen = page["total"], ids(page)
    while (following := {link["relation"]: link["url"] for link in page["link"]}.get("next")) is not None:
        url = urlsplit(following)
        page = bundle(caller, f"{url.path.removeprefix('/fhir/r4/')}?{url.query}")
        seen += ids(page)
    assert total > 5 and len(seen) == total == len(set(seen))


@pytest.mark.parametrize(
    "query, status, code",
    [
        ("Organization?bogus=1", 400, "not-supported"),
        ("Organization?organization=pumch", 400, "not-supported"),  # a Location parameter
        ("Organization?address-country=India", 400, "value"),
        ("Organization?active=yes", 400, "value"),
        ("Organization?_lastUpdated=ne2026-01-01", 400, "value"),
        ("Organization?_lastUpdated=gtyesterday", 400, "value"),
        ("Organization/pumch/_history/1", 404, "not-supported"),
        ("Organization?_count=-1", 400, "value"),
        ("Organization?_include=Location:organization", 400, "not-supported"),
        ("Location?near=91|0|10|km", 400, "value"),
        ("Location?near=39.9|116.4|10|furlong", 400, "value"),
        ("Task?status=done", 400, "value"),
        ("Organization?name=a&name=b", 400, "value"),
        ("Organization/no-such-centre", 404, "not-found"),
        ("Practitioner", 404, "not-supported"),
        ("Organization?_format=xml", 406, "not-supported"),
    ],
)
def test_what_is_not_supported_is_refused_with_an_operation_outcome(as_, query, status, code):
    r = as_("coordinator").get(f"/fhir/r4/{query}")
    assert r.status_code == status and r.mimetype == FHIR, r.get_data(as_text=True)[:300]
    outcome = r.get_json()
    assert outcome["resourceType"] == "OperationOutcome" and outcome["issue"][0]["code"] == code


def test_reading_needs_a_token(client):
    r = client.get("/fhir/r4/Organization/pumch")
    assert r.status_code == 401 and r.mimetype == FHIR
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert r.get_json()["issue"][0]["code"] == "login"


def test_membership_verification_and_the_endpoint_are_what_v1_says(as_):
    caller = as_("coordinator")
    centre = caller.get("/v1/centres/pumch").get_json()
    membership = caller.get("/fhir/r4/OrganizationAffiliation/pumch").get_json()
    assert membership["active"] is (centre["vetting"]["status"] == "vetted")
    assert membership["participatingOrganization"]["reference"] == "Organization/pumch"
    assert {s["reference"] for s in membership["healthcareService"]} == {
        f"HealthcareService/pumch.{o['code']}" for o in centre["services"]
    }
    endpoint = caller.get(membership["endpoint"][0]["reference"].join(("/fhir/r4/", ""))).get_json()
    assert endpoint["address"].endswith("/fhir/r4") and endpoint["connectionType"]["code"] == "hl7-fhir-rest"
    results = bundle(caller, "VerificationResult?target=Organization/pumch&_count=100")
    by_id = {e["resource"]["id"]: e["resource"] for e in results["entry"]}
    assert set(by_id) == {"pumch.vetting"} | {f"pumch.capability.{c['code']}" for c in centre["capabilities"]} | {
        f"pumch.service.{o['code']}" for o in centre["services"]
    }
    assert results["total"] == len(by_id)
    for capability in centre["capabilities"]:
        result = by_id[f"pumch.capability.{capability['code']}"]
        expected = {"verified": "validated", "self-reported": "attested", "unverified": "in-process"}
        assert result["status"] == expected[capability["verification"]["status"]]
        assert result["attestation"]["who"]["display"] == capability["verification"]["reported_by"]


def test_a_coordinators_check_is_a_validated_verification_with_who_and_when(as_):
    caller = as_("coordinator")
    etag = caller.get("/v1/centres/pumch").headers["ETag"]
    r = caller.post(
        "/v1/centres/pumch/capabilities/hydrodissection/verification",
        json={"note": "Procedure log seen on site visit."},
        headers={"If-Match": etag},
    )
    assert r.status_code == 200, r.get_json()
    verification = next(c for c in r.get_json()["capabilities"] if c["code"] == "hydrodissection")["verification"]
    result = caller.get("/fhir/r4/VerificationResult/pumch.capability.hydrodissection").get_json()
    assert result["status"] == "validated"
    signature = result["validator"][0]["attestationSignature"]
    assert (signature["who"]["display"], signature["when"]) == (
        verification["verified_by"],
        verification["verified_at"],
    )
    assert result["validationProcess"][0]["text"] == "Procedure log seen on site visit."


def test_near_finds_the_locations_within_the_distance(as_):
    caller = as_("intake_a")
    beijing = caller.get("/fhir/r4/Location/pumch").get_json()["position"]
    point = f"{beijing['latitude']}|{beijing['longitude']}"
    everywhere = bundle(caller, "Location?_count=100")["entry"]
    from directory.geo import distance_km

    def within(km: float) -> set[str]:
        return {
            e["resource"]["id"]
            for e in everywhere
            if "position" in e["resource"]
            and distance_km(beijing["latitude"], beijing["longitude"], *e["resource"]["position"].values()) <= km
        }

    for query, km in ((f"{point}|1|km", 1), (f"{point}|1500|km", 1500), (f"{point}|100|mi", 160.9344), (point, 50)):
        found = set(ids(bundle(caller, f"Location?near={query}&_count=100")))
        assert "pumch" in found and found == within(km)
    assert len(within(1500)) > len(within(1)) and len(within(1500)) < len(everywhere)
    round_the_world = set(ids(bundle(caller, f"Location?near={point}|30000|km&_count=100")))
    assert round_the_world == within(30000) == {e["resource"]["id"] for e in everywhere if "position" in e["resource"]}
    beside = bundle(caller, f"Location?near={point}|1500|km&address-country=CN&_include=Location:organization")
    assert {e["resource"]["resourceType"] for e in beside["entry"] if e["search"]["mode"] == "include"} == {
        "Organization"
    }


def test_includes_bring_each_related_resource_once(as_):
    caller = as_("coordinator")
    found = bundle(
        caller,
        "Organization?_id=pumch&_revinclude=Location:organization&_revinclude=HealthcareService:organization"
        "&_revinclude=OrganizationAffiliation:participating-organization&_revinclude=VerificationResult:target",
    )
    kinds = [(e["resource"]["resourceType"], e["search"]["mode"]) for e in found["entry"]]
    assert kinds[0] == ("Organization", "match") and found["total"] == 1
    included = {kind for kind, mode in kinds[1:] if mode == "include"}
    assert included == {"Location", "HealthcareService", "OrganizationAffiliation", "VerificationResult"}
    assert len({(e["resource"]["resourceType"], e["resource"]["id"]) for e in found["entry"]}) == len(kinds)
    services = bundle(caller, "HealthcareService?organization=pumch&_include=HealthcareService:organization")
    assert [e["resource"]["id"] for e in services["entry"] if e["search"]["mode"] == "include"] == ["pumch"]
    member = bundle(caller, "OrganizationAffiliation?_id=pumch&_include=OrganizationAffiliation:endpoint")
    assert member["entry"][-1]["resource"]["resourceType"] == "Endpoint"


def test_a_count_of_zero_gives_the_total_alone(as_):
    found = bundle(as_("coordinator"), "Organization?address-country=CN&_count=0")
    assert found["total"] > 0 and found["entry"] == [] and not any(link["relation"] == "next" for link in found["link"])


def test_members_are_the_vetted_centres(as_):
    caller = as_("coordinator")
    vetted = {c["slug"] for c in caller.get("/v1/centres?vetting_status=vetted&page_size=100").get_json()["items"]}
    assert vetted and set(ids(bundle(caller, "OrganizationAffiliation?active=true&_count=100"))) == vetted
    others = set(ids(bundle(caller, "OrganizationAffiliation?active=false&_count=100")))
    assert others and not others & vetted


def test_accreditations_are_an_extension_each(as_):
    caller = as_("coordinator")
    changed = caller.patch(
        "/v1/centres/pumch",
        json={"accreditations": ["JCI", "CAP"]},
        headers={
            "If-Match": caller.get("/v1/centres/pumch").headers["ETag"],
            "Content-Type": "application/merge-patch+json",
        },
    )
    assert changed.status_code == 200, changed.get_json()
    organization = caller.get("/fhir/r4/Organization/pumch").get_json()
    assert [(e["url"].rsplit("/", 1)[1], e["valueString"]) for e in organization["extension"]] == [
        ("accreditation", "JCI"),
        ("accreditation", "CAP"),
    ]


def test_last_updated_takes_partial_dates_as_their_ranges(as_):
    caller = as_("coordinator")
    everything = bundle(caller, "Organization?_count=100")
    newest = max(e["resource"]["meta"]["lastUpdated"] for e in everything["entry"])
    year, day = newest[:4], newest[:10]
    assert bundle(caller, f"Organization?_lastUpdated={year}&_count=0")["total"] == everything["total"]
    assert bundle(caller, f"Organization?_lastUpdated={day}&_count=0")["total"] > 0
    assert bundle(caller, f"Organization?_lastUpdated=lt{year}&_count=0")["total"] == 0
    assert bundle(caller, f"Organization?_lastUpdated=gt{day}&_count=0")["total"] == 0
    assert bundle(caller, f"Organization?_lastUpdated=le{year}&_count=0")["total"] == everything["total"]
    pumch = caller.get("/fhir/r4/Organization/pumch").get_json()["meta"]["lastUpdated"]
    exactly = bundle(caller, f"Organization?_lastUpdated={pumch.replace('+', '%2B')}&_count=100")
    assert "pumch" in ids(exactly)  # an instant to the microsecond finds what changed then


def test_generic_clients_get_what_fhir_lets_them_expect(as_):
    caller = as_("coordinator")
    capped = bundle(caller, "Organization?_count=500&_format=json")
    assert len(capped["entry"]) == min(capped["total"], 100)
    r = caller.get("/fhir/r4/Organization/pumch")
    again = caller.get("/fhir/r4/Organization/pumch", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == r.headers["ETag"] and not again.data
    assert caller.get("/fhir/r4/Organization/pumch", headers={"If-None-Match": 'W/"0"'}).status_code == 200
