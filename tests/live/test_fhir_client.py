"""A real FHIR client library (fhirpy's SyncFHIRClient) against the running server, over HTTP,
on both deployments: SQLite with local search (what ``make run`` serves), and PostgreSQL with
Elasticsearch (a fresh database and index prefix of its own, the index built by
``partner-directory search reindex``). Each deployment is started once for the module.

What it proves, as an integrator's code would meet it:

- every resource type the CapabilityStatement lists reads back with fhirpy, and references
  resolve (a Task's focus and owner);
- searches by ``name``, ``name:contains``, ``address-country``, ``near`` and ``_lastUpdated``
  find what /v1 says they should (with ``_include`` brought along);
- fhirpy's ``fetch_all`` follows the server's next links: every centre exactly once, as many
  as the first page's ``Bundle.total``;
- a system-level bulk export (``_type=Organization,Task``) holds exactly what searches return;
- the demo partner client moves its referral's Task from requested to received with
  ``If-Match``, /v1 then says ``received``, and a stale ``If-Match`` is refused (412).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import MultipleResourcesFound

from directory.geo import distance_km
from tests.server import Server, postgresql_and_elasticsearch, running

FHIR_JSON = "application/fhir+json"
#: A case that fits the demo partner's centre (pumch), as the brief of an intake service.
PROFILE = {"lesion_site": "spine", "lytic": True, "destination_countries": ["CN"], "budget_usd": 6000}


# --- the two deployments ------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite-local-search", "postgresql-elasticsearch"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    instance = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite-local-search":
        with running(instance) as started:
            yield started
    else:
        with postgresql_and_elasticsearch() as settings, running(instance, settings) as started:
            yield started


class Party:
    """One demo client: its token, fhirpy clients as it, and plain HTTP for /v1 and $export."""

    def __init__(self, server: Server, role: str) -> None:
        self.server, self.bearer = server, f"Bearer {server.token(role)}"
        self.base = f"{server.url}/fhir/r4"  # exactly the server's public URL: fetch_all trusts its next links
        self.fhir = self.client()

    def client(self, **headers: str) -> SyncFHIRClient:
        return SyncFHIRClient(self.base, authorization=self.bearer, extra_headers=headers or None)

    def http(self, method: str, url: str, body: Any = None, **headers: str) -> urllib3.BaseHTTPResponse:
        return self.server.http.request(
            method,
            url if "://" in url else f"{self.server.url}{url}",
            json=body,
            headers={"Authorization": self.bearer, **headers},
        )

    def v1(self, path: str, body: Any = None) -> dict[str, Any]:
        r = self.http("POST" if body else "GET", f"/v1{path}", body)
        assert r.status in (200, 201), r.data[:500]
        return r.json()


@pytest.fixture(scope="module")
def as_(server: Server):
    parties: dict[str, Party] = {}

    def party(role: str) -> Party:
        if role not in parties:
            parties[role] = Party(server, role)
        return parties[role]

    return party


def refer(as_) -> dict[str, Any]:
    """A referral from the intake client to the demo partner's centre, through /v1."""
    intake = as_("intake")
    centre = intake.server.credentials["partner"]["centre"]
    body = {"external_ref": f"fhir-client-{uuid.uuid4().hex[:8]}", "centre": centre, "profile": PROFILE}
    return intake.v1("/referrals", body)


def ids(resources: list[Any]) -> list[str]:
    return [r.id for r in resources]


def centres(party: Party, query: str = "") -> list[dict[str, Any]]:
    """Every centre /v1 lists (the demo data set fits one page)."""
    listed = party.v1(f"/centres?page_size=100{query}")
    assert listed["total"] == len(listed["items"])
    return listed["items"]


def km_between(a: dict[str, float], b: dict[str, float]) -> float:
    return distance_km(a["lat"], a["lon"], b["lat"], b["lon"])


# --- the tests ----------------------------------------------------------------------------------


def test_each_deployment_serves_from_its_own_stores(server):
    ready = server.http.request("GET", f"{server.url}/readyz").json()
    assert ready["status"] == "ready", ready
    if "ELASTICSEARCH_URL" in server.env:
        assert server.env["DATABASE_URL"].startswith("postgresql")
        assert ready["checks"]["search"]["backend"] == "elasticsearch" and ready["checks"]["search"]["ok"]
        status = json.loads(server.cli("search", "status"))
        assert status["documents"] == status["centres"] > 0
    else:
        assert "DATABASE_URL" not in server.env and ready["checks"]["search"]["backend"] == "local"


