"""FHIR Bulk Data export (``$export``), at system level (everything the caller may read) and
for ``Group/network`` (the network's vetted centres): asynchronous kick-off (``Prefer:
respond-async``, 202 and ``Content-Location``), status polling with an ``X-Progress``
percentage, NDJSON files per resource type, ``_type`` and ``_since``.

A ``_since`` export is a sync feed: its output holds every resource changed after that time
and its ``deleted`` files (Bulk Data 2.0) each removed one, as transaction Bundles of DELETE
entries: a mirror that applies both, and takes the manifest's ``transactionTime`` as its next
``_since``, stays exact. Files are written under the instance folder, served to the requester
only (``requiresAccessToken``), and removed when the job expires (``Expires`` on the manifest).

The export runs in a thread of the process that took the request and reports its progress to
the database, so any worker answers the polls; a job whose thread stops reporting (its process
ended) is reported failed. The files must be on a disk every worker sees.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import IO, Any

from flask import Flask, Response, current_app, request, send_file

from api.fhir import base_url, blueprint, fhir
from api.fhir.kinds import CENTRE_KINDS, REFERRAL_KINDS, Refused, fixed, of_centre, of_referral
from api.fhir.resources import outcome, sub_id
from api.oauth import admit
from directory import errors
from directory.db import utcnow
from directory.identity import Identity
from directory.models import ExportJob
from directory.services.centres import CentreFilter, Removal
from directory.services.referrals import ReferralFilter
from directory.snapshots import CentreSnapshot

log = logging.getLogger(__name__)

EXPORT_OPERATION = {"name": "export", "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"}
NDJSON = "application/fhir+ndjson"
OUTPUT_FORMATS = (NDJSON, "application/ndjson", "ndjson")
PARAMETERS = ("_type", "_since", "_outputFormat")
#: What a system-level export holds; a Group's leaves out referrals.
SYSTEM_TYPES = (*CENTRE_KINDS, *REFERRAL_KINDS, "CodeSystem", "Endpoint")
GROUP_TYPES = (*CENTRE_KINDS, "CodeSystem", "Endpoint")
GROUPS = ("network",)
#: Lines per file: a type with more is split.
LINES_PER_FILE = 50_000
CENTRE_BATCH, REFERRAL_BATCH = 1000, 500
POLL_AFTER_SECONDS = 2
#: How far transactionTime stands before the kick-off: a change is stamped before it commits,
#: so one stamped just before the reads may become visible only after them.
COMMIT_MARGIN = timedelta(minutes=1)


def folder(app: Flask, job_id: str) -> Path:
    return Path(app.instance_path) / "exports" / job_id


def running(app: Flask) -> list[threading.Thread]:
    """The export threads this app started (finished ones drop out as new ones start)."""
    threads: list[threading.Thread] = app.extensions.setdefault("export_threads", [])
    threads[:] = [t for t in threads if t.is_alive()]
    return threads


def prune() -> None:
    """Remove expired (and cancelled) jobs and their files."""
    for job_id in current_app.extensions["services"].exports.expired():
        shutil.rmtree(folder(current_app, job_id), ignore_errors=True)  # type: ignore[arg-type]


# --- kick-off -----------------------------------------------------------------------------------


@blueprint.get("/$export")
def export_system() -> Response:
    return _kick_off("system", SYSTEM_TYPES)


@blueprint.get("/Group/<group_id>/$export")
def export_group(group_id: str) -> Response:
    if group_id not in GROUPS:
        raise Refused(404, "not-found", f"No Group {group_id!r}.")
    return _kick_off(group_id, GROUP_TYPES)


def _kick_off(level: str, exportable: tuple[str, ...]) -> Response:
    started = utcnow()  # before anything is read: the manifest's transactionTime follows it
    identity = admit(("centres:read",))
    prune()
    if "respond-async" not in request.headers.get("Prefer", ""):
        raise Refused(400, "required", "An export runs asynchronously: send Prefer: respond-async.")
    for name in request.args:
        if name not in PARAMETERS:
            raise Refused(400, "not-supported", f"This server's $export does not support {name!r}.", name)
        if len(request.args.getlist(name)) > 1:
            raise Refused(400, "value", f"Give {name} once.", name)
    if request.args.get("_outputFormat", NDJSON) not in OUTPUT_FORMATS:
        raise Refused(400, "not-supported", f"Exports are written as {NDJSON}.", "_outputFormat")
    readable = [t for t in exportable if t not in REFERRAL_KINDS or "referrals:read" in identity.scopes]
    types = _types(exportable, readable)
    since = _since()
    services = current_app.extensions["services"]
    changed = (("gt", since),) if since else ()
    centres = services.centres.list(identity, CentreFilter(updated=changed, vetted=level != "system" or None), 1, 1)
    wanted = set(types) & set(REFERRAL_KINDS)
    referral_ids = services.referrals.ids(identity, ReferralFilter(updated=changed)) if wanted else []
    total = (centres.total if set(types) & set(CENTRE_KINDS) else 0) + len(referral_ids) + 1
    try:
        job = services.exports.start(identity, level, types, since, request.url, total, started)
    except errors.Conflict as busy:
        raise Refused(429, "throttled", str(busy.detail), headers={"Retry-After": "30"}) from None
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker = threading.Thread(
        target=_run,
        args=(app, Job(job.id, identity, types, since, level, referral_ids, base_url())),
        name=f"export-{job.id}",
        daemon=True,
    )
    worker.start()
    running(app).append(worker)
    status = f"{base_url()}/fhir/r4/$export-status/{job.id}"
    accepted = outcome("informational", f"Export started: poll {status}.", severity="information")
    return fhir(accepted, 202, {"Content-Location": status})


def _types(exportable: tuple[str, ...], readable: list[str]) -> list[str]:
    asked = request.args.get("_type")
    if asked is None:
        return readable
    types = list(dict.fromkeys(t.strip() for t in asked.split(",") if t.strip()))
    for name in types:
        if name not in exportable:
            raise Refused(
                400, "not-supported", f"This export does not hold {name!r}: {', '.join(exportable)}.", "_type"
            )
        if name not in readable:
            raise Refused(403, "forbidden", f"Exporting {name} needs the scope referrals:read.", "_type")
    return types


def _since() -> datetime | None:
    raw = request.args.get("_since")
    if raw is None:
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise Refused(
            400, "value", f"_since is an instant, e.g. 2026-12-01T00:00:00Z, not {raw!r}.", "_since"
        ) from None
    if when.tzinfo is None:
        raise Refused(400, "value", "Give _since with its time zone.", "_since")
    return when


# --- the export itself --------------------------------------------------------------------------


class Files:
    """NDJSON files per resource type, split at LINES_PER_FILE lines."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: dict[str, list[dict[str, Any]]] = {}
        self.open: dict[str, IO[str]] = {}

    def write(self, resource_type: str, resources: Iterable[dict[str, Any]]) -> None:
        for resource in resources:
            files = self.written.setdefault(resource_type, [])
            if not files or files[-1]["count"] >= LINES_PER_FILE:
                if resource_type in self.open:
                    self.open.pop(resource_type).close()
                name = f"{resource_type}-{len(files) + 1}.ndjson"
                files.append({"type": resource_type, "name": name, "count": 0})
                self.open[resource_type] = (self.root / name).open("w", encoding="utf-8")
            self.open[resource_type].write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")
            files[-1]["count"] += 1

    def close(self) -> list[dict[str, Any]]:
        for handle in self.open.values():
            handle.close()
        self.open.clear()
        return [f for files in self.written.values() for f in files]


