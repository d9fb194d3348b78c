"""Real Keycloak tokens against the API: each role, a partner's centre, the audience, expiry, a
provider client named like one of ours, a disabled client, a revoked token, key rotation and
key removal, and an ID token presented as an access token."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from api import create_app
from tests.conftest import caller_for, make_config
from tests.keycloak.conftest import PASSWORD, Realm, profile_for


def call(app, token: str, method: str = "get", path: str = "/v1/centres", **kw):
    headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
    return getattr(app.test_client(), method)(path, headers=headers, **kw)


@pytest.mark.parametrize(
    "client, allowed, refused",
    [
        ("kc-intake", ("post", "/v1/match", {"lesion_site": "rib"}), ("get", "/v1/audit", None)),
        ("kc-coordinator", ("get", "/v1/review/facts", None), ("get", "/v1/audit", None)),
        ("kc-admin", ("get", "/v1/audit", None), ("post", "/v1/match", {"lesion_site": "rib"})),
        ("kc-partner", ("get", "/v1/referrals", None), ("post", "/v1/match", {"lesion_site": "rib"})),
    ],
)
def test_each_role_gets_what_its_role_allows(kc_app, realm: Realm, client, allowed, refused):
    token = realm.token(client)
    method, path, body = allowed
    assert call(kc_app, token, method, path, json=body).status_code == 200
    method, path, body = refused
    assert call(kc_app, token, method, path, json=body).status_code == 403


def test_a_partner_client_acts_only_for_its_centre(kc_app, realm: Realm):
    token = realm.token("kc-partner")
    etag = call(kc_app, token, path="/v1/centres/pumch").headers["ETag"]
    own = call(
        kc_app, token, "patch", "/v1/centres/pumch", json={"accepting_referrals": True}, headers={"If-Match": etag}
    )
    assert own.status_code == 200
    etag = call(kc_app, token, path="/v1/centres/sysucc").headers["ETag"]
    other = call(
        kc_app, token, "patch", "/v1/centres/sysucc", json={"accepting_referrals": False}, headers={"If-Match": etag}
    )
    assert other.status_code == 403


def test_a_token_without_our_audience_is_refused(kc_app, realm: Realm):
    r = call(kc_app, realm.token("kc-no-audience"))
    assert r.status_code == 401 and "aud" in r.get_json()["detail"]


def test_an_expired_token_is_refused(kc_app, realm: Realm):
    token = realm.token("kc-short-lived")  # lives 2 s; the app allows 5 s of skew
    assert call(kc_app, token).status_code == 200
    time.sleep(8)
    r = call(kc_app, token)
    assert r.status_code == 401 and "exp" in r.get_json()["detail"]


def test_a_provider_client_named_like_one_of_ours_cannot_see_its_referrals(kc_app, realm: Realm, template):
    ours = caller_for(kc_app, template)("intake_a")
    made = ours.post(
        "/v1/referrals", json={"external_ref": "kc-1", "centre": "pumch", "profile": {"lesion_site": "rib"}}
    ).get_json()
    namesake = template.credentials["intake_a"]["client_id"]
    theirs = realm.token(namesake)
    assert call(kc_app, theirs, path="/v1/referrals").get_json()["items"] == []
    assert call(kc_app, theirs, path=f"/v1/referrals/{made['id']}").status_code == 404
    mine = call(
        kc_app,
        theirs,
        "post",
        "/v1/referrals",
        json={"external_ref": "kc-1", "centre": "pumch", "profile": {"lesion_site": "rib"}},
    ).get_json()
    assert mine["id"] != made["id"] and mine["requester"] == {
        "issuer": realm.issuer,
        "client_id": namesake,
        "role": "intake",
    }
    assert [r["id"] for r in ours.get("/v1/referrals").get_json()["items"]] == [made["id"]]


def test_a_client_disabled_at_the_provider_stops_at_once(kc_app, realm: Realm):
    internal = realm.add_client(f"kc-soon-disabled-{time.time_ns()}", "intake")
    client_id = next(c for c, (i, _) in realm.clients.items() if i == internal)
    token = realm.token(client_id)
    assert call(kc_app, token).status_code == 200
    realm.admin.update_client(realm.name, internal, enabled=False)
    r = call(kc_app, token)
    assert r.status_code == 401 and "no longer active" in r.get_json()["detail"]


def test_a_token_revoked_at_the_provider_stops_at_once(kc_app, realm: Realm):
    token = realm.token("kc-intake")
    assert call(kc_app, token).status_code == 200
    _, secret = realm.clients["kc-intake"]
    realm.admin.revoke(realm.name, "kc-intake", secret, token)
    assert call(kc_app, token).status_code == 401


def test_an_id_token_is_not_an_access_token(kc_app, realm: Realm):
    """The web app's ID tokens carry the API's audience and the roles (as set up): still refused."""
    _, secret = realm.clients["partner-directory-web"]
    tokens = realm.admin.http.request(
        "POST",
        f"{realm.issuer}/protocol/openid-connect/token",
        fields={
            "grant_type": "password",
            "client_id": "partner-directory-web",
            "client_secret": secret,
            "username": "kc-coordinator",
            "password": PASSWORD,
            "scope": "openid",
        },
        encode_multipart=False,
    )
    import json

    body = json.loads(tokens.data)
    assert call(kc_app, body["access_token"]).status_code == 200  # the person's access token works
    r = call(kc_app, body["id_token"])
    assert r.status_code == 401 and "not an access token" in r.get_json()["detail"]


def test_keys_rotated_are_followed_and_keys_removed_stop_being_trusted(database_url, tmp_path: Path, realm: Realm):
    app = create_app(
        make_config(
            database_url, tmp_path, external=profile_for(realm, jwks_ttl=2, refetch_backoff=0.5, introspection_url="")
        )
    )
    try:
        before = realm.token("kc-intake")
        assert call(app, before).status_code == 200
        old = realm.admin.key_providers(realm.name)
        new = realm.admin.add_rsa_key(realm.name, f"rotated-{time.time_ns()}", priority=1000)
        after = realm.token("kc-intake")
        time.sleep(0.6)  # past the refetch backoff
        assert call(app, after).status_code == 200  # a new kid: the key set is fetched again
        assert call(app, before).status_code == 200  # the old key is still published
        for provider in old:
            realm.admin.remove_component(realm.name, provider["id"])
        time.sleep(2.5)  # past the key set's lifetime
        r = call(app, before)
        assert r.status_code == 401
        assert call(app, realm.token("kc-intake")).status_code == 200
        ready = app.test_client().get("/readyz").get_json()["checks"]["external_issuer"]
        assert ready["fresh"] is True and ready["keys"] >= 1
        assert new
    finally:
        app.extensions["services"].db.dispose()
