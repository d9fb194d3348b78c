"""FHIR R4: the directory's centres as Organization and Location, read and searched with the
API's OAuth, strict about parameters, and valid FHIR by HAPI FHIR's own validator."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require_service

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
        "Location": {"_id", "_lastUpdated", "address-country", "organization"},
        "HealthcareService": {"_id", "_lastUpdated", "organization", "service-type", "characteristic", "active"},
        "CodeSystem": {"_id"},
    }


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
        ("Organization?_lastUpdated=2026-01-01", 400, "value"),
        ("Organization?_count=0", 400, "value"),
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


def test_every_resource_served_is_valid_fhir_r4(as_, tmp_path):
    """HAPI FHIR's validator (scripts/fhir-validate.sh, offline) over every Organization and
    Location and HealthcareService of the seed and demo data, the search bundles, the code
    systems and the capability statement, with this server's extension definitions and code
    systems: no error."""
    if shutil.which("java") is None or shutil.which("mvn") is None:
        require_service("Java and Maven", "scripts/fhir-validate.sh runs HAPI FHIR's validator on Java 17")
    caller = as_("coordinator")
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    for path in (ROOT / "api" / "fhir" / "definitions").glob("*.json"):
        (definitions / path.name).write_text(path.read_text())
    for entry in bundle(caller, "CodeSystem")["entry"]:
        (definitions / f"CodeSystem-{entry['resource']['id']}.json").write_text(json.dumps(entry["resource"]))
    served = tmp_path / "served"
    served.mkdir()
    lines = []
    for kind in ("Organization", "Location", "HealthcareService"):
        body = bundle(caller, f"{kind}?_count=100")
        assert body["total"] == len(body["entry"]) > 10
        lines += [caller.get(f"/fhir/r4/{kind}/{i}").get_data(as_text=True) for i in ids(body)]
        (served / f"{kind}-bundle.json").write_text(caller.get(f"/fhir/r4/{kind}?_count=100").get_data(as_text=True))
    (served / "resources.ndjson").write_text("\n".join(lines) + "\n")
    (served / "metadata.json").write_text(caller.get("/fhir/r4/metadata").get_data(as_text=True))
    (served / "code-systems.json").write_text(caller.get("/fhir/r4/CodeSystem").get_data(as_text=True))
    files = sorted(str(p) for p in served.iterdir())
    done = subprocess.run(
        [str(ROOT / "scripts" / "fhir-validate.sh"), "--definitions", str(definitions), *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = done.stdout.strip().splitlines()
    assert done.returncode == 0, "\n".join(line for line in report if line.startswith(("error", "fatal")))[:3000]
    assert report[-1] == f"checked {len(lines) + 5} resources, 0 errors"
