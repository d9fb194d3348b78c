"""The built-in authorization server and the resource protection, with real tokens."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.conftest import basic
from tests.tokens import claims_of, mint, server_key

TOKEN = "/oauth/token"


# --- issuing ----------------------------------------------------------------------------------


def test_client_secret_basic_issues_an_rfc9068_token(client, template, app, services):
    creds = template.credentials["coordinator"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 200
    body = r.get_json()
    assert body["token_type"].lower() == "bearer"
    assert 0 < body["expires_in"] <= 900
    assert r.headers["Cache-Control"] == "no-store"
    header, claims = claims_of(body["access_token"])
    settings = app.config["SETTINGS"]
    assert header["typ"] == "at+jwt" and header["alg"] == "RS256"
    assert header["kid"] in {k["kid"] for k in client.get("/.well-known/jwks.json").get_json()["keys"]}
    assert claims["aud"] == settings.oauth_audience
    assert claims["iss"] == settings.oauth_issuer
    assert claims["client_id"] == creds["client_id"]
    assert claims["exp"] - claims["iat"] <= 900
    assert claims["role"] == "coordinator"
    assert "capabilities:verify" in claims["scope"].split()
    assert claims["jti"]


def test_client_secret_post_is_accepted(client, template):
    creds = template.credentials["intake_a"]
    r = client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            **{"client_id": creds["client_id"], "client_secret": creds["client_secret"]},
        },
    )
    assert r.status_code == 200
    _, claims = claims_of(r.get_json()["access_token"])
    assert claims["role"] == "intake"
    assert set(claims["scope"].split()) == {
        "centres:read",
        "match",
        "referrals:read",
        "referrals:write",
        "webhooks:manage",
    }


def test_partner_token_carries_its_centre(client, template):
    creds = template.credentials["partner_b"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    _, claims = claims_of(r.get_json()["access_token"])
    assert claims["centre"] == "sysucc"


def test_a_token_may_ask_for_fewer_scopes(client, template):
    creds = template.credentials["coordinator"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "scope": "centres:read"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert claims_of(r.get_json()["access_token"])[1]["scope"] == "centres:read"


def test_scopes_beyond_the_role_are_not_granted(client, template):
    creds = template.credentials["intake_a"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "scope": "audit:read match"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 200
    assert claims_of(r.get_json()["access_token"])[1]["scope"] == "match"


@pytest.mark.parametrize(
    "data, auth, status, error",
    [
        ({"grant_type": "client_credentials"}, ("coordinator", "wrong-secret"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, ("no-such-client", "x"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, None, 401, "invalid_client"),
        (
            {"grant_type": "password", "username": "a", "password": "b"},
            ("coordinator", None),
            400,
            "unsupported_grant_type",
        ),
        ({}, ("coordinator", None), 400, "unsupported_grant_type"),
    ],
)
def test_token_endpoint_refusals(client, template, data, auth, status, error):
    headers = {}
    if auth:
        name, secret = auth
        creds = template.credentials.get(name, {"client_id": name, "client_secret": secret})
        headers["Authorization"] = basic(creds["client_id"], secret or creds["client_secret"])
    r = client.post(TOKEN, data=data, headers=headers)
    assert r.status_code == status
    assert r.get_json()["error"] == error
    assert "access_token" not in r.get_json()


def test_a_client_holding_none_of_the_scopes_asked_gets_invalid_scope(client, template):
    creds = template.credentials["intake_a"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials", "scope": "audit:read"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_scope"


def test_disabled_client_gets_no_token_and_its_tokens_stop_working(client, template, services, token):
    from directory.identity import Identity

    creds = template.credentials["intake_b"]
    issued = token("intake_b")
    assert client.get("/v1/centres", headers={"Authorization": f"Bearer {issued}"}).status_code == 200
    services.clients.disable(Identity.system("test"), creds["client_id"])
    r = client.get("/v1/centres", headers={"Authorization": f"Bearer {issued}"})
    assert r.status_code == 401 and "disabled" in r.headers["WWW-Authenticate"]
    r = client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 401


def test_secrets_are_stored_hashed(template, services):
    creds = template.credentials["coordinator"]
    row = services.clients.get(creds["client_id"])
    assert creds["client_secret"] not in row.secret_hash
    assert row.secret_hash.startswith("scrypt$")


# --- discovery --------------------------------------------------------------------------------


def test_metadata_and_jwks(client, app):
    settings = app.config["SETTINGS"]
    meta = client.get("/.well-known/oauth-authorization-server").get_json()
    assert meta["issuer"] == settings.oauth_issuer
    assert meta["token_endpoint"] == f"{settings.oauth_issuer}/oauth/token"
    assert meta["authorization_endpoint"] == f"{settings.oauth_issuer}/oauth/authorize"
    assert set(meta["grant_types_supported"]) == {"client_credentials", "authorization_code"}
    assert meta["response_types_supported"] == ["code"]
    assert meta["code_challenge_methods_supported"] == ["S256"]  # PKCE, never plain
    assert set(meta["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert "audit:read" in meta["scopes_supported"]
    assert client.get("/.well-known/openid-configuration").get_json() == meta  # one document
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert keys and all("d" not in k and "p" not in k for k in keys)  # public parts only


def test_the_signing_key_is_kept_across_restarts(config, client, token, services):
    from api import create_app

    before = client.get("/.well-known/jwks.json").get_json()
    access = token("coordinator")
    again = create_app(config)
    try:
        assert again.test_client().get("/.well-known/jwks.json").get_json() == before
        r = again.test_client().get("/v1/centres", headers={"Authorization": f"Bearer {access}"})
        assert r.status_code == 200
    finally:
        again.extensions["services"].db.dispose()


# --- validation on protected routes -----------------------------------------------------------


def test_valid_token_is_accepted(as_):
    assert as_("coordinator").get("/v1/centres").status_code == 200


def _refused(client, bearer: str | None, header: str | None = None):
    headers = {}
    if header is not None:
        headers["Authorization"] = header
    elif bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    r = client.get("/v1/centres", headers=headers)
    assert r.status_code == 401, r.get_json()
    assert r.headers["WWW-Authenticate"].startswith("Bearer ")
    assert r.mimetype == "application/problem+json"
    return r


def test_missing_token(client):
    r = _refused(client, None)
    assert "error=" not in r.headers["WWW-Authenticate"]  # RFC 6750 §3.1: no error code when no credentials


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer ", "Token abc.def.ghi"])
def test_malformed_authorization_header(client, header):
    _refused(client, None, header)


def test_garbage_token(client):
    r = _refused(client, "not-a-jwt")
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]


def test_expired_token(client, app, services, template):
    now = int(time.time())
    _refused(client, mint(template, services, app, iat=now - 1000, exp=now - 100))


def test_not_yet_valid_token(client, app, services, template):
    now = int(time.time())
    _refused(client, mint(template, services, app, nbf=now + 600))


def test_wrong_issuer(client, app, services, template):
    _refused(client, mint(template, services, app, iss="https://elsewhere.example"))


def test_wrong_audience(client, app, services, template):
    _refused(client, mint(template, services, app, aud="https://another-api.example"))


def test_missing_typ(client, app, services, template):
    _refused(client, mint(template, services, app, header={"typ": None}))


def test_plain_jwt_typ(client, app, services, template):
    _refused(client, mint(template, services, app, header={"typ": "JWT"}))


def test_alg_none(client, app, services):
    now = int(time.time())
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    settings = app.config["SETTINGS"]
    unsigned = ".".join(
        [
            enc({"alg": "none", "typ": "at+jwt"}),
            enc(
                {
                    "iss": settings.oauth_issuer,
                    "aud": settings.oauth_audience,
                    "sub": "x",
                    "client_id": "x",
                    "iat": now,
                    "exp": now + 60,
                    "jti": "n",
                    "scope": "centres:read",
                    "role": "admin",
                }
            ),
            "",
        ]
    )
    _refused(client, unsigned)


def test_foreign_key_under_a_known_kid(client, app, services, template):
    known_kid = server_key(services).kid
    foreign = RSAKey.generate_key(2048, parameters={"kid": known_kid}, private=True)
    _refused(client, mint(template, services, app, key=foreign))


def test_unknown_kid(client, app, services, template):
    foreign = RSAKey.generate_key(2048, parameters={"kid": "someone-else"}, private=True)
    _refused(client, mint(template, services, app, key=foreign))


def test_hs256_with_the_public_key_as_secret(client, app, services):
    """The classic algorithm-confusion attack: HMAC keyed with the server's public key."""
    from joserfc.jwk import OctKey

    public = json.dumps(server_key(services).as_dict(private=False)).encode()
    now = int(time.time())
    settings = app.config["SETTINGS"]
    forged = jwt.encode(
        {"alg": "HS256", "typ": "at+jwt", "kid": server_key(services).kid},
        {
            "iss": settings.oauth_issuer,
            "aud": settings.oauth_audience,
            "sub": "x",
            "client_id": "x",
            "iat": now,
            "exp": now + 60,
            "jti": "hs",
            "scope": "centres:read",
            "role": "admin",
        },
        OctKey.import_key(public),
    )
    _refused(client, forged)


