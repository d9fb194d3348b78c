"""Everything the FHIR server emits is valid FHIR R4, by HAPI FHIR's own validator
(scripts/fhir-validate.sh, offline, with this server's extension definitions and code
systems): every resource type read one by one, search bundles with includes, the capability
statement, and a whole system export of the seed and demo data plus 1,000 generated centres
with their referrals. mCSD constraints that base R4 does not check, and that every reference
resolves within the export, are checked here in Python."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.fhir.resources import MAX_ID, sub_id
from seeds import generate
from tests.api.test_fhir import bundle, ids
from tests.api.test_fhir_referrals import PROFILE
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
GENERATED = 1000


def validate(caller, folder: Path, files: list[Path]) -> list[str]:
    """Run the validator over ``files``; its report's lines (the last: checked N, E errors)."""
    if shutil.which("java") is None or shutil.which("mvn") is None:
        require_service("Java and Maven", "scripts/fhir-validate.sh runs HAPI FHIR's validator on Java 17")
    definitions = folder / "definitions"
    definitions.mkdir()
    for path in (ROOT / "api" / "fhir" / "definitions").glob("*.json"):
        (definitions / path.name).write_text(path.read_text())
    for entry in bundle(caller, "CodeSystem")["entry"]:
        (definitions / f"CodeSystem-{entry['resource']['id']}.json").write_text(json.dumps(entry["resource"]))
    done = subprocess.run(
        [str(ROOT / "scripts" / "fhir-validate.sh"), "--definitions", str(definitions), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    report = done.stdout.strip().splitlines()
    assert done.returncode == 0, "\n".join(line for line in report if line.startswith(("error", "fatal")))[:3000]
    return report


def test_every_resource_type_read_and_searched_is_valid(as_, tmp_path):
    caller = as_("coordinator")
    created = caller.post("/v1/referrals", json={"external_ref": "case-valid", "centre": "pumch", "profile": PROFILE})
    assert created.status_code == 201, created.get_json()
    referral = created.get_json()
    served = tmp_path / "served"
    served.mkdir()
    lines = []
    searches = {
        "Organization": "_revinclude=Location:organization&_revinclude=VerificationResult:target",
        "Location": "_include=Location:organization",
        "HealthcareService": "_include=HealthcareService:location",
        "OrganizationAffiliation": "_include=OrganizationAffiliation:endpoint",
        "VerificationResult": "target=pumch",
        "Task": "_include=Task:focus&_include=Task:owner",
        "ServiceRequest": "",
        "CodeSystem": "",
        "Endpoint": "",
        "Group": "",
    }
    for kind, extra in searches.items():
        body = bundle(caller, f"{kind}?_count=100&{extra}")
        assert body["total"] == len([e for e in body["entry"] if e["search"]["mode"] == "match"]) > 0, kind
        lines += [caller.get(f"/fhir/r4/{kind}/{i}").get_data(as_text=True) for i in ids(body)]
        (served / f"{kind}-bundle.json").write_text(json.dumps(body))
    assert referral["id"] in {json.loads(line)["id"] for line in lines if '"Task"' in line}
    # OperationOutcomes (a refusal, an export's acceptance) and an export's deletions.
    lines.append(caller.get("/fhir/r4/Organization?bogus=1").get_data(as_text=True))
    etag = caller.get("/v1/centres/pumch").headers["ETag"]
    assert caller.delete("/v1/centres/pumch/services/bone-cryoablation", headers={"If-Match": etag}).status_code == 200
    kicked = caller.get("/fhir/r4/$export?_type=HealthcareService&_since=2000-01-01T00:00:00Z", headers=ASYNC)
    lines.append(kicked.get_data(as_text=True))
    deleted = wait_for(caller, kicked.headers["Content-Location"])["deleted"]
    for entry in deleted:
        r = caller.get(urlsplit(entry["url"]).path)
        lines += r.get_data(as_text=True).splitlines()
        r.close()
    assert any('"DELETE"' in line for line in lines)
    (served / "resources.ndjson").write_text("\n".join(lines) + "\n")
    (served / "metadata.json").write_text(caller.get("/fhir/r4/metadata").get_data(as_text=True))
    report = validate(caller, tmp_path, sorted(served.iterdir()))
    assert report[-1] == f"checked {len(lines) + len(searches) + 1} resources, 0 errors"


ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}


def wait_for(caller, status_url: str) -> dict:
    for _ in range(1200):
        polled = caller.get(urlsplit(status_url).path)
        if polled.status_code != 202:
            assert polled.status_code == 200, polled.get_data(as_text=True)[:300]
            return polled.get_json()
        time.sleep(0.05)
    raise AssertionError("the export did not finish")


@pytest.mark.parametrize("backend", ["postgresql"])  # the production database; ~3 minutes of validation
def test_a_whole_export_of_a_thousand_generated_centres_with_referrals_is_valid(as_, services, tmp_path):
    generate.load(services, GENERATED, random_seed=7)
    caller = as_("coordinator")
    open_centres = [
        r["slug"]
        for r in generate.records(GENERATED, random_seed=7)
        if r["accepting_referrals"] and r["vetting"]["status"] == "vetted"
    ]
    # Every workflow status, and a coded rejection, across the generated centres.
    paths = [[], ["received"], ["received", "accepted"], ["received", "rejected"], ["cancelled"]]
    made = 0
    for n, slug in enumerate(open_centres[:60]):
        body = {
            "external_ref": f"gen-{uuid.uuid4().hex[:8]}",
            "centre": slug,
            "profile": PROFILE | {"lesion_site": generate.SITES[n % len(generate.SITES)]},
        }
        created = caller.post("/v1/referrals", json=body)
        if created.status_code == 422:  # the centre does not fit: a coordinator may say why anyway
            created = caller.post("/v1/referrals", json=body | {"override_reason": "Generated for validation."})
        assert created.status_code == 201, created.get_json()
        made += 1
        referral = created.get_json()
        for to in paths[n % len(paths)]:
            # A coordinator acting for the centre says why; a rejection also says it with a code.
            reason = {"reason": "Acting for the centre."} | ({"reason_code": "at-capacity"} if to == "rejected" else {})
            moved = caller.post(
                f"/v1/referrals/{referral['id']}/transitions",
                json={"to": to, **reason},
                headers={"If-Match": f'"{referral["id"]}.{referral["version"]}"'},
            )
            assert moved.status_code == 200, moved.get_json()
            referral = moved.get_json()
    kicked = caller.get("/fhir/r4/$export", headers={"Prefer": "respond-async", "Accept": "application/fhir+json"})
    assert kicked.status_code == 202
    status = urlsplit(kicked.headers["Content-Location"]).path
    for _ in range(2400):
        polled = caller.get(status)
        if polled.status_code != 202:
            break
        time.sleep(0.05)
    assert polled.status_code == 200, polled.get_data(as_text=True)[:300]
    manifest = polled.get_json()
    exported = tmp_path / "exported"
    exported.mkdir()
    counts: dict[str, int] = {}
    resources: list[dict] = []
    for output in manifest["output"]:
        r = caller.get(urlsplit(output["url"]).path)
        text = r.get_data(as_text=True)
        r.close()
        (exported / urlsplit(output["url"]).path.rsplit("/", 1)[1]).write_text(text)
        counts[output["type"]] = counts.get(output["type"], 0) + output["count"]
        resources += [json.loads(line) for line in text.splitlines()]
    assert counts["Organization"] >= GENERATED and counts["Task"] == counts["ServiceRequest"] >= made == 60
    assert mcsd_problems(resources) == []
    report = validate(caller, tmp_path, sorted(exported.iterdir()))
    assert report[-1] == f"checked {sum(counts.values())} resources, 0 errors"


def mcsd_problems(resources: list[dict]) -> list[str]:
    """What IHE mCSD asks beyond base R4 (names, types, links to the organisation), and that
    every literal reference resolves within the export."""
    present = {f"{r['resourceType']}/{r['id']}" for r in resources}
    problems = []
    required = {
        "Organization": ("name", "type", "active"),
        "Location": ("name", "status", "managingOrganization"),
        "HealthcareService": ("providedBy", "type", "active"),
        "OrganizationAffiliation": ("organization", "participatingOrganization", "active"),
        "Endpoint": ("status", "connectionType", "address"),
    }
    for resource in resources:
        key = f"{resource['resourceType']}/{resource['id']}"
        problems += [
            f"{key} lacks {name}" for name in required.get(resource["resourceType"], ()) if name not in resource
        ]
        for reference in references(resource):
            if not reference.startswith("#") and reference not in present:
                problems.append(f"{key} refers to {reference}, which is not in the export")
    return problems[:20]


def references(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def test_ids_stay_within_fhirs_limit_and_the_centres():
    assert sub_id("pumch", "capability", "hydrodissection") == "pumch.capability.hydrodissection"
    long = sub_id("a-centre-with-a-rather-long-slug", "capability", "spinal-thermosensor-monitoring")
    assert len(long) == MAX_ID and long.startswith("a-centre-with-a-rather-long-slug.")
    assert long != sub_id("a-centre-with-a-rather-long-slug", "capability", "spinal-thermosensor-monitoring-x")
