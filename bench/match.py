"""Benchmark: match latency over HTTP against the Elasticsearch floor, the local backend,
reindex throughput and freshness. Prints figures; asserts nothing.

    python bench/match.py --sizes 1000 10000 100000

Needs PostgreSQL (``BENCH_DATABASE_URL``, default: the test cluster of scripts/postgres.sh)
and Elasticsearch (``BENCH_ELASTICSEARCH_URL``, default: scripts/elasticsearch.sh's node).
For each size it builds a fresh database with the seed centres plus N synthetic ones, builds
the index, serves the API with gunicorn, and measures:

- ``POST /v1/match`` over HTTP (p50, p95, p99, throughput), with a real token;
- the same Elasticsearch query sent straight to Elasticsearch (the floor), and the ratio;
- the local backend in-process (p50, p95, p99);
- reindex throughput (centres/s);
- freshness: a partner's capability change until ``/v1/match`` shows it, with the worker
  running (p50 and max over several changes);

and how long the size took to measure, building its database and index included.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import urllib3
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from directory import migrate  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.identity import Identity  # noqa: E402
from directory.sealing import Sealer, new_master_key  # noqa: E402
from directory.services import Services  # noqa: E402
from search import make_search  # noqa: E402
from search.elastic import reindex  # noqa: E402
from search.queries import match_body  # noqa: E402
from search.ranking import MatchPlan, RankingParams  # noqa: E402
from search.service import plan_for  # noqa: E402
from search.worker import Worker  # noqa: E402
from seeds import generate, loader  # noqa: E402

PORT = 8765
#: The centre whose changes the freshness figure times: the only one in its country, so that a
#: match restricted to that country always shows it, however many centres there are.
PROBE: dict[str, Any] = {
    "slug": "bench-probe",
    "name": "Benchmark Probe Centre",
    "country": "NZ",
    "city": "Auckland",
    "languages": ["en"],
    "accepting_referrals": True,
    "vetting": {"status": "vetted"},
    "provenance": {"source": "Benchmark fixture; not a real hospital.", "verification": "unverified"},
    "capabilities": [
        {"code": "spinal-thermosensor-monitoring", "status": "available"},
        {"code": "hydrodissection", "status": "available"},
    ],
    "services": [{"code": "bone-cryoablation", "sites": ["spine"], "annual_volume": 50, "wait_days": 10}],
}
SITES = ["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {"p50": at(50), "p95": at(95), "p99": at(99)}


def profiles(count: int, seed: int = 42) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        profile: dict[str, Any] = {
            "lesion_site": rng.choice(SITES),
            "lytic": rng.random() < 0.5,
            "cortical_involvement_pct": rng.choice([20, 40, 60, 80]),
        }
        if rng.random() < 0.5:
            profile["destination_countries"] = rng.sample(["CN", "IN", "TH", "TR", "MY"], 2)
        if rng.random() < 0.5:
            profile["budget_usd"] = rng.choice([3000, 6000, 10000])
        if rng.random() < 0.3:
            profile["languages"] = [rng.choice(["en", "zh", "hi"])]
        if rng.random() < 0.3:
            profile["include_near_misses"] = True
        made.append(profile)
    return made


def fresh_database(base_url: str, name: str) -> str:
    url = make_url(base_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "api:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    http = urllib3.PoolManager()
    for _ in range(200):
        try:
            if http.request("GET", f"http://127.0.0.1:{PORT}/healthz").status == 200:
                return process
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(process.stderr.read().decode()[-2000:] if process.stderr else "gunicorn did not start")


def token(http: urllib3.PoolManager, client_id: str, secret: str) -> str:
    response = http.request(
        "POST",
        f"http://127.0.0.1:{PORT}/oauth/token",
        fields={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        encode_multipart=False,
    )
    return json.loads(response.data)["access_token"]


def timed(calls: list[Any], call: Any, concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(arg: Any) -> None:
        started = time.perf_counter()
        call(arg)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, calls))
    return latencies, len(calls) / (time.perf_counter() - started)


def bench(size: int, args: argparse.Namespace) -> dict[str, Any]:
    database_url = fresh_database(args.database_url, f"bench_{size}")
    prefix = f"bench-{size}"
    db = Database(database_url)
    migrate.upgrade(db)
    # Secrets (the signing key) are sealed with a master key: the bench's, for this database.
    secrets_key = new_master_key()
    services = Services(db, Sealer.from_texts([secrets_key]))
    loader.load(services, demo=True)  # the synthetic centres are demo data
    started = time.perf_counter()
    generate.load(services, size, random_seed=size)
    load_seconds = time.perf_counter() - started
    services.centres.import_(Identity.system("bench"), PROBE)
    partner = services.clients.create(Identity.system("bench"), "Bench partner", "partner", PROBE["slug"])
    intake = services.clients.create(Identity.system("bench"), "Bench intake", "intake")

    search = make_search(services, args.elasticsearch_url, prefix)
    index = search.primary.index
    params = RankingParams.from_vocabulary(services.vocabulary.read())
    report = reindex(index, services, params)
    Worker(services, index).drain()  # settle the replayed rows before measuring

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": args.elasticsearch_url,
        "SEARCH_INDEX_PREFIX": prefix,
        "RATE_LIMIT_CLIENT": "100000000/minute",  # the load generator is one client
        "LOG_LEVEL": "WARNING",
        "INSTANCE_PATH": str(ROOT / "instance" / "bench"),
        "SECRETS_KEY": secrets_key,
    }
    server = serve(env)
    http = urllib3.PoolManager(maxsize=args.concurrency * 2)
    try:
        bearer = token(http, intake.client.client_id, intake.secret)
        headers = {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"}
        cases = profiles(args.requests)

        def over_http(profile: dict[str, Any]) -> None:
            response = http.request(
                "POST", f"http://127.0.0.1:{PORT}/v1/match", body=json.dumps(profile), headers=headers
            )
            assert response.status == 200, response.data[:300]
            assert json.loads(response.data)["backend"] == "elasticsearch"

        vocabulary = services.vocabulary.read()
        plans = [plan_for(vocabulary, p).plan for p in cases]
        client = index.client

        def direct(plan: MatchPlan) -> None:
            client.search(index=index.alias, **match_body(plan))

        timed(cases[: args.warmup], over_http, args.concurrency)  # warm up both
        timed(plans[: args.warmup], direct, args.concurrency)
        http_lat, http_rate = timed(cases, over_http, args.concurrency)
        es_lat, es_rate = timed(plans, direct, args.concurrency)

        local_result: dict[str, Any] | None = None
        if size <= args.local_max:
            local = make_search(services)
            started = time.perf_counter()
            local.local.sync()
            local_load = time.perf_counter() - started
            caller = Identity(client_id="bench-local", role="intake", scopes=frozenset({"match"}))
            local_lat, _ = timed(cases[: min(len(cases), 300)], lambda case: local.match(caller, case), 1)
            local_result = {
                "load_seconds": round(local_load, 1),
                **{k: round(v, 2) for k, v in percentiles(local_lat).items()},
            }

        freshness = measure_freshness(http, services, index, partner, bearer, args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        db.dispose()
        index.client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
    http_p, es_p = percentiles(http_lat), percentiles(es_lat)
    return {
        "centres": services_count(database_url),
        "synthetic_load_seconds": round(load_seconds, 1),
        "match_http_ms": {k: round(v, 2) for k, v in http_p.items()},
        "match_http_per_second": round(http_rate, 1),
        "elasticsearch_direct_ms": {k: round(v, 2) for k, v in es_p.items()},
        "elasticsearch_direct_per_second": round(es_rate, 1),
        "ratio_p50": round(http_p["p50"] / es_p["p50"], 2),
        "local_backend_ms": local_result,
        "reindex_centres_per_second": round(report.rate),
        "freshness_seconds": freshness,
    }


def services_count(database_url: str) -> int:
    db = Database(database_url)
    try:
        return Services(db).centres.count()
    finally:
        db.dispose()


def measure_freshness(
    http: urllib3.PoolManager,
    services: Services,
    index: Any,
    partner: Any,
    intake_bearer: str,
    args: argparse.Namespace,
) -> dict[str, float]:
    """A partner reports hydrodissection limited/available; time until /v1/match shows it."""
    worker = Worker(services, index, idle_seconds=0.05)
    stop = threading.Event()
    runner = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    runner.start()
    partner_bearer = token(http, partner.client.client_id, partner.secret)
    lags = []
    try:
        for n in range(args.freshness_rounds):
            status = "limited" if n % 2 == 0 else "available"
            centre = json.loads(
                http.request(
                    "GET",
                    f"http://127.0.0.1:{PORT}/v1/centres/{PROBE['slug']}",
                    headers={"Authorization": f"Bearer {partner_bearer}"},
                ).data
            )
            started = time.perf_counter()
            response = http.request(
                "PUT",
                f"http://127.0.0.1:{PORT}/v1/centres/{PROBE['slug']}/capabilities/hydrodissection",
                body=json.dumps({"status": status}),
                headers={
                    "Authorization": f"Bearer {partner_bearer}",
                    "Content-Type": "application/json",
                    "If-Match": f'"{PROBE["slug"]}.{centre["version"]}"',
                },
            )
            assert response.status == 200, response.data
            while True:
                body = json.loads(
                    http.request(
                        "POST",
                        f"http://127.0.0.1:{PORT}/v1/match",
                        body=json.dumps(
                            {
                                "lesion_site": "spine",
                                "include_near_misses": True,
                                "limit": 50,
                                "destination_countries": [PROBE["country"]],
                            }
                        ),
                        headers={"Authorization": f"Bearer {intake_bearer}", "Content-Type": "application/json"},
                    ).data
                )
                (probe,) = body["results"]
                if ("hydrodissection" in probe["missing"]) == (status == "limited"):
                    break
                if time.perf_counter() - started > 30:
                    raise RuntimeError("the change did not show within 30 s")
                time.sleep(0.02)
            lags.append(time.perf_counter() - started)
    finally:
        stop.set()
        runner.join()
    return {"p50": round(statistics.median(lags), 3), "max": round(max(lags), 3), "rounds": len(lags)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--local-max", type=int, default=10000, help="Largest size to time the local backend at.")
    parser.add_argument("--freshness-rounds", type=int, default=10)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://partner:partner@127.0.0.1:55432/partner_directory"
        ),
    )
    parser.add_argument(
        "--elasticsearch-url", default=os.environ.get("BENCH_ELASTICSEARCH_URL", "http://127.0.0.1:9250")
    )
    args = parser.parse_args()
    print(
        f"# machine: {os.cpu_count()} cores; API, Elasticsearch, PostgreSQL and the load generator share them",
        flush=True,
    )
    for size in args.sizes:
        started = time.perf_counter()
        result = bench(size, args)
        took = round(time.perf_counter() - started)
        print(json.dumps({"synthetic": size, **result, "bench_seconds": took}), flush=True)


if __name__ == "__main__":
    main()