def test_unknown_role_claim(client, app, services, template):
    _refused(client, mint(template, services, app, role="superuser"))


def test_insufficient_scope_is_403_with_the_scope_named(client, app, services, template):
    r = client.get("/v1/audit", headers={"Authorization": f"Bearer {mint(template, services, app, role='admin')}"})
    assert r.status_code == 403
    assert 'error="insufficient_scope"' in r.headers["WWW-Authenticate"]
    assert 'scope="audit:read"' in r.headers["WWW-Authenticate"]


# --- introspection and revocation -------------------------------------------------------------


def _introspect(client, template, principal: str, token: str):
    creds = template.credentials[principal]
    return client.post(
        "/oauth/introspect",
        data={"token": token},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )


def test_introspection_of_own_token(client, template, token):
    r = _introspect(client, template, "intake_a", token("intake_a"))
    assert r.status_code == 200
    body = r.get_json()
    assert body["active"] is True
    assert body["client_id"] == template.credentials["intake_a"]["client_id"]
    assert body["role"] == "intake"


def test_introspection_of_another_clients_token_is_inactive(client, template, token):
    assert _introspect(client, template, "intake_b", token("intake_a")).get_json() == {"active": False}


def test_admin_may_introspect_any_token(client, template, token):
    assert _introspect(client, template, "admin", token("intake_a")).get_json()["active"] is True


