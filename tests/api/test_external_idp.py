"""Tokens from an external provider (a Keycloak profile), served keys from a local JWKS endpoint.

The tokens are real JWTs signed with test keys, shaped as Keycloak issues them: typ JWT, azp
as the client, realm roles under realm_access, several audiences.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from api import create_app
from api.external import ExternalProfile, Refused, map_identity
from tests.conftest import make_config

ISSUER = "https://login.example/realms/partners"
AUDIENCE = "http://127.0.0.1:8000/v1"


class JwksServer:
    """Serves a key set at /certs and counts the fetches."""

    def __init__(self) -> None:
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": "k1", "alg": "RS256"}, private=True)]
        self.fetches = 0
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.fetches += 1
                body = json.dumps(KeySet(served.keys).as_dict(private=False)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/certs"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


@pytest.fixture
def app(database_url: str, tmp_path: Path, jwks: JwksServer):
    profile = ExternalProfile(
        issuer=ISSUER,
        jwks_url=jwks.url,
        audience=AUDIENCE,
        typ="JWT",
        roles_claim="realm_access.roles",
        role_map={"pd-coordinator": "coordinator", "pd-partner": "partner", "pd-intake": "intake"},
        leeway=60,
    )
    app = create_app(make_config(database_url, tmp_path, external=profile))
    yield app
    app.extensions["services"].db.dispose()


def keycloak_token(key: RSAKey, roles: list[str], header: dict | None = None, **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": [AUDIENCE, "account"],
        "azp": "intake-service",
        "sub": "5f0c7c4e-service-account",
        "typ": "Bearer",
        "iat": now,
        "exp": now + 300,
        "jti": f"kc-{now}-{id(claims)}",
        "scope": "profile email",
        "realm_access": {"roles": [*roles, "offline_access", "uma_authorization"]},
    }
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    head = {"alg": "RS256", "typ": "JWT", "kid": key.kid, **(header or {})}
    return jwt.encode({k: v for k, v in head.items() if v is not None}, body, key)


def get(app, path: str, token: str):
    return app.test_client().get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_keycloak_token_is_accepted_with_its_role(app, jwks, services):
    token = keycloak_token(jwks.keys[0], ["pd-intake"])
    assert get(app, "/v1/centres", token).status_code == 200
    r = app.test_client().post("/v1/match", json={"lesion_site": "rib"}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert get(app, "/v1/audit", token).status_code == 403  # an intake role has no audit scope


def test_a_partner_needs_its_centre_claim(app, jwks):
    with_centre = keycloak_token(jwks.keys[0], ["pd-partner"], azp="pumch-system", centre="pumch")
    client = app.test_client()
    centre = client.get("/v1/centres/pumch", headers={"Authorization": f"Bearer {with_centre}"})
    r = client.patch(
        "/v1/centres/pumch",
        json={"accepting_referrals": False},
        headers={"Authorization": f"Bearer {with_centre}", "If-Match": centre.headers["ETag"]},
    )
    assert r.status_code == 200
    other = client.patch(
        "/v1/centres/sysucc",
        json={"accepting_referrals": False},
        headers={"Authorization": f"Bearer {with_centre}", "If-Match": '"sysucc.1"'},
    )
    assert other.status_code == 403
    without = keycloak_token(jwks.keys[0], ["pd-partner"], azp="pumch-system")
    r = get(app, "/v1/centres", without)
    assert r.status_code == 401 and "centre" in r.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "change",
    [
        {"header": {"typ": "at+jwt"}},  # the profile says JWT
        {"header": {"typ": "Bearer"}},
        {"aud": ["account"]},  # no audience mapper: not for us
        {"iss": "https://login.example/realms/other"},
        {"exp": -120},  # past the 60 s leeway (seconds from now)
        {"nbf": 120},
        {"azp": None},
        {"realm_access": {"roles": ["offline_access"]}},  # no role of ours
        {"realm_access": {"roles": ["pd-intake", "pd-coordinator"]}},  # ambiguous
    ],
)
def test_refused_external_tokens(app, jwks, change):
    now = int(time.time())
    claims = {k: now + v if k in ("exp", "nbf") else v for k, v in change.items() if k != "header"}
    token = keycloak_token(jwks.keys[0], ["pd-intake"], header=change.get("header"), **claims)
    r = get(app, "/v1/centres", token)
    assert r.status_code == 401, r.get_json()
    assert r.headers["WWW-Authenticate"].startswith("Bearer ")


def test_clock_skew_within_the_leeway_is_accepted(app, jwks):
    token = keycloak_token(jwks.keys[0], ["pd-intake"], exp=int(time.time()) - 30)
    assert get(app, "/v1/centres", token).status_code == 200


def test_an_unknown_kid_refetches_the_keys_at_most_once_a_minute(app, jwks):
    assert get(app, "/v1/centres", keycloak_token(jwks.keys[0], ["pd-intake"])).status_code == 200
    assert jwks.fetches == 1
    # The provider rotates its key; the first token under the new kid makes us fetch again.
    app.extensions["oauth"].external.keys._fetched_at -= 61  # a minute has passed
    jwks.keys.append(RSAKey.generate_key(2048, parameters={"kid": "k2", "alg": "RS256"}, private=True))
    assert get(app, "/v1/centres", keycloak_token(jwks.keys[1], ["pd-intake"])).status_code == 200
    assert jwks.fetches == 2
    # Within the minute, a stranger's kid is refused without another fetch.
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k3"}, private=True)
    for _ in range(5):
        assert get(app, "/v1/centres", keycloak_token(stranger, ["pd-intake"])).status_code == 401
    assert jwks.fetches == 2


def test_a_foreign_key_under_the_providers_kid_is_refused(app, jwks):
    forged = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
    assert get(app, "/v1/centres", keycloak_token(forged, ["pd-intake"])).status_code == 401


def test_built_in_tokens_still_work_beside_the_provider(app, template):
    from tests.conftest import caller_for

    coordinator = caller_for(app, template)("coordinator")
    assert coordinator.get("/v1/audit").status_code == 403
    assert coordinator.get("/v1/centres").status_code == 200


def test_external_writes_are_audited_under_the_providers_client(app, jwks, services):
    from sqlalchemy import select

    from directory.models import AuditEvent

    token = keycloak_token(jwks.keys[0], ["pd-coordinator"], azp="coordinator-portal")
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    tag = client.get("/v1/centres/pumch", headers=auth).headers["ETag"]
    assert (
        client.patch("/v1/centres/pumch", json={"city": "Beijing"}, headers={**auth, "If-Match": tag}).status_code
        == 200
    )
    with services.db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "centre.update")).one()
    assert (event.client_id, event.role, event.subject) == (
        "coordinator-portal",
        "coordinator",
        "5f0c7c4e-service-account",
    )


# --- the mapping, pure ------------------------------------------------------------------------


def test_client_roles_and_scope_narrowing():
    profile = ExternalProfile(
        issuer=ISSUER, jwks_url="x", audience=AUDIENCE, roles_claim="resource_access.partner-directory.roles"
    )
    claims = {
        "azp": "c",
        "sub": "s",
        "scope": "openid centres:read",
        "resource_access": {"partner-directory": {"roles": ["intake"]}},
    }
    identity = map_identity(profile, claims, None)
    assert identity.role == "intake" and identity.scopes == {"centres:read"}
    identity = map_identity(profile, {**claims, "scope": "openid"}, None)
    assert identity.scopes == {"centres:read", "match", "referrals:read", "referrals:write", "webhooks:manage"}
    with pytest.raises(Refused):
        map_identity(profile, {**claims, "resource_access": {}}, None)


def test_the_profile_refuses_a_long_leeway_and_unknown_roles():
    with pytest.raises(ValueError):
        ExternalProfile(issuer=ISSUER, jwks_url="x", audience=AUDIENCE, leeway=61)
    with pytest.raises(ValueError):
        ExternalProfile(issuer=ISSUER, jwks_url="x", audience=AUDIENCE, role_map={"x": "superuser"})
