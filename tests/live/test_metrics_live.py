"""/metrics under gunicorn: every worker's counts are summed (prometheus_client's multiprocess
mode, set up by api/gunicorn_conf.py), so two scrapes, whichever workers answer them, differ by
exactly the requests served between them."""

from __future__ import annotations

import re
from pathlib import Path

import urllib3

from tests.server import running

TOKEN = "a-long-random-scrape-token"


def healthz_count(http: urllib3.PoolManager, url: str) -> float:
    response = http.request("GET", f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200, response.data[:300]
    text = response.data.decode()
    found = re.search(
        r'^partner_directory_http_requests_total\{[^}]*route="/healthz"[^}]*status="200"[^}]*\} (\S+)$', text, re.M
    )
    return float(found.group(1)) if found else 0.0


def test_counts_from_every_worker_are_summed(tmp_path: Path) -> None:
    with running(tmp_path / "instance", {"METRICS_TOKEN": TOKEN}, workers=2) as server:
        http = urllib3.PoolManager(maxsize=1, block=True)
        before = healthz_count(http, server.url)
        for _ in range(40):
            assert urllib3.request("GET", f"{server.url}/healthz", headers={"Connection": "close"}).status == 200
        after = healthz_count(http, server.url)
    assert after - before == 40
