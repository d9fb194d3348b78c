"""FHIR Bulk Data export: asynchronous kick-off, polling with progress, NDJSON per type,
``_type`` and ``_since`` (with deletions, so that a mirror stays exact), files for the
requester only, cancelled and expired jobs removed with their files."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.fhir import bulk
from tests.api.test_fhir import FHIR
from tests.conftest import etag_of

ASYNC = {"Prefer": "respond-async", "Accept": FHIR}


@pytest.fixture(autouse=True)
def exports_end_with_the_test(app):
    """No export thread outlives its test's database."""
    yield
    for thread in bulk.running(app):
        thread.join(timeout=60)


def path(url: str) -> str:
    return urlsplit(url).path


def kick_off(caller, query: str = "$export") -> str:
    r = caller.get(f"/fhir/r4/{query}", headers=ASYNC)
    assert r.status_code == 202, r.get_data(as_text=True)[:500]
    return r.headers["Content-Location"]


def finished(caller, status_url: str) -> dict:
    for _ in range(600):
        r = caller.get(path(status_url))
        if r.status_code != 202:
            assert r.status_code == 200, r.get_data(as_text=True)[:500]
            assert r.headers["Expires"]
            return r.get_json()
        assert r.headers["X-Progress"].endswith("%") and r.headers["Retry-After"]
        time.sleep(0.05)
    raise AssertionError("the export did not finish")


def lines(caller, url: str) -> list[dict]:
    r = caller.get(path(url))
    text = r.get_data(as_text=True)
    r.close()  # a file response: its handle closes with it
    assert r.status_code == 200 and r.mimetype == "application/fhir+ndjson", text[:300]
    return [json.loads(line) for line in text.splitlines()]


