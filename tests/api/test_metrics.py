"""/metrics: Prometheus's text format, for the bearer token in METRICS_TOKEN only, with the
names an operator's dashboards and alerts are built on; counts move as requests are served."""

from __future__ import annotations

import re

import pytest

from api import create_app
from tests.conftest import make_config

TOKEN = "a-long-random-scrape-token"
NAMES = [
    "partner_directory_http_requests_total",
    "partner_directory_http_request_duration_seconds",
    "partner_directory_match_duration_seconds",
    "partner_directory_rate_limit_refusals_total",
    "partner_directory_outbox_pending",
    "partner_directory_outbox_oldest_seconds",
    "partner_directory_centres",
    "partner_directory_webhook_deliveries",
    "partner_directory_webhook_failures_24h",
    "partner_directory_notifications",
    "partner_directory_notification_failures_24h",
]


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def metered(database_url, tmp_path, template):
    app = create_app(make_config(database_url, tmp_path, metrics_token=TOKEN, rate_limit_oauth="3/minute"))
    yield app
    app.extensions["services"].db.dispose()


def scrape(client) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.data[:200]
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def value(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    total = 0.0
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{([^}}]*)\}} (\S+)", line) or re.fullmatch(rf"{name} (\S+)", line)
        if not match:
            continue
        if match.lastindex == 2:
            found = ",".join(sorted(match.group(1).split(",")))
            if all(part in found.split(",") for part in wanted.split(",") if part):
                total += float(match.group(2))
        elif not labels:
            total += float(match.group(1))
    return total


def test_without_a_token_setting_there_is_no_metrics_endpoint(client):
    assert client.get("/metrics").status_code == 404


def test_a_wrong_or_missing_token_is_refused(metered):
    client = metered.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code == 401


def test_every_name_is_there_and_counts_move(metered, token):
    client = metered.test_client()
    before = scrape(client)
    for name in NAMES:
        assert re.search(rf"^# TYPE {name} (counter|gauge|histogram)$", before, re.M), name
    for _ in range(3):
        client.get("/healthz")
    bearer = {"Authorization": f"Bearer {token('intake_a')}"}
    assert client.post("/v1/match", json={"lesion_site": "spine"}, headers=bearer).status_code == 200
    for _ in range(5):  # past the per-address limit of the token endpoint
        client.post("/oauth/token", data={"grant_type": "client_credentials"})
    after = scrape(client)
    route = {"method": "GET", "route": "/healthz", "status": "200"}
    assert (
        value(after, "partner_directory_http_requests_total", **route)
        - value(before, "partner_directory_http_requests_total", **route)
        == 3
    )
    refused = value(after, "partner_directory_rate_limit_refusals_total", scope="oauth") - value(
        before, "partner_directory_rate_limit_refusals_total", scope="oauth"
    )
    assert refused == 2
    assert value(after, "partner_directory_centres") == metered.extensions["services"].centres.count()
    matched = value(after, "partner_directory_match_duration_seconds_count", backend="local") - value(
        before, "partner_directory_match_duration_seconds_count", backend="local"
    )
    assert matched == 1
