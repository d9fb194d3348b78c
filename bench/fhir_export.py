"""Benchmark: a FHIR Bulk Data system export (``GET /fhir/r4/$export``) of every centre, over
HTTP, and the memory of the server process that runs it. Prints figures; asserts nothing.

    python bench/fhir_export.py --sizes 10000 100000

Needs PostgreSQL as bench/match.py does (same setting); not Elasticsearch, an export reads
the database only. For each size it builds a fresh database with the seed and demo centres
plus N synthetic ones, serves the API with gunicorn as bench/match.py does, and with a
coordinator's token (so the export includes the referral types too; generated data has no
referrals):

- kicks off ``$export`` (``Prefer: respond-async``) and polls its ``Content-Location`` until
  the manifest (200): the wall time from kick-off to manifest, and resources per second;
- downloads every file the manifest lists, with the token: files, bytes and lines per type
  (checked against the manifest's counts), then deletes the job (``DELETE`` on its status
  URL), which removes its folder under ``INSTANCE_PATH/exports/``;
- samples ``/proc/<pid>/status`` of the gunicorn workers meanwhile: the resident memory of the
  worker that ran the export (the one whose CPU time grew most) before the kick-off, its peak
  during the export (sampled ``VmRSS``) and the kernel's own peak (``VmHWM``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import urllib3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from match import PORT, fresh_database, serve, token  # noqa: E402

from directory import migrate  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.identity import Identity  # noqa: E402
from directory.sealing import new_master_key  # noqa: E402
from directory.services import Services  # noqa: E402
from seeds import generate, loader  # noqa: E402

URL = f"http://127.0.0.1:{PORT}"
MB = 1024 * 1024
TICKS = os.sysconf("SC_CLK_TCK")


# --- the server's processes ---------------------------------------------------------------------


def workers(master: int) -> list[int]:
    """The gunicorn master's children: its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return sorted(found)


def status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (bytes) and Threads of a process."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) * 1024
        elif key == "Threads":
            values[key] = int(value)
    return values


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


@dataclass
class Sampler:
    """Samples the workers' resident memory in a thread until stopped."""

    pids: list[int]
    interval: float
    peak: dict[int, int] = field(default_factory=dict)
    threads: dict[int, int] = field(default_factory=dict)
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()

    def _run(self) -> None:
        while True:
            for pid in self.pids:
                now = status(pid)
                self.peak[pid] = max(self.peak.get(pid, 0), now["VmRSS"])
                self.threads[pid] = max(self.threads.get(pid, 0), now["Threads"])
            self.samples += 1
            if self._stop.wait(self.interval):
                return


# --- the benchmark ------------------------------------------------------------------------------