def exported(caller, manifest: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for output in manifest["output"]:
        rows = lines(caller, output["url"])
        assert len(rows) == output["count"] and {r["resourceType"] for r in rows} == {output["type"]}
        found.setdefault(output["type"], []).extend(rows)
    return found


def test_a_system_export_holds_what_searches_find(as_):
    caller = as_("coordinator")
    manifest = finished(caller, kick_off(caller))
    assert manifest["requiresAccessToken"] is True and manifest["request"].endswith("/fhir/r4/$export")
    everything = exported(caller, manifest)
    for kind in ("Organization", "Location", "HealthcareService", "OrganizationAffiliation", "VerificationResult"):
        searched = caller.get(f"/fhir/r4/{kind}?_count=0").get_json()["total"]
        assert len(everything[kind]) == searched > 0, kind
    assert {r["id"] for r in everything["CodeSystem"]} >= {"lesion-sites", "case-profile", "rejection-reasons"}
    assert (
        everything["Organization"][0]
        == caller.get(f"/fhir/r4/Organization/{everything['Organization'][0]['id']}").get_json()
    )
    assert len(everything.get("Task", [])) == caller.get("/v1/referrals").get_json()["total"]


def test_types_since_and_deletions_keep_a_mirror_exact(as_):
    caller = as_("coordinator")
    first = finished(caller, kick_off(caller, "$export?_type=HealthcareService,VerificationResult"))
    mirror = {(r["resourceType"], r["id"]): r for rows in exported(caller, first).values() for r in rows}
    assert {t for t, _ in mirror} == {"HealthcareService", "VerificationResult"}
    assert first["deleted"] == []
    since = first["transactionTime"]
    # Meanwhile: pumch drops a service and a capability; sysucc stops taking referrals.
    centre = caller.get("/v1/centres/pumch").get_json()
    service, capability = centre["services"][0]["code"], centre["capabilities"][0]["code"]
    r = caller.delete(f"/v1/centres/pumch/services/{service}", headers={"If-Match": etag_of(caller, "pumch")})
    assert r.status_code == 200, r.get_json()
    r = caller.delete(f"/v1/centres/pumch/capabilities/{capability}", headers={"If-Match": etag_of(caller, "pumch")})
    assert r.status_code == 200, r.get_json()
    r = caller.patch(
        "/v1/centres/sysucc",
        json={"accepting_referrals": False},
        headers={"If-Match": etag_of(caller, "sysucc"), "Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200, r.get_json()
    since_query = since.replace("+", "%2B")
    second = finished(
        caller, kick_off(caller, f"$export?_type=HealthcareService,VerificationResult&_since={since_query}")
    )
    changed = exported(caller, second)
    # What changed since (and, within a minute's margin before it, what may have come again).
    assert {r["id"].split(".")[0] for rows in changed.values() for r in rows} >= {"pumch", "sysucc"}
    deletions = [e["request"] for d in second["deleted"] for bundle in lines(caller, d["url"]) for e in bundle["entry"]]
    assert sorted((d["method"], d["url"]) for d in deletions) == sorted(
        [
            ("DELETE", f"HealthcareService/pumch.{service}"),
            ("DELETE", f"VerificationResult/pumch.service.{service}"),
            ("DELETE", f"VerificationResult/pumch.capability.{capability}"),
        ]
    )
    for d in deletions:
        mirror.pop(tuple(d["url"].split("/")))
    mirror.update({(r["resourceType"], r["id"]): r for rows in changed.values() for r in rows})
    now = exported(caller, finished(caller, kick_off(caller, "$export?_type=HealthcareService,VerificationResult")))
    assert mirror == {(r["resourceType"], r["id"]): r for rows in now.values() for r in rows}
    assert all(s["active"] is False for s in now["HealthcareService"] if s["id"].startswith("sysucc."))


def test_the_network_group_exports_its_vetted_centres_only(as_):
    caller = as_("coordinator")
    group = caller.get("/fhir/r4/Group/network").get_json()
    assert group["resourceType"] == "Group" and group["actual"] is False
    manifest = finished(caller, kick_off(caller, "Group/network/$export?_type=Organization,OrganizationAffiliation"))
    found = exported(caller, manifest)
    vetted = {c["slug"] for c in caller.get("/v1/centres?vetting_status=vetted&page_size=100").get_json()["items"]}
    assert {r["id"] for r in found["Organization"]} == vetted
    assert all(a["active"] for a in found["OrganizationAffiliation"])
    refused = caller.get("/fhir/r4/Group/network/$export?_type=Task", headers=ASYNC)
    assert refused.status_code == 400 and refused.get_json()["issue"][0]["code"] == "not-supported"
    assert caller.get("/fhir/r4/Group/other/$export", headers=ASYNC).status_code == 404


def test_referrals_are_exported_to_those_who_may_read_them(as_):
    from tests.api.test_fhir_referrals import refer

    mine, theirs = refer(as_, "intake_a"), refer(as_, "intake_b")
    caller = as_("intake_a")
    found = exported(caller, finished(caller, kick_off(caller, "$export?_type=Task,ServiceRequest")))
    assert {r["id"] for r in found["Task"]} == {r["id"] for r in found["ServiceRequest"]} == {mine["id"]}
    assert theirs["id"] not in {r["id"] for r in found["Task"]}
    partner = as_("partner_b")  # sysucc's: none of these referrals is for it
    assert exported(partner, finished(partner, kick_off(partner, "$export?_type=Task"))).get("Task", []) == []
    admin = as_("admin")  # reads the directory, not referrals
    assert "Task" not in {o["type"] for o in finished(admin, kick_off(admin))["output"]}
    refused = admin.get("/fhir/r4/$export?_type=Task", headers=ASYNC)
    assert refused.status_code == 403 and refused.get_json()["issue"][0]["code"] == "forbidden"


def test_the_files_are_the_requesters_alone(as_, client):
    owner, other = as_("intake_a"), as_("intake_b")
    status_url = kick_off(owner, "$export?_type=Organization")
    manifest = finished(owner, status_url)
    url = manifest["output"][0]["url"]
    assert other.get(path(status_url)).status_code == 404
    assert other.get(path(url)).status_code == 404
    assert client.get(path(url)).status_code == 401
    mine = owner.get(path(url))
    mine.close()
    assert mine.status_code == 200
    for name in ("Location-1.ndjson", "..", "server.log"):  # only the manifest's files are served
        wrong = owner.get(path(url).rsplit("/", 1)[0] + "/" + name)
        assert wrong.status_code == 404 and "in this export" in wrong.get_json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize(
    "query, headers, status, code",
    [
        ("$export", {"Accept": FHIR}, 400, "required"),  # no Prefer: respond-async
        ("$export?_type=Practitioner", ASYNC, 400, "not-supported"),
        ("$export?_since=yesterday", ASYNC, 400, "value"),
        ("$export?_since=2026-01-01T00:00:00", ASYNC, 400, "value"),
        ("$export?_outputFormat=text/csv", ASYNC, 400, "not-supported"),
        ("$export?_typeFilter=Organization%3Factive%3Dtrue", ASYNC, 400, "not-supported"),
        ("$export?_type=Organization&_type=Location", ASYNC, 400, "value"),
    ],
)
def test_a_kick_off_it_cannot_honour_is_refused(as_, query, headers, status, code):
    r = as_("coordinator").get(f"/fhir/r4/{query}", headers=headers)
    assert r.status_code == status and r.mimetype == FHIR
    assert r.get_json()["issue"][0]["code"] == code


def test_one_export_at_a_time_per_requester_and_cancelled_ones_are_removed(as_, app, monkeypatch):
    caller = as_("coordinator")
    monkeypatch.setattr(bulk, "CENTRE_BATCH", 1)  # slow enough to be running when asked again
    status_url = kick_off(caller)
    busy = caller.get("/fhir/r4/$export", headers=ASYNC)
    assert busy.status_code == 429 and busy.get_json()["issue"][0]["code"] == "throttled"
    assert as_("intake_a").get("/fhir/r4/$export?_type=Organization", headers=ASYNC).status_code == 202
    cancelled = caller.delete(path(status_url))
    assert cancelled.status_code == 202
    job_id = status_url.rsplit("/", 1)[1]
    assert caller.get(path(status_url)).status_code == 404
    for _ in range(100):  # the worker notices at its next batch
        if not (Path(app.instance_path) / "exports" / job_id).exists():
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the cancelled export's files are still there")
    assert kick_off(caller, "$export?_type=Endpoint")


def test_files_are_removed_when_the_export_expires(as_, app, services):
    caller = as_("coordinator")
    status_url = kick_off(caller, "$export?_type=Location")
    manifest = finished(caller, status_url)
    job_id = status_url.rsplit("/", 1)[1]
    files = Path(app.instance_path) / "exports" / job_id
    assert len(list(files.iterdir())) == len(manifest["output"]) == 1
    with services.db.session() as session:
        from directory.models import ExportJob

        session.get(ExportJob, job_id).expires_at -= timedelta(days=2)
        session.commit()
    assert caller.get(path(status_url)).status_code == 404  # pruned as the poll came in
    assert not files.exists()
    assert caller.get(path(manifest["output"][0]["url"])).status_code == 404


def test_big_types_are_split_across_files(as_, monkeypatch):
    monkeypatch.setattr(bulk, "LINES_PER_FILE", 7)
    caller = as_("coordinator")
    manifest = finished(caller, kick_off(caller, "$export?_type=Organization"))
    total = caller.get("/fhir/r4/Organization?_count=0").get_json()["total"]
    assert len(manifest["output"]) == -(-total // 7) and sum(o["count"] for o in manifest["output"]) == total
    ids = [r["id"] for o in manifest["output"] for r in lines(caller, o["url"])]
    assert len(ids) == len(set(ids)) == total


def test_a_delete_after_completion_removes_the_files(as_, app):
    caller = as_("coordinator")
    status_url = kick_off(caller, "$export?_type=Endpoint")
    manifest = finished(caller, status_url)
    files = Path(app.instance_path) / "exports" / status_url.rsplit("/", 1)[1]
    assert files.exists()
    assert caller.delete(path(status_url)).status_code == 202
    assert not files.exists() and caller.get(path(manifest["output"][0]["url"])).status_code == 404


def test_a_network_export_since_deletes_the_centres_that_left(as_):
    caller = as_("coordinator")
    first = finished(caller, kick_off(caller, "Group/network/$export?_type=Organization,OrganizationAffiliation"))
    r = caller.post(
        "/v1/centres/pumch/vetting",
        json={"status": "suspended", "reason": "Licence under review."},
        headers={"If-Match": etag_of(caller, "pumch")},
    )
    assert r.status_code == 200, r.get_json()
    since = first["transactionTime"].replace("+", "%2B")
    second = finished(
        caller, kick_off(caller, f"Group/network/$export?_type=Organization,OrganizationAffiliation&_since={since}")
    )
    assert "pumch" not in {r["id"] for rows in exported(caller, second).values() for r in rows}
    deletions = {e["request"]["url"] for d in second["deleted"] for b in lines(caller, d["url"]) for e in b["entry"]}
    assert {"Organization/pumch", "OrganizationAffiliation/pumch"} <= deletions


def test_a_token_with_fewer_scopes_gets_no_more_than_they_allow(as_, client, template):
    """Tokens may ask for fewer scopes: one with referrals:read alone includes no Organization,
    one with centres:read alone downloads no Task file, even of its own export."""
    from tests.api.test_fhir_referrals import refer
    from tests.conftest import Caller, basic

    refer(as_)
    creds = template.credentials["intake_a"]

    def narrowed(scope: str) -> Caller:
        r = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "scope": scope},
            headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
        )
        assert r.status_code == 200, r.get_json()
        return Caller(client, r.get_json()["access_token"])

    referrals_only = narrowed("referrals:read")
    assert referrals_only.get("/fhir/r4/Task").status_code == 200
    refused = referrals_only.get("/fhir/r4/Task?_include=Task:owner")
    assert refused.status_code == 403 and refused.get_json()["issue"][0]["code"] == "forbidden"
    both = narrowed("centres:read referrals:read")
    manifest = finished(both, kick_off(both, "$export?_type=Task"))
    centres_only = narrowed("centres:read")
    r = centres_only.get(path(manifest["output"][0]["url"]))
    r.close()
    assert r.status_code == 403
