"""People sign in to the web app with local accounts: the real pages, over HTTP (Flask's test
client keeps the cookies a browser would), through the built-in server's authorization code
flow with PKCE; sessions on the server, CSRF, timeouts, lockout, one-time password links and a
second factor."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import update

from api import create_app
from directory.db import utcnow
from directory.models import WebSession
from directory.secrets import token_hash
from tests.conftest import make_config
from tests.people import ADMIN, PASSWORD, field, local, make_person, sign_in


@pytest.fixture
def people_app(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path))
    yield app
    app.extensions["services"].db.dispose()


def test_a_coordinator_signs_in_sees_their_page_and_signs_out(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    assert client.get("/app/").headers["Location"].startswith("/app/sign-in")
    done = sign_in(client, email)
    assert done.status_code == 302 and done.headers["Location"] == "/app/"
    cookie = done.headers["Set-Cookie"]
    assert "pd_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    home = client.get("/app/").get_data(as_text=True)
    assert "Coordinator Person" in home and "coordinator" in home and ">Sign out</button>" in home
    assert "access_token" not in home and "eyJ" not in home  # no token reaches the browser
    out = client.post("/app/sign-out", data={"csrf_token": field(home, "csrf_token")})
    assert out.status_code == 302 and out.headers["Location"] == "/app/signed-out"
    assert client.get("/app/").status_code == 302  # the session is gone
    actions = [e["action"] for e in audit(services)]
    assert {"user.sign-in", "session.start", "session.end"} <= set(actions)


def test_the_session_id_changes_at_sign_in(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    start = client.get("/app/sign-in")
    before = re.search(r"pd_session=([^;]+)", start.headers["Set-Cookie"]).group(1)
    form = client.get(local(start.headers["Location"])).get_data(as_text=True)
    back = client.post(
        local(start.headers["Location"]),
        data={"email": email, "password": PASSWORD, "form_token": field(form, "form_token")},
    )
    done = client.get(local(back.headers["Location"]))
    after = re.search(r"pd_session=([^;]+)", done.headers["Set-Cookie"]).group(1)
    assert after != before


def test_a_wrong_password_or_unknown_email_says_the_same_and_five_in_a_row_lock(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    unknown = sign_in(client, "nobody@people.example")
    wrong = sign_in(client, email, "not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    assert "The email or the password is not right." in unknown.get_data(as_text=True)
    assert "The email or the password is not right." in wrong.get_data(as_text=True)
    for _ in range(4):
        last = sign_in(client, email, "still not the password")
    assert "locked" in last.get_data(as_text=True)
    locked = sign_in(client, email)  # the right password, while locked
    assert locked.status_code == 401 and "locked" in locked.get_data(as_text=True)
    events = audit(services)
    assert any(e["action"] == "user.lockout" for e in events)
    assert sum(1 for e in events if e["action"] == "user.sign-in" and e["outcome"] == "denied") >= 6
    with services.db.session() as session:  # the lock passes
        from directory.models import User

        session.execute(update(User).where(User.email == email).values(locked_until=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert sign_in(client, email).status_code == 302


def test_pkce_s256_is_required_and_plain_refused(people_app):
    client = people_app.test_client()
    start = client.get("/app/sign-in")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    base = {k: v[0] for k, v in query.items() if not k.startswith("code_challenge")}
    from urllib.parse import urlencode

    without = client.get("/oauth/authorize?" + urlencode(base))
    plain = client.get(
        "/oauth/authorize?" + urlencode({**base, "code_challenge": "x" * 43, "code_challenge_method": "plain"})
    )
    for refused in (without, plain):
        assert refused.status_code == 302
        error = parse_qs(urlsplit(refused.headers["Location"]).query)
        assert error["error"] == ["invalid_request"] and error["state"] == [base["state"]]


def test_a_code_without_its_verifier_or_used_twice_is_refused(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    start = client.get("/app/sign-in")
    authorize = local(start.headers["Location"])
    form = client.get(authorize).get_data(as_text=True)
    back = client.post(authorize, data={"email": email, "password": PASSWORD, "form_token": field(form, "form_token")})
    code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    oauth = people_app.extensions["oauth"]
    auth = (oauth.web.client_id, oauth.web.secret)
    import base64

    basic = {"Authorization": "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()}
    r = client.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": oauth.web.redirect_uri},
        headers=basic,
    )
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_request"
    assert client.get(local(back.headers["Location"])).status_code == 302  # the app's own exchange works once
    again = client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": oauth.web.redirect_uri,
            "code_verifier": "x" * 43,
        },
        headers=basic,
    )
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"


def test_forms_need_their_csrf_tokens(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    sign_in(client, email)
    assert client.post("/app/sign-out").status_code == 403
    assert client.post("/app/sign-out", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/app/").status_code == 200  # still signed in
    fresh = people_app.test_client()
    start = fresh.get("/app/sign-in")
    login = fresh.post(local(start.headers["Location"]), data={"email": email, "password": PASSWORD})
    assert login.status_code == 400  # no form token: no login CSRF


@pytest.mark.parametrize("which", ["idle", "absolute"])
def test_sessions_time_out(people_app, which):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    done = sign_in(client, email)
    sid = re.search(r"pd_session=([^;]+)", done.headers["Set-Cookie"]).group(1)
    past = utcnow() - timedelta(hours=13)
    values = {"last_seen_at": past} if which == "idle" else {"expires_at": utcnow() - timedelta(seconds=1)}
    with services.db.session() as session:
        session.execute(update(WebSession).where(WebSession.id_hash == token_hash(sid)).values(**values))
        session.commit()
    assert client.get("/app/").status_code == 302
    ended = [e for e in audit(services) if e["action"] == "session.end"]
    assert ended and ended[0]["reason"] == f"{which} timeout"


def test_a_disabled_account_is_signed_out_at_once(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    client = people_app.test_client()
    sign_in(client, email)
    services.users.disable(ADMIN, email)
    assert client.get("/app/").status_code == 302
    assert sign_in(client, email).status_code == 401


def test_roles_reach_only_their_pages(people_app):
    services = people_app.extensions["services"]
    admin, coordinator = make_person(services, "admin"), make_person(services)
    partner = make_person(services, "partner", centre="pumch")
    for email, allowed in ((admin, 200), (coordinator, 403), (partner, 403)):
        client = people_app.test_client()
        sign_in(client, email)
        assert client.get("/app/admin/users").status_code == allowed, email
    client = people_app.test_client()
    sign_in(client, partner)
    assert "pumch" in client.get("/app/").get_data(as_text=True)


def test_a_password_link_works_once_and_a_reset_stops_the_old_password(people_app):
    services = people_app.extensions["services"]
    _, token = services.users.create(ADMIN, "new@people.example", "New Person", "coordinator")
    client = people_app.test_client()
    page = client.get(f"/app/password/{token}").get_data(as_text=True)
    assert 'for="password">New password<' in page
    short = client.post(f"/app/password/{token}", data={"password": "short", "password_again": "short"})
    assert short.status_code == 422
    ok = client.post(f"/app/password/{token}", data={"password": PASSWORD, "password_again": PASSWORD})
    assert ok.status_code == 200
    assert client.get(f"/app/password/{token}").status_code == 404  # used up
    assert sign_in(client, "new@people.example").status_code == 302
    services.users.reset(ADMIN, "new@people.example")
    assert sign_in(people_app.test_client(), "new@people.example").status_code == 401


def test_only_local_paths_after_sign_in(people_app):
    services = people_app.extensions["services"]
    email = make_person(services)
    done = sign_in(people_app.test_client(), email, next="https://evil.example/steal")
    assert done.headers["Location"] == "/app/"


def test_no_person_is_intake_and_a_partner_needs_a_centre(people_app):
    from directory.errors import InvalidInput

    services = people_app.extensions["services"]
    with pytest.raises(InvalidInput):
        services.users.create(ADMIN, "bot@people.example", "Bot", "intake")
    with pytest.raises(InvalidInput):
        services.users.create(ADMIN, "staff@people.example", "Staff", "partner")


def test_a_second_factor_when_the_role_requires_it(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, web_totp_roles=frozenset({"coordinator"})))
    try:
        services = app.extensions["services"]
        email = make_person(services)
        client = app.test_client()
        done = sign_in(client, email)
        assert done.headers["Location"] == "/app/security/second-factor"
        assert client.get("/app/").headers["Location"] == "/app/security/second-factor"  # nothing else first
        page = client.get("/app/security/second-factor").get_data(as_text=True)
        secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
        wrong = client.post(
            "/app/security/second-factor", data={"csrf_token": field(page, "csrf_token"), "code": "000000"}
        )
        assert wrong.status_code == 422
        right = client.post(
            "/app/security/second-factor",
            data={"csrf_token": field(page, "csrf_token"), "code": pyotp.TOTP(secret).now()},
        )
        assert right.headers["Location"] == "/app/"
        assert client.get("/app/").status_code == 200
        again = app.test_client()
        assert sign_in(again, email).status_code == 401  # the code is now required
        assert sign_in(again, email, code=pyotp.TOTP(secret).now()).status_code == 302
    finally:
        app.extensions["services"].db.dispose()


def test_the_cli_prints_links_never_passwords(people_app, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from api.cli import cli

    settings = people_app.config["SETTINGS"]
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    made = runner.invoke(cli, ["users", "create", "--email", "cli@people.example", "--name", "Cli", "--role", "admin"])
    assert made.exit_code == 0 and "/app/password/" in made.output
    reset = runner.invoke(cli, ["users", "reset", "cli@people.example"])
    assert reset.exit_code == 0 and "/app/password/" in reset.output
    listed = runner.invoke(cli, ["users", "list"])
    assert '"no password yet"' in listed.output and "hash" not in listed.output
    assert runner.invoke(cli, ["users", "disable", "cli@people.example"]).exit_code == 0


def audit(services) -> list[dict]:
    from sqlalchemy import select

    from directory.models import AuditEvent

    with services.db.session() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
        return [{"action": r.action, "outcome": r.outcome, "reason": r.reason, "role": r.role} for r in rows]
