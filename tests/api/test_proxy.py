"""Behind a proxy (TRUSTED_PROXIES): the client's address is the one the proxy forwarded, so
per-address rate limits count each client; without it, X-Forwarded-For is the client's own
word and is ignored, so it cannot escape a limit by writing a new address each time."""

from __future__ import annotations

import logging

import pytest

from api import create_app
from tests.conftest import make_config


@pytest.fixture
def backend() -> str:
    return "sqlite"


def token_attempts(app, addresses):
    client = app.test_client()
    return [
        client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},  # the proxy
        ).status_code
        for address in addresses
    ]


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, rate_limit_oauth="2/minute", trusted_proxies=1))
    statuses = token_attempts(app, ["203.0.113.7"] * 3 + ["198.51.100.9"])
    assert statuses[:2] == [401, 401] and statuses[2] == 429  # the first client is limited
    assert statuses[3] == 401  # the second is not
    app.extensions["services"].db.dispose()


def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, rate_limit_oauth="2/minute"))
    statuses = token_attempts(app, ["203.0.113.7", "198.51.100.9", "192.0.2.44"])
    assert statuses == [401, 401, 429]  # one address (the peer's), whatever the header says
    app.extensions["services"].db.dispose()


def test_the_access_log_names_the_forwarded_address(database_url, tmp_path, caplog):
    app = create_app(make_config(database_url, tmp_path, trusted_proxies=1))
    with caplog.at_level(logging.INFO, logger="api.access"):
        app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
    (line,) = [r for r in caplog.records if r.name == "api.access"]
    assert line.address == "203.0.113.7"
    app.extensions["services"].db.dispose()
