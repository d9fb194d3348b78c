"""Benchmark: free-text search and as-you-type suggestions, over HTTP on Elasticsearch and in
process on the local backend, and reindex throughput. Prints figures; asserts nothing.

    python bench/search.py --sizes 10000 100000

Needs PostgreSQL and Elasticsearch as bench/match.py does (same settings). For each size it
builds a fresh database with the seed and demo centres plus N synthetic ones (those in China
and India with a second name in Chinese or Devanagari), builds the index (reindex
throughput), serves the API with gunicorn and measures, with a real token:

- ``GET /v1/centres/search?q=`` over HTTP, for queries people type: names, typos, cities,
  capabilities, Chinese, pinyin, Devanagari (p50, p95, p99);
- ``GET /v1/centres/suggest?q=`` over HTTP, for prefixes of those (p50, p95, p99);
- the same two on the local backend, in process (sizes up to ``--local-max``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import urllib3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from match import PORT, fresh_database, percentiles, serve, timed, token  # noqa: E402

from directory import migrate  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.identity import Identity  # noqa: E402
from directory.sealing import new_master_key  # noqa: E402
from directory.services import Services  # noqa: E402
from search import make_search  # noqa: E402
from search.elastic import reindex  # noqa: E402
from search.queries import SearchRequest  # noqa: E402
from search.ranking import RankingParams  # noqa: E402
from search.worker import Worker  # noqa: E402
from seeds import generate, loader  # noqa: E402

#: What people type, in three scripts and romanised: names, a typo, cities, capabilities.
QUERIES = [
    "Tata Memorial",
    "Tatta Memorial",
    "Peking Union",
    "PUMCH",
    "Mumbai",
    "Beijing",
    "hydrodissection",
    "cryoablation",
    "北京协和医院",
    "武汉港湾癌症中心",
    "Xiehe",
    "xie he",
    "Beijing Xiehe",
    "टाटा मेमोरियल",
    "मुंबई कमल",
    "Lotus Oncology",
    "Harbour 512",
]
#: What people have typed so far.
PREFIXES = ["t", "ta", "tat", "tata m", "pe", "pum", "mu", "be", "bei", "北", "北京", "武汉", "xie", "xiehe", "टा",
            "मुं", "lo", "har", "sh", "h"]  # fmt: skip


def bench(size: int, args: argparse.Namespace) -> dict[str, Any]:
    database_url = fresh_database(args.database_url, f"bench_search_{size}")
    prefix = f"bench-search-{size}"
    db = Database(database_url)
    migrate.upgrade(db)
    services = Services(db)
    loader.load(services, demo=True)
    generate.load(services, size, random_seed=size)
    intake = services.clients.create(Identity.system("bench"), "Bench intake", "intake")

    search = make_search(services, args.elasticsearch_url, prefix)
    index = search.primary.index
    report = reindex(index, services, RankingParams.from_vocabulary(services.vocabulary.read()))
    Worker(services, index).drain()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": args.elasticsearch_url,
        "SEARCH_INDEX_PREFIX": prefix,
        "RATE_LIMIT_CLIENT": "100000000/minute",
        "LOG_LEVEL": "WARNING",
        "SECRETS_KEY": new_master_key(),  # seals the signing key the server makes
        "INSTANCE_PATH": str(ROOT / "instance" / "bench"),
    }
    server = serve(env)
    http = urllib3.PoolManager(maxsize=4)
    result: dict[str, Any] = {"reindex_centres_per_second": round(report.rate)}
    try:
        headers = {"Authorization": f"Bearer {token(http, intake.client.client_id, intake.secret)}"}

        def get(path: str) -> None:
            response = http.request("GET", f"http://127.0.0.1:{PORT}{path}", headers=headers)
            assert response.status == 200, response.data[:300]
            assert json.loads(response.data)["backend"] == "elasticsearch"

        searches = [f"/v1/centres/search?{urlencode({'q': q})}" for q in QUERIES] * args.rounds
        suggests = [f"/v1/centres/suggest?{urlencode({'q': p})}" for p in PREFIXES] * args.rounds
        timed(searches[: len(QUERIES) * 2] + suggests[: len(PREFIXES) * 2], get, 1)  # warm up
        for name, paths in (("search", searches), ("suggest", suggests)):
            latencies, rate = timed(paths, get, args.concurrency)
            result[f"{name}_http_ms"] = {k: round(v, 2) for k, v in percentiles(latencies).items()}
            result[f"{name}_http_per_second"] = round(rate, 1)

        if size <= args.local_max:
            local = make_search(services)
            started = time.perf_counter()
            local.local.sync()
            result["local_load_seconds"] = round(time.perf_counter() - started, 1)
            requests = [SearchRequest(q=q) for q in QUERIES] * max(1, args.rounds // 5)
            latencies, _ = timed(requests, local.local.search, 1)
            result["search_local_ms"] = {k: round(v, 2) for k, v in percentiles(latencies).items()}
            latencies, _ = timed(PREFIXES * args.rounds, lambda p: local.local.suggest(p, 8), 1)
            result["suggest_local_ms"] = {k: round(v, 2) for k, v in percentiles(latencies).items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        db.dispose()
        index.client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--rounds", type=int, default=30, help="Times each query and prefix is sent.")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--local-max", type=int, default=10000, help="Largest size to time the local backend at.")
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
    print(f"# machine: {os.cpu_count()} cores, shared by the API, Elasticsearch, PostgreSQL and the load", flush=True)
    for size in args.sizes:
        print(json.dumps({"synthetic": size, **bench(size, args)}), flush=True)


if __name__ == "__main__":
    main()
