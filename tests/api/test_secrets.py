"""Secrets at rest and their rotation: signing keys (published before they sign, verifying
until the last token they signed has expired), webhook secrets (two signatures during the
overlap), client secrets (the old one accepted for the overlap, or not at all)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update

from api.cli import cli
from api.delivery import SIGNATURE_HEADER, Sender, verify
from api.oauth.keys import generate_signing_key
from directory.db import utcnow
from directory.identity import Identity
from directory.models import AuditEvent, OAuthClient, SigningKey, Webhook
from directory.sealing import Sealer, SealingError, new_master_key
from directory.services import Services
from directory.services.housekeeping import Retention
from tests.api.test_referrals import refer
from tests.api.test_webhooks import Receiver, drain
from tests.conftest import basic, make_config
from tests.tokens import claims_of

SYSTEM = Identity.system("tests")


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


@pytest.fixture
def config(database_url, tmp_path):
    return make_config(database_url, tmp_path, webhook_allow_private=True)


@pytest.fixture
def fresh_keys(monkeypatch):
    """Every process rereads the keys at once (instead of within a minute)."""
    monkeypatch.setattr("api.oauth.keys.KEY_REFRESH_INTERVAL", 0.0)


def new_token(client, template, principal: str, secret: str | None = None) -> tuple[int, str | None]:
    creds = template.credentials[principal]
    r = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], secret or creds["client_secret"])},
    )
    return r.status_code, r.get_json().get("access_token")


def accepted(client, token: str) -> bool:
    status = client.get("/v1/centres?page_size=1", headers={"Authorization": f"Bearer {token}"}).status_code
    assert status in (200, 401)
    return status == 200


def published(client) -> list[str]:
    return [key["kid"] for key in client.get("/.well-known/jwks.json").get_json()["keys"]]


# --- at rest --------------------------------------------------------------------------------------


def test_no_secret_is_stored_in_the_clear(app, services, as_, client):
    hook = as_("intake_a").post("/v1/webhooks", json={"url": "https://93.184.215.14/h"}).get_json()
    user, _ = services.users.create(SYSTEM, "lin.wei@example.org", "Lin Wei", "coordinator")
    seed = services.users.new_totp_secret()
    assert services.users.enroll_totp(user.id, seed, pyotp.TOTP(seed).now())
    web_secret = services.clients.web_secret()
    private = services.keys.private_jwk(services.keys.active()[0])

    with services.db.engine.connect() as connection:
        dump = " ".join(
            str(row)
            for table in ("signing_keys", "webhooks", "users", "directory_state")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    for plain in (hook["secret"], seed, web_secret, private["d"], private["p"]):
        assert plain not in dump
    assert dump.count("pd1:") >= 4
    # ... and each opens for what it is: the web app's sign-in, a TOTP code, a delivery.
    assert services.users.totp_matches(user.id, pyotp.TOTP(seed).now())
    hook_row = services.db.session().get(Webhook, hook["id"])
    assert services.webhooks.signing_secrets(hook_row) == [hook["secret"]]


def test_without_the_master_key_the_secrets_do_not_open_and_the_doctor_says_so(app, services, database_url):
    key = services.keys.active()[0]
    stranger = Services(services.db, Sealer.from_texts([new_master_key()]))
    with pytest.raises(SealingError, match="not configured"):
        stranger.keys.private_jwk(key)

    from api import create_app, doctor

    other = create_app(make_config(database_url, app.config["SETTINGS"].instance_path, secrets_key=new_master_key()))
    try:
        found = {c.name: c for c in doctor.examine(other)}
        assert found["secrets"].status == "fail" and "no configured master key" in found["secrets"].summary
        found = {c.name: c for c in doctor.examine(app)}
        assert found["secrets"].status == "ok", found["secrets"]
    finally:
        other.extensions["services"].db.dispose()


# --- signing keys -------------------------------------------------------------------------------


def test_a_rotated_key_is_published_first_signs_later_and_verifies_until_its_tokens_expire(
    app, services, client, template, fresh_keys
):
    _, before = new_token(client, template, "intake_a")
    old_kid = claims_of(before)[0]["kid"]

    new, replaced = services.keys.rotate(SYSTEM, generate_signing_key, timedelta(minutes=6), timedelta(minutes=12))
    assert replaced == old_kid
    assert set(published(client)) == {old_kid, new.kid}  # published at once ...
    _, still_old = new_token(client, template, "intake_a")
    assert claims_of(still_old)[0]["kid"] == old_kid  # ... but not signing yet
    with pytest.raises(Exception, match="does not sign yet"):
        services.keys.rotate(SYSTEM, generate_signing_key, timedelta(minutes=6), timedelta(minutes=12))

    with services.db.session() as session:  # six minutes on
        session.execute(update(SigningKey).where(SigningKey.kid == new.kid).values(not_before=utcnow()))
        session.commit()
    _, after = new_token(client, template, "intake_a")
    assert claims_of(after)[0]["kid"] == new.kid
    assert accepted(client, before) and accepted(client, after)  # the old key still verifies
    assert [(k.kid, k.state) for k in services.keys.states()] == [(new.kid, "signing"), (old_kid, "verifying")]

    with services.db.session() as session:  # and past the overlap
        session.execute(update(SigningKey).where(SigningKey.kid == old_kid).values(retire_after=utcnow()))
        session.commit()
    assert not accepted(client, before) and accepted(client, after)
    assert published(client) == [new.kid]

    services.housekeeping.prune(SYSTEM, Retention())
    with services.db.session() as session:
        old = session.get(SigningKey, old_kid)
        assert old.retired_at is not None and old.sealed_private_key is None  # its private half is gone
        assert old.public_jwk["kid"] == old_kid
        rotation = session.scalar(select(AuditEvent).where(AuditEvent.action == "key.rotate"))
        assert rotation.entity_id == new.kid and rotation.changes["replaces"] == old_kid


def run(app, *args: str) -> str:
    """A command of the CLI, run inside ``app`` (its settings and database)."""
    with app.app_context():
        result = CliRunner().invoke(cli, list(args), obj=app)
    assert result.exit_code == 0, result.output
    return result.output


def test_keys_rotate_and_list_from_the_command_line(app, services):
    before = services.keys.active()[0].kid
    output = run(app, "keys", "rotate")
    assert "published now, signs from" in output and f"old key {before}: verifies until" in output
    listed = run(app, "keys", "list").splitlines()
    states = {line.split()[0]: line.split()[1] for line in listed[1:]}
    assert states[before] == "signing" and list(states.values()).count("published") == 1
    new = next(kid for kid, state in states.items() if state == "published")
    with services.db.session() as session:
        key = session.get(SigningKey, new)
        ttl = app.config["SETTINGS"].access_token_ttl
        # Published ahead of the JWKS cache (5 min) and the key reread (1 min); the old key
        # verifies for the token lifetime, the reread and a margin after the switch.
        assert key.not_before - key.created_at >= timedelta(seconds=300)
        old = session.get(SigningKey, before)
        assert old.retire_after - key.not_before >= timedelta(seconds=ttl + 60)


def test_a_new_master_key_reseals_every_secret(app, services, as_, database_url, tmp_path):
    hook = as_("partner_a").post("/v1/webhooks", json={"url": "https://93.184.215.14/h"}).get_json()
    web_secret = services.clients.web_secret()
    old_key = app.config["SETTINGS"].secrets_key
    new_key = new_master_key()
    from api import create_app

    both = create_app(make_config(database_url, tmp_path, secrets_key=f"{new_key},{old_key}"))
    try:
        output = run(both, "secrets", "reseal")
        assert '"signing_keys": 1' in output and '"webhooks": 1' in output
    finally:
        both.extensions["services"].db.dispose()
    only_new = Services(services.db, Sealer.from_texts([new_key]))
    assert only_new.keys.private_jwk(only_new.keys.active()[0])["kty"] == "RSA"
    with services.db.session() as session:
        assert only_new.webhooks.signing_secrets(session.get(Webhook, hook["id"])) == [hook["secret"]]
    assert only_new.clients.web_secret() == web_secret
    with pytest.raises(SealingError):  # the old key alone opens nothing any more
        services.keys.private_jwk(services.keys.active()[0])
    assert only_new.keys.sealed_by_key() == {only_new.sealer.current_id: 3}


# --- webhook secrets ----------------------------------------------------------------------------


def test_a_rotated_webhook_secret_signs_beside_the_new_one_for_the_overlap(app, services, as_, receiver):
    sender = Sender(services, allow_private=True)
    intake = as_("intake_a")
    hook = intake.post("/v1/webhooks", json={"url": receiver.url("/h")}).get_json()

    r = intake.post(f"/v1/webhooks/{hook['id']}/secret", json={})
    assert r.status_code == 200, r.get_json()
    rotated = r.get_json()
    assert rotated["id"] == hook["id"] and rotated["secret"] != hook["secret"]
    assert rotated["previous_secret_until"] is not None  # a day, unless told otherwise

    refer(as_, status="draft")
    drain(sender)
    record = receiver.received[-1]
    header = record["headers"][SIGNATURE_HEADER]
    assert header.count("v1=") == 2
    assert verify(rotated["secret"], header, record["body"]) and verify(hook["secret"], header, record["body"])

    with services.db.session() as session:  # the day is over
        session.execute(update(Webhook).values(previous_secret_until=utcnow()))
        session.commit()
    refer(as_, status="draft")
    drain(sender)
    record = receiver.received[-1]
    header = record["headers"][SIGNATURE_HEADER]
    assert header.count("v1=") == 1
    assert verify(rotated["secret"], header, record["body"]) and not verify(hook["secret"], header, record["body"])

    leaked = intake.post(f"/v1/webhooks/{hook['id']}/secret", json={"overlap_seconds": 0}).get_json()
    assert leaked["previous_secret_until"] is None
    refer(as_, status="draft")
    drain(sender)
    header = receiver.received[-1]["headers"][SIGNATURE_HEADER]
    assert header.count("v1=") == 1 and not verify(rotated["secret"], header, receiver.received[-1]["body"])


def test_only_the_owner_rotates_a_webhook_secret_within_a_week(as_, services):
    hook = as_("intake_a").post("/v1/webhooks", json={"url": "https://93.184.215.14/h"}).get_json()
    assert as_("intake_b").post(f"/v1/webhooks/{hook['id']}/secret", json={}).status_code == 404
    assert as_("coordinator").post(f"/v1/webhooks/{hook['id']}/secret", json={}).status_code == 403
    for wrong in (8 * 86400, -1, 2.5e-42, 60.5, "60", True, None):
        r = as_("intake_a").post(f"/v1/webhooks/{hook['id']}/secret", json={"overlap_seconds": wrong})
        assert r.status_code == 422 and "overlap_seconds" in str(r.get_json()["errors"]), wrong
    with services.db.session() as session:  # nothing was rotated by what was refused
        assert services.webhooks.signing_secrets(session.get(Webhook, hook["id"])) == [hook["secret"]]
    whole = as_("intake_a").post(f"/v1/webhooks/{hook['id']}/secret", json={"overlap_seconds": 60.0})
    assert whole.status_code == 200, whole.get_json()  # 60.0 is an integer, as JSON Schema says
    assert whole.get_json()["secret"] != hook["secret"]


# --- client secrets -----------------------------------------------------------------------------


def test_an_admin_rotates_a_client_secret_with_an_overlap_or_at_once(app, services, as_, client, template):
    client_id = template.credentials["intake_a"]["client_id"]
    admin = as_("admin")

    r = admin.post(f"/v1/clients/{client_id}/secret", json={"overlap_seconds": 3600})
    assert r.status_code == 200, r.get_json()
    first = r.get_json()
    assert first["client_id"] == client_id and first["previous_secret_until"] is not None
    assert new_token(client, template, "intake_a", first["client_secret"])[0] == 200
    assert new_token(client, template, "intake_a")[0] == 200  # the old one, within the hour

    with services.db.session() as session:
        session.execute(
            update(OAuthClient).where(OAuthClient.client_id == client_id).values(previous_secret_until=utcnow())
        )
        session.commit()
    assert new_token(client, template, "intake_a")[0] in (400, 401)  # the hour is over

    second = admin.post(f"/v1/clients/{client_id}/secret", json={}).get_json()
    assert second["previous_secret_until"] is None
    assert new_token(client, template, "intake_a", first["client_secret"])[0] in (400, 401)  # at once
    assert new_token(client, template, "intake_a", second["client_secret"])[0] == 200
    with services.db.session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == client_id)).all()
    assert actions.count("client.rotate") == 2


def test_only_admins_rotate_client_secrets(as_, template):
    client_id = template.credentials["intake_b"]["client_id"]
    for principal in ("coordinator", "partner_a", "intake_a", "intake_b"):
        assert as_(principal).post(f"/v1/clients/{client_id}/secret", json={}).status_code == 403
    assert as_("admin").post("/v1/clients/intake-0000000000000000/secret", json={}).status_code == 404
    assert as_(None).post(f"/v1/clients/{client_id}/secret", json={}).status_code == 401


def test_clients_rotate_from_the_command_line_keeps_the_old_secret_for_the_overlap(app, client, template):
    client_id = template.credentials["partner_a"]["client_id"]
    output = run(app, "clients", "rotate", client_id, "--overlap", "600")
    secret = output.split("client_secret:")[1].split()[0]
    assert "the old one works until" in output
    assert new_token(client, template, "partner_a", secret)[0] == 200
    assert new_token(client, template, "partner_a")[0] == 200