@dataclass(frozen=True)
class Job:
    """What one export writes, for whom."""

    id: str
    identity: Identity
    types: list[str]
    since: datetime | None
    level: str
    referral_ids: list[str]
    base: str


def _run(app: Flask, job: Job) -> None:
    with app.app_context():
        services = app.extensions["services"]
        root = folder(app, job.id)
        root.mkdir(parents=True, exist_ok=True)
        files, gone = Files(root), Files(root)
        try:
            written = _write(services, job, files, gone)
            if not written or not services.exports.finish(job.id, files.close(), gone.close()):
                shutil.rmtree(root, ignore_errors=True)  # cancelled meanwhile
        except Exception:
            if services.exports.running(job.id):
                log.exception("export %s failed", job.id)
                services.exports.fail(job.id, "The export failed on the server; its log says why. Start it again.")
            else:  # cancelled, and its folder removed under it
                shutil.rmtree(root, ignore_errors=True)
        finally:
            files.close()
            gone.close()


def _write(services: Any, job: Job, files: Files, gone: Files) -> bool:
    """Write the export's files, each centre and referral read once for all its types,
    reporting progress; False when it was cancelled meanwhile."""
    done = 0
    centre_types = [t for t in job.types if t in CENTRE_KINDS]
    if centre_types:
        for batch in services.snapshots.batches(
            CENTRE_BATCH, job.since, vetted=True if job.level != "system" else None
        ):
            for resource_type in centre_types:
                files.write(resource_type, (r for centre in batch for r in of_centre(resource_type, centre, job.base)))
            done += len(batch)
            if not services.exports.progress(job.id, done):
                return False
    referral_types = [t for t in job.types if t in REFERRAL_KINDS]
    for start in range(0, len(job.referral_ids), REFERRAL_BATCH):
        chunk = tuple(job.referral_ids[start : start + REFERRAL_BATCH])
        listed = services.referrals.list(job.identity, ReferralFilter(ids=chunk), 1, len(chunk))
        for resource_type in referral_types:
            files.write(resource_type, (of_referral(resource_type, r) for r in listed.items))
        done += len(chunk)
        if not services.exports.progress(job.id, done):
            return False
    for resource_type in job.types:
        if resource_type not in CENTRE_KINDS and resource_type not in REFERRAL_KINDS:
            files.write(resource_type, fixed(resource_type, job.base))
    if job.since is not None:
        removed = _deletions(services.centres.removals(job.identity, job.since), set(job.types), services)
        gone.write("Bundle", removed)
        if job.level != "system":  # centres that left the network since: all their resources go
            for batch in services.snapshots.batches(CENTRE_BATCH, job.since, vetted=False):
                gone.write("Bundle", (_left(centre, centre_types, job.base) for centre in batch))
    return True


