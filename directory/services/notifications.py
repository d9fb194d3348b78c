"""E-mail notifications: people learn of new referrals, status changes and messages without
polling. The fan-out (see :mod:`directory.services.events`) makes one notification per event and
person, exactly once; the sender (api.delivery) hands each to the mail server until it takes
it, with backoff. The app lists a person's notifications too.

Who hears of what: the staff of the centre a referral is sent to, and the person who sent it,
except the person who caused the event; people with local accounts, and people of an external
identity provider as it last vouched for them (remembered at sign-in: see users.remember).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from directory.db import utcnow
from directory.identity import Identity
from directory.models import Notification, User
from directory.services.base import DeliveryCounts, Service, delivery_counts
from directory.services.centres import Page
from directory.services.events import MESSAGE, Event

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=30)


def notifications_for(session: Session, outbox_id: int, event: Event) -> list[Notification]:
    referral = event.referral
    who = [(User.issuer == referral.requester_issuer) & (User.subject == referral.requester_client_id)]
    if event.centre_may_know:
        who.append((User.role == "partner") & (User.centre_id == referral.centre_id))
    people = session.scalars(select(User).where(or_(*who), User.disabled_at.is_(None)).order_by(User.id))
    subject, body = words(event)
    return [
        Notification(
            id=secrets.token_hex(16),
            outbox_id=outbox_id,
            user_id=person.id,
            email=person.email,
            event=event.kind,
            referral_id=referral.id,
            subject=subject,
            body=body,
        )
        for person in people
        if (person.issuer, person.subject) != event.actor
    ]


def words(event: Event) -> tuple[str, str]:
    """The subject and text of an event's e-mail: what happened, never the case's details
    beyond its reference and site (the link opens the rest, behind sign-in)."""
    referral = event.referral
    name = f"referral {referral.external_ref} to {referral.centre.name}"
    if event.kind == MESSAGE and event.message is not None:
        side = "the centre" if event.message.side == "centre" else "the coordinators"
        return f"New message on {name}", f"A new message from {side} on {name}."
    step = event.step
    assert step is not None
    if step.from_status is None or step.to_status == "requested":
        subject = f"New {name}"
        text = f"A new referral was sent to {referral.centre.name}: {referral.external_ref}, "
        text += f"lesion site {referral.profile.get('lesion_site', 'not stated')}."
    else:
        subject = f"{name[0].upper()}{name[1:]} is {step.to_status}"
        text = f"The {name} moved from {step.from_status} to {step.to_status}"
        text += f" ({step.reason_code})." if step.reason_code else "."
    return subject, text


@dataclass
class NotificationService(Service):
    def counts(self) -> DeliveryCounts:
        """Deliveries per status, and those that failed for good in the last day."""
        return delivery_counts(self.db, Notification)

    def mine(self, identity: Identity, page: int = 1, page_size: int = 20) -> Page:
        """A signed-in person's notifications, newest first."""
        if identity.user is None:
            return Page([], 0, page, page_size)
        with self.db.session() as session:
            person = select(User.id).where(User.issuer == identity.issuer, User.subject == identity.user)
            query = select(Notification).where(Notification.user_id.in_(person))
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = list(
                session.scalars(
                    query.order_by(Notification.created_at.desc(), Notification.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                )
            )
        return Page(rows, total, page, page_size)

    @contextmanager
    def due(self, limit: int = 50) -> Iterator[list[Notification]]:
        """Notifications to send now, claimed until the block ends (then their outcomes commit)."""
        with self.db.session() as session:
            query = (
                select(Notification)
                .where(Notification.status == "pending", Notification.next_attempt_at <= utcnow())
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(limit)
            )
            if self.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            try:
                yield list(session.scalars(query))
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @staticmethod
    def settle(notification: Notification, error: str | None) -> None:
        """Sent when the mail server took it; else try again later, or give up."""
        now = utcnow()
        notification.attempts += 1
        notification.last_error = error
        if error is None:
            notification.status = "delivered"
            notification.sent_at = now
        elif notification.attempts >= MAX_ATTEMPTS:
            notification.status = "failed"
        else:
            notification.next_attempt_at = now + min(BACKOFF_BASE * 2 ** (notification.attempts - 1), MAX_BACKOFF)
