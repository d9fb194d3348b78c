"""People sign in to the web app through a real Keycloak: its own login page, over HTTP, then
back to the app's callback; the same code path as local accounts, by configuration only."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from api import create_app
from tests.browser import Browser
from tests.conftest import make_config
from tests.keycloak.conftest import PASSWORD, Realm, profile_for


@pytest.fixture
def web_app(database_url: str, tmp_path: Path, realm: Realm) -> Iterator[Flask]:
    _, secret = realm.clients["partner-directory-web"]
    config = make_config(
        database_url,
        tmp_path,
        external=profile_for(realm),
        web_oidc_issuer=realm.issuer,
        web_client_id="partner-directory-web",
        web_client_secret=secret,
    )
    app = create_app(config)
    yield app
    app.extensions["services"].db.dispose()


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def keycloak_sign_in(app_client, browser: Browser, username: str, password: str = PASSWORD):
    """The app sends the browser to Keycloak; Keycloak's login form; back to the app."""
    start = app_client.get("/app/sign-in")
    assert start.status_code == 302 and start.headers["Location"].startswith("http://127.0.0.1:8180/")
    login = browser.get(start.headers["Location"])
    if login.status_code == 302:  # Keycloak remembers a session: straight back
        return app_client.get(local(login.headers["Location"]))
    assert login.status_code == 200, login.text[:300]
    action = html.unescape(re.search(r'<form[^>]+id="kc-form-login"[^>]+action="([^"]+)"', login.text).group(1))
    back = browser.post(action, data={"username": username, "password": password, "credentialId": ""})
    assert back.status_code == 302, back.text[:500]
    assert back.headers["Location"].startswith("http://127.0.0.1:8000/app/auth/callback")
    return app_client.get(local(back.headers["Location"]))


@pytest.mark.parametrize(
    "user, role, admin_page",
    [("kc-coordinator", "coordinator", 403), ("kc-admin", "admin", 200), ("kc-partner", "partner", 403)],
)
def test_a_keycloak_user_signs_in_with_their_role(web_app, realm: Realm, user, role, admin_page):
    client = web_app.test_client()
    with Browser() as browser:
        done = keycloak_sign_in(client, browser, user)
    assert done.status_code == 302 and done.headers["Location"] == "/app/"
    home = client.get("/app/").get_data(as_text=True)
    assert role in home and realm.issuer in home and ">Sign out</button>" in home
    if role == "partner":
        assert "pumch" in home
    assert client.get("/app/admin/users").status_code == admin_page


def test_a_wrong_password_at_keycloak_never_reaches_the_app(web_app, realm: Realm):
    client = web_app.test_client()
    start = client.get("/app/sign-in")
    with Browser() as browser:
        login = browser.get(start.headers["Location"])
        action = html.unescape(re.search(r'<form[^>]+id="kc-form-login"[^>]+action="([^"]+)"', login.text).group(1))
        refused = browser.post(action, data={"username": "kc-coordinator", "password": "wrong"})
    assert refused.status_code == 200 and "Invalid username or password" in refused.text
    assert client.get("/app/").status_code == 302


def test_sign_out_ends_the_session_here_and_at_keycloak(web_app, realm: Realm):
    client = web_app.test_client()
    with Browser() as browser:
        keycloak_sign_in(client, browser, "kc-coordinator")
        page = client.get("/app/").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        out = client.post("/app/sign-out", data={"csrf_token": csrf})
        assert out.status_code == 302
        there = out.headers["Location"]
        assert there.startswith(f"{realm.issuer}/protocol/openid-connect/logout")
        assert parse_qs(urlsplit(there).query)["post_logout_redirect_uri"] == ["http://127.0.0.1:8000/app/signed-out"]
        ended = browser.get(there)
        assert ended.status_code == 302, re.findall(r"(?s)kc-feedback-text\">(.*?)<|alert[^>]*>(.*?)</", ended.text)
        assert ended.headers["Location"] == "http://127.0.0.1:8000/app/signed-out"
        assert client.get("/app/").status_code == 302
        # Keycloak's session ended too: the next sign-in asks for the password again.
        again = browser.get(client.get("/app/sign-in").headers["Location"])
        assert again.status_code == 200 and 'id="kc-form-login"' in again.text