def test_introspection_needs_client_authentication(client, token):
    r = client.post("/oauth/introspect", data={"token": token("intake_a")})
    assert r.status_code == 401


def test_introspection_of_garbage_and_expired(client, template, app, services):
    assert _introspect(client, template, "admin", "garbage").get_json() == {"active": False}
    now = int(time.time())
    expired = mint(template, services, app, iat=now - 1000, exp=now - 100)
    assert _introspect(client, template, "admin", expired).get_json() == {"active": False}


def test_revoked_token_is_refused_on_next_use(client, template):
    creds = template.credentials["partner_a"]
    auth = {"Authorization": basic(creds["client_id"], creds["client_secret"])}
    access = client.post(TOKEN, data={"grant_type": "client_credentials"}, headers=auth).get_json()["access_token"]
    assert client.get("/v1/centres", headers={"Authorization": f"Bearer {access}"}).status_code == 200

    r = client.post("/oauth/revoke", data={"token": access}, headers=auth)
    assert r.status_code == 200

    r = client.get("/v1/centres", headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 401
    assert "revoked" in r.headers["WWW-Authenticate"]
    assert _introspect(client, template, "partner_a", access).get_json() == {"active": False}
    # Revoking again is harmless (RFC 7009).
    assert client.post("/oauth/revoke", data={"token": access}, headers=auth).status_code == 200


def test_a_client_cannot_revoke_another_clients_token(client, template, token):
    victim = token("intake_a")
    creds = template.credentials["intake_b"]
    r = client.post(
        "/oauth/revoke",
        data={"token": victim},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    assert r.status_code == 200  # RFC 7009: nothing is said about tokens one does not own
    assert client.get("/v1/centres", headers={"Authorization": f"Bearer {victim}"}).status_code == 200


def test_health_and_discovery_need_no_token(client):
    for path in (
        "/healthz",
        "/readyz",
        "/openapi.json",
        "/.well-known/jwks.json",
        "/.well-known/oauth-authorization-server",
    ):
        assert client.get(path).status_code == 200, path


def test_every_v1_operation_declares_a_scope(client):
    from directory.identity import SCOPES

    spec = client.get("/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["scopes"]
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        if path.startswith("/v1/")
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) >= 10
    for path, method, op in operations:
        # Alternatives (any one will do), each naming one scope.
        assert all(list(r) == ["oauth2"] for r in op["security"]), (method, path)
        alternatives = [r["oauth2"] for r in op["security"]]
        assert alternatives and all(len(a) == 1 and a[0] in SCOPES for a in alternatives), (method, path)


def test_the_vocabulary_needs_centres_read_as_its_document_says(client, template):
    creds = template.credentials["intake_a"]

    def token(scope: str) -> dict[str, str]:
        body = client.post(
            TOKEN,
            data={"grant_type": "client_credentials", "scope": scope},
            headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
        ).get_json()
        return {"Authorization": f"Bearer {body['access_token']}"}

    assert client.get("/v1/vocabulary", headers=token("match")).status_code == 403
    assert client.get("/v1/vocabulary", headers=token("centres:read")).status_code == 200
    assert client.get("/v1/vocabulary").status_code == 401