def test_a_resource_of_every_type_reads_back(as_):
    referral = refer(as_)
    coordinator = as_("coordinator")
    client = coordinator.fhir
    statement = client.execute("metadata", method="get")
    types = {r["type"] for r in statement["rest"][0]["resource"]}
    one_of_each = {
        "Organization": "pumch",
        "Location": "pumch",
        "HealthcareService": "pumch.bone-cryoablation",
        "OrganizationAffiliation": "pumch",
        "VerificationResult": "pumch.vetting",
        "Endpoint": "fhir-r4",
        "Group": "network",
        "CodeSystem": "lesion-sites",
        "Task": referral["id"],
        "ServiceRequest": referral["id"],
    }
    assert set(one_of_each) == types
    read = {kind: client.reference(kind, id_).to_resource() for kind, id_ in one_of_each.items()}
    for kind, resource in read.items():
        assert (resource.resourceType, resource.id) == (kind, one_of_each[kind])

    centre = coordinator.v1("/centres/pumch")
    organization = read["Organization"]
    assert (organization.name, organization.alias, organization.active) == (
        centre["name"],
        centre["aliases"],
        centre["accepting_referrals"],
    )
    assert organization.meta.versionId == str(centre["version"])
    assert read["Location"].position == {"latitude": centre["location"]["lat"], "longitude": centre["location"]["lon"]}
    # References resolve over HTTP to the very resources read (fhirpy's == compares references only).
    assert read["Location"]["managingOrganization"].to_resource().serialize() == organization.serialize()
    task = read["Task"]
    assert (task.status, task.meta.versionId) == (referral["status"], str(referral["version"])) == ("requested", "1")
    assert task["focus"].to_resource().serialize() == read["ServiceRequest"].serialize()
    assert task["owner"].to_resource().serialize() == organization.serialize()
    assert read["ServiceRequest"]["performer"][0].id == "pumch"