def _left(centre: CentreSnapshot, types: list[str], base: str) -> dict[str, Any]:
    urls = [f"{t}/{r['id']}" for t in types for r in of_centre(t, centre, base)]
    return {"resourceType": "Bundle", "type": "transaction", "entry": [_delete(url) for url in urls]}


def _delete(url: str) -> dict[str, Any]:
    return {"request": {"method": "DELETE", "url": url}}


def _deletions(removed: list[Removal], types: set[str], services: Any) -> Iterable[dict[str, Any]]:
    """Each removed fact's resources, unless the fact is back, as a transaction of DELETEs."""
    now = {c.slug: c for c in services.snapshots.by_slug({r.centre for r in removed}).values()}
    for removal in removed:
        centre = now.get(removal.centre)
        present = centre is not None and any(
            f.code == removal.code for f in (centre.services if removal.kind == "service" else centre.capabilities)
        )
        if present:
            continue
        urls = [f"VerificationResult/{sub_id(removal.centre, removal.kind, removal.code)}"]
        if removal.kind == "service":
            urls.append(f"HealthcareService/{sub_id(removal.centre, removal.code)}")
        entries = [_delete(url) for url in urls if url.split("/")[0] in types]
        if entries:
            yield {"resourceType": "Bundle", "type": "transaction", "entry": entries}


# --- status and files ---------------------------------------------------------------------------


@blueprint.get("/$export-status/<job_id>")
def export_status(job_id: str) -> Response:
    identity = admit(("centres:read",))
    prune()
    job = current_app.extensions["services"].exports.get(identity, job_id)
    if job.status == "in-progress":
        percent = int(100 * job.done / job.total) if job.total else 0
        return Response(
            status=202, headers={"X-Progress": f"{min(percent, 99)}%", "Retry-After": str(POLL_AFTER_SECONDS)}
        )
    if job.status != "completed":
        return fhir(outcome("exception", job.error or f"The export was {job.status}."), 500)
    return current_app.response_class(
        json.dumps(_manifest(job)),
        status=200,
        mimetype="application/json",
        headers={"Expires": format_datetime(job.expires_at, usegmt=True)},
    )


def _manifest(job: ExportJob) -> dict[str, Any]:
    files = f"{base_url()}/fhir/r4/$export-file/{job.id}"
    return {
        # Changes committed late (made before it, committed after the reads) come again next time.
        "transactionTime": (job.created_at - COMMIT_MARGIN).isoformat(),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": [{"type": f["type"], "url": f"{files}/{f['name']}", "count": f["count"]} for f in job.output],
        "deleted": [{"type": "Bundle", "url": f"{files}/{f['name']}", "count": f["count"]} for f in job.deleted],
        "error": [],
    }


@blueprint.delete("/$export-status/<job_id>")
def export_cancel(job_id: str) -> Response:
    identity = admit(("centres:read",))
    current_app.extensions["services"].exports.cancel(identity, job_id)
    prune()
    return fhir(outcome("informational", "Export cancelled; its files are removed.", severity="information"), 202)


@blueprint.get("/$export-file/<job_id>/<name>")
def export_file(job_id: str, name: str) -> Response:
    identity = admit(("centres:read",))
    job = current_app.extensions["services"].exports.get(identity, job_id)
    files = {f["name"]: f["type"] for f in (*job.output, *job.deleted)}
    if job.status != "completed" or name not in files:
        raise Refused(404, "not-found", f"No file {name!r} in this export.")
    if files[name] in REFERRAL_KINDS and "referrals:read" not in identity.scopes:
        raise Refused(403, "forbidden", f"Reading {files[name]} needs the scope referrals:read.")
    return send_file(folder(current_app, job.id) / name, mimetype=NDJSON, max_age=0)  # type: ignore[arg-type]


__all__ = ["EXPORT_OPERATION"]
