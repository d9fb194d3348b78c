"""Tokens from an external provider (a Keycloak profile), with keys and introspection served
by a local stand-in for the provider.

The tokens are real JWTs signed with test keys, shaped as Keycloak issues them: typ JWT, azp
and (for a service account) client_id, realm roles under realm_access, several audiences. The
same cases run against a real Keycloak in tests/keycloak/.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from api import create_app
from api.oauth.external import ExternalProfile
from api.oauth.identities import Refused, from_provider_claims
from tests.conftest import make_config

ISSUER = "https://login.example/realms/partners"
AUDIENCE = "http://127.0.0.1:8000/v1"


class JwksServer:
    """Serves a key set at /certs (counting the fetches) and answers RFC 7662 introspection at
    /introspect: every token is active unless its jti is in ``inactive``, or ``down`` is set."""

    def __init__(self) -> None:
        self.keys = [RSAKey.generate_key(2048, parameters={"kid": "k1", "alg": "RS256"}, private=True)]
        self.fetches = 0
        self.introspections = 0
        self.inactive: set[str] = set()
        self.down = False
        served = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                served.fetches += 1
                self._send(200, json.dumps(KeySet(served.keys).as_dict(private=False)).encode())

            def do_POST(self) -> None:
                served.introspections += 1
                form = self.rfile.read(int(self.headers["Content-Length"])).decode()
                if served.down or not self.headers.get("Authorization", "").startswith("Basic "):
                    self._send(503 if served.down else 401, b"{}")
                    return
                token = parse_qs(form)["token"][0]
                claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "==="))
                active = claims.get("jti") not in served.inactive
                self._send(200, json.dumps({"active": active}).encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{base}/certs"
        self.introspection_url = f"{base}/introspect"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


def profile_for(jwks: JwksServer, **overrides: Any) -> ExternalProfile:
    return ExternalProfile(
        **{
            "issuer": ISSUER,
            "jwks_url": jwks.url,
            "audience": AUDIENCE,
            "typ": "JWT",
            "roles_claim": "realm_access.roles",
            "role_map": {"pd-coordinator": "coordinator", "pd-partner": "partner", "pd-intake": "intake"},
            "leeway": 60,
            **overrides,
        }
    )


@pytest.fixture
def app(database_url: str, tmp_path: Path, jwks: JwksServer):
    app = create_app(make_config(database_url, tmp_path, external=profile_for(jwks)))
    yield app
    app.extensions["services"].db.dispose()


@pytest.fixture
def introspecting_app(database_url: str, tmp_path: Path, jwks: JwksServer):
    profile = profile_for(
        jwks,
        introspection_url=jwks.introspection_url,
        introspection_client_id="partner-directory-api",
        introspection_client_secret="s3cret",
        introspection_cache=30,
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
        "client_id": "intake-service",  # Keycloak's service-account tokens name their client
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
    head = {k: v for k, v in head.items() if v is not None}
    return jwt.encode(head, body, key, algorithms=[head["alg"]])


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
        {"azp": None, "client_id": None},
        {"realm_access": {"roles": ["offline_access"]}},  # no role of ours
        {"realm_access": {"roles": ["pd-intake", "pd-coordinator"]}},  # ambiguous
        {"typ": "ID", "aud": [AUDIENCE]},  # an ID token carrying our audience and a role
        {"typ": "Refresh"},
    ],
)
def test_refused_external_tokens(app, jwks, change):
    now = int(time.time())
    claims = {k: now + v if k in ("exp", "nbf") else v for k, v in change.items() if k != "header"}
    token = keycloak_token(jwks.keys[0], ["pd-intake"], header=change.get("header"), **claims)
    r = get(app, "/v1/centres", token)
    assert r.status_code == 401, r.get_json()
    assert r.headers["WWW-Authenticate"].startswith("Bearer ")


def test_an_algorithm_that_is_not_configured_is_refused(app, jwks):
    """RS256 only by default, even from a key the provider publishes."""
    pss = RSAKey.generate_key(2048, parameters={"kid": "kps"}, private=True)
    jwks.keys.append(pss)
    r = get(app, "/v1/centres", keycloak_token(pss, ["pd-intake"], header={"alg": "PS256"}))
    assert r.status_code == 401 and "algorithm" in r.get_json()["detail"]


def test_clock_skew_within_the_leeway_is_accepted(app, jwks):
    token = keycloak_token(jwks.keys[0], ["pd-intake"], exp=int(time.time()) - 30)
    assert get(app, "/v1/centres", token).status_code == 200


def external_keys(app):
    return app.extensions["guard"].external.keys


def test_an_unknown_kid_refetches_the_keys_with_a_short_backoff(app, jwks):
    assert get(app, "/v1/centres", keycloak_token(jwks.keys[0], ["pd-intake"])).status_code == 200
    assert jwks.fetches == 1
    # The provider rotates its key: the first token under the new kid fetches the keys again.
    external_keys(app)._tried_at -= 6  # past the backoff (5 s), far within the lifetime
    jwks.keys.append(RSAKey.generate_key(2048, parameters={"kid": "k2", "alg": "RS256"}, private=True))
    assert get(app, "/v1/centres", keycloak_token(jwks.keys[1], ["pd-intake"])).status_code == 200
    assert jwks.fetches == 2
    # Within the backoff, a stranger's kid is refused without another fetch.
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k3"}, private=True)
    for _ in range(5):
        assert get(app, "/v1/centres", keycloak_token(stranger, ["pd-intake"])).status_code == 401
    assert jwks.fetches == 2


def test_a_key_the_provider_removed_stops_being_trusted_when_the_set_expires(app, jwks):
    old = jwks.keys[0]
    assert get(app, "/v1/centres", keycloak_token(old, ["pd-intake"])).status_code == 200
    jwks.keys[:] = [RSAKey.generate_key(2048, parameters={"kid": "k9", "alg": "RS256"}, private=True)]
    assert get(app, "/v1/centres", keycloak_token(old, ["pd-intake"])).status_code == 200  # still fresh
    external_keys(app)._fetched_at -= 301  # the set's lifetime (300 s) has passed
    external_keys(app)._tried_at -= 301
    r = get(app, "/v1/centres", keycloak_token(old, ["pd-intake"]))
    assert r.status_code == 401 and jwks.fetches == 2


def test_readiness_reports_whether_the_providers_keys_are_fresh(app, jwks):
    get(app, "/v1/centres", keycloak_token(jwks.keys[0], ["pd-intake"]))
    keys = app.test_client().get("/readyz").get_json()["checks"]["external_issuer"]
    assert keys["issuer"] == ISSUER and keys["fresh"] is True and keys["keys"] == 1


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

    token = keycloak_token(jwks.keys[0], ["pd-coordinator"], azp="coordinator-portal", client_id="coordinator-portal")
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    tag = client.get("/v1/centres/pumch", headers=auth).headers["ETag"]
    assert (
        client.patch("/v1/centres/pumch", json={"city": "Beijing"}, headers={**auth, "If-Match": tag}).status_code
        == 200
    )
    with services.db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "centre.update")).one()
    assert (event.issuer, event.client_id, event.role) == (ISSUER, "coordinator-portal", "coordinator")


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
    identity = mapped(profile, claims)
    assert identity.role == "intake" and identity.scopes == {"centres:read"}
    identity = mapped(profile, {**claims, "scope": "openid"})
    assert identity.scopes == {"centres:read", "match", "referrals:read", "referrals:write", "webhooks:manage"}
    with pytest.raises(Refused):
        mapped(profile, {**claims, "resource_access": {}})


def mapped(profile: ExternalProfile, claims: dict):
    return from_provider_claims(
        profile.issuer, claims, profile.roles_claim, profile.role_map, profile.centre_claim, None
    )


def test_a_program_is_its_client_a_person_their_subject_both_under_the_issuer():
    profile = ExternalProfile(issuer=ISSUER, jwks_url="x", audience=AUDIENCE)
    base = {"azp": "portal", "sub": "u-1", "realm_access": {"roles": ["coordinator"]}}
    program = mapped(profile, {**base, "client_id": "portal"})
    person = mapped(profile, {**base, "email": "a@b.example"})
    assert program.principal == (ISSUER, "portal") and program.user is None
    assert person.principal == (ISSUER, "u-1") and person.client_id == "portal" and person.subject == "a@b.example"


def test_the_profile_refuses_a_long_leeway_and_unknown_roles():
    with pytest.raises(ValueError):
        ExternalProfile(issuer=ISSUER, jwks_url="x", audience=AUDIENCE, leeway=61)
    with pytest.raises(ValueError):
        ExternalProfile(issuer=ISSUER, jwks_url="x", audience=AUDIENCE, role_map={"x": "superuser"})


# --- still active at the provider? --------------------------------------------------------------


def test_a_token_the_provider_no_longer_holds_active_is_refused_within_the_cache_time(introspecting_app, jwks):
    token = keycloak_token(jwks.keys[0], ["pd-intake"], jti="kc-revoked-1")
    assert get(introspecting_app, "/v1/centres", token).status_code == 200
    calls = jwks.introspections
    assert get(introspecting_app, "/v1/centres", token).status_code == 200
    assert jwks.introspections == calls  # answered from the cache
    jwks.inactive.add("kc-revoked-1")  # revoked, or its client disabled, at the provider
    introspection = introspecting_app.extensions["guard"].external.introspection
    for key, (at, active) in list(introspection._answers.items()):
        introspection._answers[key] = (at - 31, active)  # the cache time (30 s) has passed
    r = get(introspecting_app, "/v1/centres", token)
    assert r.status_code == 401 and "no longer active" in r.get_json()["detail"]


def test_a_provider_that_cannot_be_asked_is_a_503_not_a_pass(introspecting_app, jwks):
    jwks.down = True
    r = get(introspecting_app, "/v1/centres", keycloak_token(jwks.keys[0], ["pd-intake"]))
    assert r.status_code == 503 and r.headers["Retry-After"]


def test_a_token_of_an_unknown_issuer_is_told_so(app, jwks):
    token = keycloak_token(jwks.keys[0], ["pd-intake"], iss="https://elsewhere.example/realms/x")
    r = get(app, "/v1/centres", token)
    assert r.status_code == 401
    assert "issuer (https://elsewhere.example/realms/x) is not trusted" in r.get_json()["detail"]


def test_a_provider_client_named_like_one_of_ours_is_another_principal(app, jwks, template):
    """The collision the issue found: an external client registered under a built-in intake
    client's id must not see that client's referrals."""
    from tests.conftest import caller_for

    ours = caller_for(app, template)("intake_a")
    made = ours.post(
        "/v1/referrals",
        json={"external_ref": "mine-1", "centre": "pumch", "profile": {"lesion_site": "rib"}},
    )
    assert made.status_code == 201
    namesake = template.credentials["intake_a"]["client_id"]
    theirs = keycloak_token(jwks.keys[0], ["pd-intake"], azp=namesake, client_id=namesake)
    assert get(app, "/v1/referrals", theirs).get_json()["items"] == []
    assert get(app, f"/v1/referrals/{made.get_json()['id']}", theirs).status_code == 404
    again = app.test_client().post(
        "/v1/referrals",
        json={"external_ref": "mine-1", "centre": "pumch", "profile": {"lesion_site": "rib"}},
        headers={"Authorization": f"Bearer {theirs}"},
    )
    assert again.status_code == 201 and again.get_json()["id"] != made.get_json()["id"]
    assert again.get_json()["requester"]["issuer"] == ISSUER


def test_the_role_map_is_read_trimmed():
    from api.config import Config

    config = Config.from_env(
        {"EXTERNAL_ISSUER": ISSUER, "EXTERNAL_ROLE_MAP": " a = coordinator , b=partner ,", "INSTANCE_PATH": "/tmp"}
    )
    assert dict(config.external.role_map) == {"a": "coordinator", "b": "partner"}
