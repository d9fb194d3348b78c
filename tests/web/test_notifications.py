"""E-mail notifications: the right people hear of new referrals, status changes and messages,
once each, through a real SMTP server (aiosmtpd on loopback) or the mailbox folder, with
retries; and each person sees theirs in the app."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from api.delivery import Sender
from api.mail import Mailer
from directory.db import utcnow
from directory.models import Notification
from tests.web.test_pages import csrf, refer

PUBLIC = "http://directory.example"


class Inbox:
    """What the SMTP server was handed."""

    def __init__(self) -> None:
        self.mails: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.mails.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drain(sender: Sender) -> None:
    while sender.run_once():
        pass


def mailbox(folder: Path) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


def to(mails, address: str) -> list[str]:
    """The subjects of the mails to one address (unfolded), sorted."""
    return sorted(str(m["Subject"]).strip() for m in mails if m["To"] == address)


@pytest.fixture
def people(as_person):
    return {
        "coordinator": as_person("coordinator"),
        "staff": as_person("partner", "pumch"),
        "colleague": as_person("partner", "pumch", name="2"),
        "elsewhere": as_person("partner", "sysucc"),
    }


COORDINATOR = "coordinator.all@people.example"
STAFF, COLLEAGUE, ELSEWHERE = (
    "partner.pumch@people.example",
    "partner2.pumch@people.example",
    "partner.sysucc@people.example",
)


def test_each_event_reaches_the_right_people_once(app, people, tmp_path):
    services = app.extensions["services"]
    sender = Sender(services, mailer=Mailer("PD <pd@example.org>", PUBLIC, mailbox=tmp_path / "mail"))
    path = refer(people["coordinator"], "pumch", "MAIL-1").headers["Location"]
    drain(sender)
    mails = mailbox(tmp_path / "mail")
    new = "New referral MAIL-1 to Peking Union Medical College Hospital"
    assert to(mails, STAFF) == [new] and to(mails, COLLEAGUE) == [new]
    assert to(mails, COORDINATOR) == [] and to(mails, ELSEWHERE) == []  # the sender, another centre

    staff = people["staff"]
    version = services.referrals.get(_system(), path.rsplit("/", 1)[1]).version
    staff.post(f"{path}/transition", data={"csrf_token": csrf(staff), "version": version, "to": "received"})
    staff.post(f"{path}/messages", data={"csrf_token": csrf(staff), "body": "Which MRI sequences do you have?"})
    drain(sender)
    drain(sender)  # again: nothing new, nothing twice
    mails = mailbox(tmp_path / "mail")
    received = "Referral MAIL-1 to Peking Union Medical College Hospital is received"
    message = "New message on referral MAIL-1 to Peking Union Medical College Hospital"
    assert to(mails, COORDINATOR) == sorted([received, message])
    assert to(mails, COLLEAGUE) == sorted([new, received, message])
    assert to(mails, STAFF) == [new]  # not of what they did themselves
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == len(mails) == 6
    body = next(m for m in mails if str(m["Subject"]).strip() == message).get_content()
    assert "Which MRI sequences" not in body  # the text stays behind sign-in
    assert f"{PUBLIC}/app/referrals/" in body


def test_mail_goes_through_a_real_smtp_server(app, people):
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        services = app.extensions["services"]
        mailer = Mailer("PD <pd@example.org>", PUBLIC, smtp_url=f"smtp://127.0.0.1:{server.port}")
        refer(people["coordinator"], "pumch", "MAIL-2")
        drain(Sender(services, mailer=mailer))
    finally:
        server.stop()
    assert sorted(m["To"] for m in inbox.mails) == sorted([STAFF, COLLEAGUE])
    with services.db.session() as session:
        sent = {n.email: n for n in session.scalars(select(Notification))}
    for mail in inbox.mails:
        assert mail["Message-ID"] == f"<{sent[mail['To']].id}@directory.example>"  # receivers drop repeats
        assert mail["From"] == "PD <pd@example.org>"
        assert sent[mail["To"]].status == "delivered"


def test_a_mail_server_that_is_down_is_retried_until_it_takes_the_mail(app, people):
    services = app.extensions["services"]
    port = free_port()
    sender = Sender(services, mailer=Mailer("PD <pd@example.org>", PUBLIC, smtp_url=f"smtp://127.0.0.1:{port}"))
    refer(people["coordinator"], "pumch", "MAIL-3")
    drain(sender)  # nobody listens yet
    with services.db.session() as session:
        waiting = list(session.scalars(select(Notification)))
    assert waiting and all(n.status == "pending" and n.attempts == 1 and n.last_error for n in waiting)
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with services.db.session() as session:  # skip the wait: make the retry due now
            session.execute(update(Notification).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            session.commit()
        drain(sender)
    finally:
        server.stop()
    assert len(inbox.mails) == len(waiting)
    with services.db.session() as session:
        assert all(n.status == "delivered" and n.attempts == 2 for n in session.scalars(select(Notification)))


def test_people_see_their_own_notifications_in_the_app(app, people, tmp_path):
    services = app.extensions["services"]
    refer(people["coordinator"], "pumch", "MAIL-4")
    drain(Sender(services, mailer=Mailer("PD <pd@example.org>", PUBLIC, mailbox=tmp_path / "mail")))
    mine = people["staff"].get("/app/notifications").get_data(as_text=True)
    assert "New referral MAIL-4" in mine and "sent" in mine
    assert "MAIL-4" not in people["elsewhere"].get("/app/notifications").get_data(as_text=True)


def _system():
    from directory.identity import Identity

    return Identity.system("tests")


# --- people of an external identity provider ----------------------------------------------------

PROVIDER = "https://idp.example/realms/partners"


def signed_in_at_provider(app, subject: str, role: str, centre: str | None, address: str, name: str = "Ext"):
    """A browser whose session an external provider started (as the sign-in callback does)."""
    from directory.services.sessions import Person

    services = app.extensions["services"]
    person = Person(PROVIDER, subject, "partner-directory-web", role, centre, address, name)
    sid = services.sessions.activate(services.sessions.begin({}), person, None)
    client = app.test_client()
    client.set_cookie("pd_session", sid)
    return client


def test_people_of_an_external_provider_are_told_too(app, people, tmp_path):
    services = app.extensions["services"]
    sender = Sender(services, mailer=Mailer("PD <pd@example.org>", PUBLIC, mailbox=tmp_path / "mail"))
    coordinator = signed_in_at_provider(app, "kc-coord-1", "coordinator", None, "Coord@Provider.example")
    signed_in_at_provider(app, "kc-staff-1", "partner", "pumch", "staff@provider.example")
    path = refer(coordinator, "pumch", "EXT-1").headers["Location"]
    drain(sender)
    new = "New referral EXT-1 to Peking Union Medical College Hospital"
    assert to(mailbox(tmp_path / "mail"), "staff@provider.example") == [new]  # the provider's staff of pumch
    assert to(mailbox(tmp_path / "mail"), STAFF) == [new]  # and the local staff
    staff = people["staff"]
    version = services.referrals.get(_system(), path.rsplit("/", 1)[1]).version
    staff.post(f"{path}/transition", data={"csrf_token": csrf(staff), "version": version, "to": "received"})
    drain(sender)
    received = "Referral EXT-1 to Peking Union Medical College Hospital is received"
    assert to(mailbox(tmp_path / "mail"), "coord@provider.example") == [received]  # who referred it
    page = coordinator.get("/app/notifications").get_data(as_text=True)
    assert received in page and "coord@provider.example" in page.lower()


def test_a_provider_person_is_remembered_once_as_last_vouched_for(app, as_person):
    from tests.people import ADMIN

    users = app.extensions["services"].users
    signed_in_at_provider(app, "kc-7", "coordinator", None, "seven@provider.example", "Seven")
    signed_in_at_provider(app, "kc-7", "partner", "sysucc", "seven@provider.example", "Seven Renamed")
    signed_in_at_provider(app, "kc-8", "partner", "no-such-centre", "eight@provider.example")  # nothing to tell
    [seven] = [u for u in users.external(ADMIN) if u.subject == "kc-7"]
    assert (seven.name, seven.role, seven.centre.slug, seven.issuer) == ("Seven Renamed", "partner", "sysucc", PROVIDER)
    assert [u.subject for u in users.external(ADMIN)] == ["kc-7"]
    assert all(u.issuer == "local" for u in users.list(ADMIN))  # local accounts stay apart
    page = as_person("admin").get("/app/admin/users").get_data(as_text=True)
    assert "seven@provider.example" in page and PROVIDER in page


def test_a_local_account_and_a_provider_person_may_share_an_address(app):
    from tests.people import ADMIN, PASSWORD

    users = app.extensions["services"].users
    signed_in_at_provider(app, "kc-9", "coordinator", None, "both@people.example")
    user, token = users.create(ADMIN, "both@people.example", "Both", "coordinator")
    users.set_password(token, PASSWORD)
    signed = users.check_password("web", "both@people.example", PASSWORD)
    assert signed.user is not None and signed.user.issuer == "local" and signed.user.id == user.id
