"""Webhooks: status changes reach a real local receiver, signed, retried, logged, isolated."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import update

from api import create_app
from api.delivery import SIGNATURE_HEADER, Sender, verify
from directory.db import utcnow
from directory.models import WebhookDelivery
from tests.api.test_referrals import move, refer
from tests.conftest import Caller, make_config


class Receiver:
    """An HTTP endpoint on loopback that records what it is sent, and fails when told to."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail_next = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def events(self, path: str) -> list[dict]:
        return [json.loads(r["body"]) for r in self.received if r["path"] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


@pytest.fixture
def app(database_url: str, tmp_path: Path):
    """The app, allowed to call loopback webhooks (the receiver runs there)."""
    app = create_app(make_config(database_url, tmp_path, webhook_allow_private=True))
    yield app
    app.extensions["services"].db.dispose()


@pytest.fixture
def sender(app) -> Sender:
    return Sender(app.extensions["services"], allow_private=True)


def drain(sender: Sender) -> None:
    while sender.run_once():
        pass


def register(as_, principal: str, url: str) -> dict:
    r = as_(principal).post("/v1/webhooks", json={"url": url})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_status_changes_reach_the_requester_and_the_centre(as_, receiver, sender):
    intake_hook = register(as_, "intake_a", receiver.url("/intake"))
    centre_hook = register(as_, "partner_a", receiver.url("/centre"))
    other_hook = register(as_, "partner_b", receiver.url("/other-centre"))
    referral = refer(as_, status="draft")
    for to, who in (("requested", "intake_a"), ("received", "partner_a"), ("accepted", "partner_a")):
        referral = move(as_, who, referral, to)
    drain(sender)

    to_intake = receiver.events("/intake")
    to_centre = receiver.events("/centre")
    assert [e["transition"]["to"] for e in to_intake] == ["draft", "requested", "received", "accepted"]
    assert [e["transition"]["to"] for e in to_centre] == ["requested", "received", "accepted"]  # no draft
    assert receiver.events("/other-centre") == []
    assert all(e["referral"]["external_ref"] == referral["external_ref"] for e in to_intake)
    assert all("external_ref" not in e["referral"] for e in to_centre)
    assert [e["referral"]["version"] for e in to_intake] == [1, 2, 3, 4]
    for record in receiver.received:
        secret = intake_hook["secret"] if record["path"] == "/intake" else centre_hook["secret"]
        assert verify(secret, record["headers"][SIGNATURE_HEADER], record["body"])
        assert not verify(other_hook["secret"], record["headers"][SIGNATURE_HEADER], record["body"])
        assert record["headers"]["Partner-Directory-Delivery"] == json.loads(record["body"])["delivery_id"]


def test_a_failing_receiver_is_retried_until_it_answers(as_, receiver, sender, app):
    hook = register(as_, "intake_a", receiver.url("/flaky"))
    receiver.fail_next = 2
    refer(as_)
    services = app.extensions["services"]
    for _ in range(3):
        drain(sender)
        with services.db.session() as session:  # skip the wait: make the retry due now
            session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            session.commit()
    assert len(receiver.events("/flaky")) == 1
    log = as_("intake_a").get(f"/v1/webhooks/{hook['id']}/deliveries").get_json()
    (delivery,) = log["items"]
    assert delivery["status"] == "delivered" and delivery["attempts"] == 3
    assert [a["status_code"] for a in delivery["attempts_log"]] == [503, 503, 204]


def test_a_delivery_that_never_succeeds_gives_up(as_, receiver, sender, app):
    from directory.services.webhooks import MAX_ATTEMPTS

    hook = register(as_, "intake_a", receiver.url("/down"))
    receiver.fail_next = MAX_ATTEMPTS + 5
    refer(as_)
    services = app.extensions["services"]
    for _ in range(MAX_ATTEMPTS + 2):
        drain(sender)
        with services.db.session() as session:
            session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            session.commit()
    (delivery,) = as_("intake_a").get(f"/v1/webhooks/{hook['id']}/deliveries").get_json()["items"]
    assert delivery["status"] == "failed" and delivery["attempts"] == MAX_ATTEMPTS


def test_fan_out_twice_makes_no_second_delivery(as_, receiver, sender, app):
    register(as_, "intake_a", receiver.url("/once"))
    refer(as_)
    services = app.extensions["services"]
    assert services.webhooks.fan_out(services.outbox) == 1
    assert services.webhooks.fan_out(services.outbox) == 0
    drain(sender)
    assert len(receiver.events("/once")) == 1


def test_hooks_and_logs_are_private_to_their_client(as_, receiver):
    hook = register(as_, "intake_a", receiver.url("/mine"))
    assert [h["id"] for h in as_("intake_a").get("/v1/webhooks").get_json()] == [hook["id"]]
    assert as_("intake_b").get("/v1/webhooks").get_json() == []
    assert as_("intake_b").get(f"/v1/webhooks/{hook['id']}/deliveries").status_code == 404
    assert as_("intake_b").delete(f"/v1/webhooks/{hook['id']}").status_code == 404
    assert as_("coordinator").get("/v1/webhooks").status_code == 403  # coordinators have no hooks
    assert "secret" not in as_("intake_a").get("/v1/webhooks").get_json()[0]
    assert as_("intake_a").delete(f"/v1/webhooks/{hook['id']}").status_code == 204
    assert as_("intake_a").get("/v1/webhooks").get_json() == []


def test_private_addresses_are_refused_by_default(database_url, tmp_path, token):
    default = create_app(make_config(database_url, tmp_path))  # WEBHOOK_ALLOW_PRIVATE off
    try:
        caller = Caller(default.test_client(), token("intake_a"))
        for url in ("http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://169.254.169.254/meta", "http://localhost/x"):
            r = caller.post("/v1/webhooks", json={"url": url})
            assert r.status_code == 422, url
            assert r.get_json()["errors"][0]["pointer"] == "/url"
        assert caller.post("/v1/webhooks", json={"url": "ftp://example.org/x"}).status_code == 422
    finally:
        default.extensions["services"].db.dispose()


def test_messages_reach_webhooks_as_thin_events(as_, receiver, sender):
    register(as_, "intake_a", receiver.url("/intake"))
    register(as_, "partner_a", receiver.url("/centre"))
    referral = refer(as_)
    sent = as_("partner_a").post(f"/v1/referrals/{referral['id']}/messages", json={"body": "Bring the MRI."})
    assert sent.status_code == 201, sent.get_json()
    drain(sender)
    for path in ("/intake", "/centre"):
        (event,) = [e for e in receiver.events(path) if e["event"] == "referral.message"]
        assert event["message"] == {"id": sent.get_json()["id"], "side": "centre", "at": event["message"]["at"]}
        assert event["referral"]["id"] == referral["id"] and "Bring the MRI." not in json.dumps(event)