def test_searches_find_what_v1_lists(as_):
    coordinator = as_("coordinator")
    client = coordinator.fhir
    everything = centres(coordinator)
    organizations = client.resources("Organization").limit(100)

    # name: the name or an alias starts with (case-insensitive); name:contains is /v1's q.
    starting = {c["slug"] for c in everything if any(n.lower().startswith("pu") for n in [c["name"], *c["aliases"]])}
    assert set(ids(organizations.search(name="pu").fetch())) == starting
    assert len(starting) > 1  # a name and aliases
    for part in ("union", "oncolog", "Cancer Hospital"):
        found = ids(organizations.search(name__contains=part).fetch())
        assert found == [c["slug"] for c in centres(coordinator, f"&q={part.replace(' ', '+')}")], part
        assert found, part

    # address-country: each country's centres, on Organization and on Location alike.
    for country in sorted({c["country"] for c in everything}):
        listed = [c["slug"] for c in centres(coordinator, f"&country={country}")]
        assert ids(organizations.search(address_country=country).fetch()) == listed, country
        locations = client.resources("Location").search(address_country=country).limit(100)
        assert ids(locations.fetch()) == listed, country

    # near: within a distance of pumch's position, with the centres' Organizations included.
    pumch = client.reference("Location", "pumch").to_resource().position
    here = {"lat": pumch.latitude, "lon": pumch.longitude}
    for distance, unit, km in ((50, "km", 50), (1300, "km", 1300), (1000, "mi", 1609.344)):
        expected = sorted(c["slug"] for c in everything if c["location"] and km_between(here, c["location"]) <= km)
        bundle = (
            client.resources("Location")
            .search(near=f"{here['lat']}|{here['lon']}|{distance}|{unit}")
            .include("Location", "organization")
            .limit(100)
            .fetch_raw()
        )
        matched = [e.resource.id for e in bundle.entry if e.search.mode == "match"]
        included = [e.resource.id for e in bundle.entry if e.search.mode == "include"]
        assert matched == expected and sorted(included) == expected, (distance, unit)  # includes: in no order
    assert [c["slug"] for c in everything if c["location"] is None]  # one without a position, never near

    # _lastUpdated: strictly after an instant (to the microsecond), and a range.
    updated = sorted(c["updated_at"] for c in everything)
    middle, late = updated[len(updated) // 2], updated[-3]
    after = organizations.search(_lastUpdated__gt=middle).fetch()
    assert ids(after) == sorted(c["slug"] for c in everything if c["updated_at"] > middle)
    between = organizations.search(_lastUpdated__gt=middle, _lastUpdated__le=late).fetch()
    assert ids(between) == sorted(c["slug"] for c in everything if middle < c["updated_at"] <= late)
    assert 0 < len(between) < len(after) < len(everything)


def test_referrals_search_by_last_updated(as_):
    coordinator = as_("coordinator")
    before = coordinator.v1("/referrals?page_size=100")["items"]
    since = max((r["updated_at"] for r in before), default="2000-01-01T00:00:00+00:00")
    referral = refer(as_)
    tasks = coordinator.fhir.resources("Task").search(_lastUpdated__gt=since).limit(100).fetch()
    assert ids(tasks) == [referral["id"]]


def test_fetch_all_follows_the_pages_to_every_centre_once(as_):
    coordinator = as_("coordinator")
    organizations = coordinator.fhir.resources("Organization").limit(4)
    first = organizations.fetch_raw()
    assert len(first.entry) == 4 and first.total > 4
    assert any(link.relation == "next" for link in first.link)
    every = ids(organizations.fetch_all())
    assert len(every) == len(set(every)) == first.total
    assert sorted(every) == sorted(c["slug"] for c in centres(coordinator))


def test_a_bulk_export_holds_what_searches_return(as_):
    refer(as_)  # at least one Task to export
    coordinator = as_("coordinator")
    kick_off = coordinator.http(
        "GET", "/fhir/r4/$export?_type=Organization,Task", Accept=FHIR_JSON, Prefer="respond-async"
    )
    assert kick_off.status == 202, kick_off.data[:500]
    status_url = kick_off.headers["Content-Location"]
    deadline = time.monotonic() + 120
    while (polled := coordinator.http("GET", status_url)).status == 202:
        assert time.monotonic() < deadline, "the export did not finish"
        time.sleep(min(float(polled.headers.get("Retry-After", "1")), 2.0))
    assert polled.status == 200, polled.data[:500]
    manifest = polled.json()
    assert manifest["requiresAccessToken"] is True and manifest["error"] == []
    assert {o["type"] for o in manifest["output"]} == {"Organization", "Task"}

    exported: dict[str, dict[str, dict[str, Any]]] = {}
    for output in manifest["output"]:
        assert coordinator.server.http.request("GET", output["url"]).status == 401  # the bearer is needed
        r = coordinator.http("GET", output["url"])
        assert r.status == 200 and r.headers["Content-Type"].startswith("application/fhir+ndjson"), r.data[:300]
        rows = [json.loads(line) for line in r.data.decode().splitlines()]
        assert len(rows) == output["count"]
        exported.setdefault(output["type"], {}).update((row["id"], row) for row in rows)

    for kind in ("Organization", "Task"):
        searched = coordinator.fhir.resources(kind).limit(100).fetch_all()
        assert exported[kind] == {r.id: r.serialize() for r in searched}, kind
    assert len(exported["Organization"]) == len(centres(coordinator))


def test_the_partner_moves_its_referral_along_with_if_match(as_, server):
    referral = refer(as_)
    partner = as_("partner")
    task = partner.fhir.reference("Task", referral["id"]).to_resource()
    read_version = task.meta.versionId
    assert task.status == "requested" and task["owner"].id == server.credentials["partner"]["centre"]

    # fhirpy's save() is a PUT without If-Match: a client that sends the version read does it.
    as_read = partner.client(**{"If-Match": f'W/"{read_version}"'})
    moved = as_read.resource("Task", **task.serialize())
    moved.status = "received"
    moved.save()
    assert moved.status == "received" and int(moved.meta.versionId) == int(read_version) + 1

    v1 = as_("intake").v1(f"/referrals/{referral['id']}")
    assert (v1["status"], str(v1["version"])) == ("received", moved.meta.versionId)

    # The version read first is stale now: the next step sent with it is refused, nothing written.
    stale = as_read.resource("Task", **moved.serialize())
    stale.status = "accepted"
    with pytest.raises(MultipleResourcesFound) as refused:  # fhirpy's name for a 412
        stale.save()
    outcome = json.loads(str(refused.value))
    assert outcome["resourceType"] == "OperationOutcome" and outcome["issue"][0]["code"] == "conflict"
    after = as_("intake").v1(f"/referrals/{referral['id']}")
    assert (after["status"], after["version"]) == ("received", v1["version"])
    assert partner.fhir.reference("Task", referral["id"]).to_resource().status == "received"