def bench(size: int, args: argparse.Namespace) -> dict[str, Any]:
    database_url = fresh_database(args.database_url, f"bench_fhir_export_{size}")
    db = Database(database_url)
    migrate.upgrade(db)
    services = Services(db)
    loader.load(services, demo=True)  # the synthetic centres are demo data
    started = time.perf_counter()
    generate.load(services, size, random_seed=size)
    load_seconds = time.perf_counter() - started
    centres = services.centres.count()
    coordinator = services.clients.create(Identity.system("bench"), "Bench coordinator", "coordinator")
    db.dispose()

    instance = ROOT / "instance" / "bench"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PUBLIC_URL": URL,  # the manifest's and Content-Location's links
        "RATE_LIMIT_CLIENT": "100000000/minute",  # the polls are one client
        "LOG_LEVEL": "WARNING",
        "SECRETS_KEY": new_master_key(),  # seals the signing key the server makes
        "INSTANCE_PATH": str(instance),
    }
    env.pop("ELASTICSEARCH_URL", None)  # an export reads the database only: the local backend, never loaded
    server = serve(env)
    http = urllib3.PoolManager(maxsize=4, timeout=urllib3.Timeout(connect=5, read=300))
    try:
        bearer = token(http, coordinator.client.client_id, coordinator.secret)
        headers = {"Authorization": f"Bearer {bearer}", "Accept": "application/fhir+json"}
        pids = workers(server.pid)
        baseline = {pid: status(pid)["VmRSS"] for pid in pids}
        cpu_before = {pid: cpu_seconds(pid) for pid in pids}

        with Sampler(pids, args.sample_interval) as sampler:
            started = time.perf_counter()
            kick_off = http.request("GET", f"{URL}/fhir/r4/$export", headers={**headers, "Prefer": "respond-async"})
            assert kick_off.status == 202, kick_off.data[:500]
            status_url = kick_off.headers["Content-Location"]
            kick_off_seconds = time.perf_counter() - started
            polls = 0
            while True:
                polled = http.request("GET", status_url, headers=headers)
                polls += 1
                if polled.status == 200:
                    break
                assert polled.status == 202, polled.data[:500]
                time.sleep(args.poll_interval)
            export_seconds = time.perf_counter() - started
        manifest = json.loads(polled.data)

        cpu = {pid: cpu_seconds(pid) - cpu_before[pid] for pid in pids}
        exporter = max(pids, key=lambda pid: cpu[pid])
        hwm = {pid: status(pid)["VmHWM"] for pid in pids}

        started = time.perf_counter()
        files = [download(http, headers, entry) for entry in manifest["output"] + manifest["deleted"]]
        download_seconds = time.perf_counter() - started
        cancelled = http.request("DELETE", status_url, headers=headers)  # the files go with it
        assert cancelled.status == 202, cancelled.data[:500]
        assert not (instance / "exports" / status_url.rsplit("/", 1)[1]).exists()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    resources: dict[str, int] = {}
    for entry in files:
        resources[entry["type"]] = resources.get(entry["type"], 0) + entry["lines"]
    total = sum(resources.values())
    written = sum(entry["bytes"] for entry in files)
    others = [pid for pid in pids if pid != exporter]
    return {
        "centres": centres,
        "synthetic_load_seconds": round(load_seconds, 1),
        "export_seconds": round(export_seconds, 2),
        "kick_off_seconds": round(kick_off_seconds, 3),
        "status_polls": polls,
        "resources": resources,
        "resources_total": total,
        "resources_per_second": round(total / export_seconds),
        "centres_per_second": round(centres / export_seconds),
        "files": len(files),
        "bytes": written,
        "mb_per_second": round(written / MB / export_seconds, 1),
        "counts_match_manifest": all(entry["lines"] == entry["count"] for entry in files),
        "download_seconds": round(download_seconds, 2),
        "exporter_rss_mb": {
            "before": round(baseline[exporter] / MB, 1),
            "peak_sampled": round(sampler.peak[exporter] / MB, 1),
            "growth": round((sampler.peak[exporter] - baseline[exporter]) / MB, 1),
            "vm_hwm": round(hwm[exporter] / MB, 1),
        },
        "exporter_cpu_seconds": round(cpu[exporter], 1),
        "exporter_threads_max": sampler.threads[exporter],
        "other_workers_rss_peak_mb": [round(sampler.peak[pid] / MB, 1) for pid in others],
        "rss_samples": sampler.samples,
    }


def download(http: urllib3.PoolManager, headers: dict[str, str], entry: dict[str, Any]) -> dict[str, Any]:
    """Fetch one file of the manifest with the token; count its bytes and lines."""
    response = http.request("GET", entry["url"], headers=headers, preload_content=False)
    assert response.status == 200, response.data[:500]
    size = lines = 0
    for chunk in response.stream(1 << 20):
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.release_conn()
    return {"type": entry["type"], "count": entry["count"], "bytes": size, "lines": lines}


def summary(size: int, result: dict[str, Any]) -> str:
    rss = result["exporter_rss_mb"]
    types = ", ".join(f"{name} {count}" for name, count in result["resources"].items())
    return (
        f"# {size} synthetic ({result['centres']} centres): {result['resources_total']} resources in "
        f"{result['export_seconds']} s ({result['resources_per_second']}/s, {result['centres_per_second']} "
        f"centres/s), {result['files']} files, {result['bytes'] / MB:.1f} MB; exporting worker RSS "
        f"{rss['before']} -> {rss['peak_sampled']} MB (VmHWM {rss['vm_hwm']} MB); {types}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(n) for n in s.split(",") if n],
        nargs="+",
        default=[[10000, 100000]],
        help="Synthetic centres per run: 10000 100000, or 10000,100000.",
    )
    parser.add_argument("--poll-interval", type=float, default=0.2, help="Seconds between status polls.")
    parser.add_argument("--sample-interval", type=float, default=0.05, help="Seconds between RSS samples.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://partner:partner@127.0.0.1:55432/partner_directory"
        ),
    )
    args = parser.parse_args()
    print(
        f"# machine: {os.cpu_count()} cores; the API, PostgreSQL and this client share them",
        flush=True,
    )
    for size in [n for group in args.sizes for n in group]:
        result = bench(size, args)
        print(json.dumps({"synthetic": size, **result}), flush=True)
        print(summary(size, result), flush=True)


if __name__ == "__main__":
    main()
