"""Security headers on every response, CORS only for configured origins, docs on demand."""

from __future__ import annotations

import pytest

from api import create_app
from api.headers import SECURITY_HEADERS
from tests.conftest import make_config


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/healthz", 200),
        ("get", "/openapi.json", 200),
        ("get", "/v1/centres", 401),
        ("get", "/nowhere", 404),
        ("post", "/oauth/token", 400),  # no grant_type
        ("delete", "/v1/centres", 405),
    ],
)
def test_security_headers_on_every_response(client, method, path, status):
    r = getattr(client, method)(path)
    assert r.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert "Access-Control-Allow-Origin" not in r.headers
    if path.startswith(("/v1/", "/oauth/")):
        assert r.headers["Cache-Control"] == "no-store"


def test_authenticated_answers_are_not_stored(as_):
    r = as_("coordinator").get("/v1/centres/pumch")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"


@pytest.fixture
def cors_app(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, cors_origins=frozenset({"https://coordinators.example"})))
    yield app
    app.extensions["services"].db.dispose()


def test_cors_for_allowed_origins_only(cors_app):
    client = cors_app.test_client()
    allowed = client.get("/healthz", headers={"Origin": "https://coordinators.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://coordinators.example"
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/v1/centres/pumch",
        headers={
            "Origin": "https://coordinators.example",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, if-match",
        },
    )
    assert preflight.status_code == 200
    assert "PATCH" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_the_docs_page_can_be_turned_off(database_url, tmp_path, client):
    assert client.get("/docs").status_code == 200
    app = create_app(make_config(database_url, tmp_path, api_docs=False))
    try:
        assert app.test_client().get("/docs").status_code == 404
        assert app.test_client().get("/openapi.json").status_code == 200
    finally:
        app.extensions["services"].db.dispose()


@pytest.fixture
def limited_app(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, rate_limit_client="5/minute", rate_limit_oauth="3/minute"))
    yield app
    app.extensions["services"].db.dispose()


def test_rate_limit_per_client(limited_app, token):
    from tests.conftest import Caller

    a = Caller(limited_app.test_client(), token("intake_a"))
    b = Caller(limited_app.test_client(), token("intake_b"))
    statuses = [a.get("/v1/centres").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = a.get("/v1/centres")
    assert refused.mimetype == "application/problem+json" and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert b.get("/v1/centres").status_code == 200  # another client has its own budget


def test_rate_limit_on_the_token_endpoint(limited_app):
    client = limited_app.test_client()
    statuses = [client.post("/oauth/token", data={"grant_type": "client_credentials"}).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert int(client.post("/oauth/token").headers["Retry-After"]) >= 1
