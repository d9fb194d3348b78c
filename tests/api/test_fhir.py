"""FHIR R4: the directory's centres as Organization and Location, read and searched with the
API's OAuth, strict about parameters, and valid FHIR by HAPI FHIR's own validator."""

from __future__ import annotations

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
    Location of the seed and demo data, and the capability statement: no error."""
    if shutil.which("java") is None or shutil.which("mvn") is None:
        require_service("Java and Maven", "scripts/fhir-validate.sh runs HAPI FHIR's validator on Java 17")
    caller = as_("coordinator")
    lines = []
    for kind in ("Organization", "Location"):
        body = bundle(caller, f"{kind}?_count=100")
        assert body["total"] == len(body["entry"]) > 10
        lines += [caller.get(f"/fhir/r4/{kind}/{i}").get_data(as_text=True) for i in ids(body)]
        (tmp_path / f"{kind}-bundle.json").write_text(caller.get(f"/fhir/r4/{kind}?_count=100").get_data(as_text=True))
    (tmp_path / "resources.ndjson").write_text("\n".join(lines) + "\n")
    (tmp_path / "metadata.json").write_text(caller.get("/fhir/r4/metadata").get_data(as_text=True))
    files = sorted(str(p) for p in tmp_path.iterdir())
    done = subprocess.run(
        [str(ROOT / "scripts" / "fhir-validate.sh"), *files], capture_output=True, text=True, timeout=600
    )
    report = done.stdout.strip().splitlines()
    assert done.returncode == 0, "\n".join(line for line in report if line.startswith(("error", "fatal")))[:3000]
    assert report[-1] == f"checked {len(lines) + 3} resources, 0 errors"
