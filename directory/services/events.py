"""Referral events, from the outbox to everyone who should hear of them.

A referral's change commits an outbox row in the same transaction: topic ``referral`` for a
status change (its version names the timeline step) and ``message`` for a message (its version
is the message's id). The fan-out reads each row as an :class:`Event` and, in the transaction
that settles the row, makes one webhook delivery per client that listens and one e-mail
notification per person who should know: exactly once, since each is unique per row and
receiver. The sender (api.delivery) then sends both, with retries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory import workflow
from directory.models import OutboxEvent, Referral, ReferralMessage, ReferralTransition

STATUS_CHANGED = "referral.status_changed"
MESSAGE = "referral.message"
#: The outbox topics that carry referral events.
TOPICS = ("referral", "message")


@dataclass(frozen=True)
class Event:
    kind: str
    referral: Referral
    at: datetime
    #: Who caused it: (issuer, principal id).
    actor: tuple[str, str]
    step: ReferralTransition | None = None
    message: ReferralMessage | None = None

    @property
    def centre_may_know(self) -> bool:
        """The centre hears of nothing before the referral is sent to it."""
        return (
            self.referral.status not in workflow.HIDDEN_FROM_CENTRE
            if self.step is None
            else (self.step.to_status not in workflow.HIDDEN_FROM_CENTRE)
        )


def read(session: Session, row: OutboxEvent) -> Event | None:
    """The event an outbox row records, or None when what it names is gone."""
    referral = session.get(Referral, row.entity_id)
    if referral is None:
        return None
    if row.topic == "message":
        message = session.get(ReferralMessage, row.entity_version)
        if message is None:
            return None
        return Event(MESSAGE, referral, message.at, (message.author_issuer, message.author_client_id), message=message)
    step = session.scalar(
        select(ReferralTransition).where(
            ReferralTransition.referral_id == referral.id, ReferralTransition.version == row.entity_version
        )
    )
    if step is None:
        return None
    return Event(STATUS_CHANGED, referral, step.at, (step.actor_issuer, step.actor_client_id), step=step)


#: Turns one event into the rows that carry it to its receivers (deliveries, notifications).
Fan = Callable[[Session, int, Event], Sequence[Any]]


def fan_out(outbox: Any, fans: Sequence[Fan], batch: int = 200) -> int:
    """Settle pending event rows into deliveries and notifications; returns how many rows."""
    settled = 0
    for topic in TOPICS:
        with outbox.claim(topic, batch) as claim:
            for row in claim.rows:
                event = read(claim.session, row)
                if event is not None:
                    for fan in fans:
                        claim.session.add_all(fan(claim.session, row.id, event))
            claim.done([row.id for row in claim.rows])
            settled += len(claim.rows)
    return settled
