"""Every protected operation refuses every kind of bad token with 401 and WWW-Authenticate.

The operations come from the app's own OpenAPI document, so a new one is covered the day it
is added. Token checks do not depend on the database engine (revocation is checked on both in
test_oauth), so this runs on SQLite only.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import pytest
from joserfc.jwk import OctKey, RSAKey

from tests.conftest import basic
from tests.tokens import mint, server_key

KINDS = [
    "missing",
    "garbage",
    "alg-none",
    "hs256-with-public-key",
    "foreign-key-known-kid",
    "unknown-kid",
    "expired",
    "not-yet-valid",
    "wrong-issuer",
    "wrong-audience",
    "no-typ",
    "revoked",
]


@pytest.fixture
def backend() -> str:
    return "sqlite"


def _unsigned(claims: dict) -> str:
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{enc({'alg': 'none', 'typ': 'at+jwt'})}.{enc(claims)}."


@pytest.fixture
def bad_token(template, services, app, client) -> Callable[[str], str | None]:
    """A token of each kind, for the coordinator (whose scopes reach every operation)."""
    now = int(time.time())
    settings = app.config["SETTINGS"]
    everything = "centres:read centres:write capabilities:write capabilities:verify vetting:write match "
    everything += "referrals:read referrals:write referrals:respond audit:read webhooks:manage clients:manage"

    def make(kind: str) -> str | None:
        m = lambda **kw: mint(template, services, app, scope=everything, **kw)  # noqa: E731
        if kind == "missing":
            return None
        if kind == "garbage":
            return "not.a.token"
        if kind == "alg-none":
            return _unsigned({"iss": settings.oauth_issuer, "aud": settings.oauth_audience, "exp": now + 60})
        if kind == "hs256-with-public-key":
            public = json.dumps(server_key(services).as_dict(private=False)).encode()
            return m(header={"alg": "HS256"}, key=OctKey.import_key(public))
        if kind == "foreign-key-known-kid":
            return m(key=RSAKey.generate_key(2048, parameters={"kid": server_key(services).kid}, private=True))
        if kind == "unknown-kid":
            return m(key=RSAKey.generate_key(2048, parameters={"kid": "stranger"}, private=True))
        if kind == "expired":
            return m(iat=now - 1000, exp=now - 100)
        if kind == "not-yet-valid":
            return m(nbf=now + 600)
        if kind == "wrong-issuer":
            return m(iss="https://elsewhere.example")
        if kind == "wrong-audience":
            return m(aud="https://other-api.example")
        if kind == "no-typ":
            return m(header={"typ": None})
        if kind == "revoked":
            creds = template.credentials["coordinator"]
            auth = {"Authorization": basic(creds["client_id"], creds["client_secret"])}
            issued = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=auth)
            access = issued.get_json()["access_token"]
            assert client.post("/oauth/revoke", data={"token": access}, headers=auth).status_code == 200
            return access
        raise AssertionError(kind)

    return make


def protected_operations(spec: dict) -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete") and any("oauth2" in r for r in op.get("security", ()))
    ]


def concrete(path: str) -> str:
    return (
        path.replace("{slug}", "pumch")
        .replace("{code}", "hydrodissection")
        .replace("{referral_id}", "0" * 32)
        .replace("{hook_id}", "0" * 32)
        .replace("{currency}", "CNY")
        .replace("{client_id}", "intake-0000000000000000")
    )


def test_there_are_operations_to_check(client):
    assert len(protected_operations(client.get("/openapi.json").get_json())) >= 24


@pytest.mark.parametrize("kind", KINDS)
def test_every_protected_operation_refuses(client, bad_token, kind):
    token = bad_token(kind)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for method, path in protected_operations(client.get("/openapi.json").get_json()):
        r = getattr(client, method)(concrete(path), headers=headers, json={})
        assert r.status_code == 401, (kind, method, path, r.get_json())
        assert r.headers["WWW-Authenticate"].startswith('Bearer realm="partner-directory"'), (kind, method, path)
        assert r.mimetype == "application/problem+json"
        if token:
            assert 'error="invalid_token"' in r.headers["WWW-Authenticate"], (kind, method, path)
