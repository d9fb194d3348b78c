"""Webhooks: a client's URL for referral events, the fan-out from the outbox, the deliveries.

A referral change commits an outbox row. The fan-out turns each row into one delivery per
webhook that should hear of it (the requesting intake client's, and the centre's partner
clients' once the referral is sent), exactly once: in the same transaction as it settles the
row. The sender (api.delivery) then posts each delivery until the receiver answers 2xx, with
backoff, logging every attempt. A delivery keeps its id across attempts, so a receiver can
drop repeats.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from directory.db import utcnow
from directory.errors import NotFound
from directory.identity import Identity
from directory.models import Webhook, WebhookAttempt, WebhookDelivery
from directory.services import events
from directory.services.base import DeliveryCounts, Service, delivery_counts
from directory.services.centres import Page
from directory.services.clients import check_overlap
from directory.services.notifications import notifications_for
from directory.text import Text

MAX_ATTEMPTS = 10
#: How long a rotated webhook secret goes on signing beside the new one, unless told otherwise.
DEFAULT_OVERLAP = timedelta(hours=24)
BACKOFF_BASE = timedelta(seconds=2)
MAX_BACKOFF = timedelta(minutes=30)


@dataclass
class NewWebhook:
    webhook: Webhook
    secret: str


@dataclass
class WebhookService(Service):
    def counts(self) -> DeliveryCounts:
        """Deliveries per status, and those that failed for good in the last day."""
        return delivery_counts(self.db, WebhookDelivery)

    # --- the client's own hooks ---------------------------------------------------------------

    def register(self, identity: Identity, url: str) -> NewWebhook:
        secret = secrets.token_urlsafe(32)
        hook_id = secrets.token_hex(16)
        with self.unit_of_work(identity) as uow:
            uow.authorize("webhook.manage", "webhook", "*")
            hook = Webhook(
                id=hook_id,
                issuer=identity.issuer,
                client_id=identity.principal_id,
                centre=identity.centre if identity.role == "partner" else None,
                url=url,
                secret=self.sealer.seal(secret, _context(hook_id)),
            )
            uow.session.add(hook)
            uow.audit("webhook.register", "webhook", hook.id, changes={"url": url})
            uow.commit()
            return NewWebhook(hook, secret)

    def list(self, identity: Identity) -> list[Webhook]:
        with self.unit_of_work(identity) as uow:
            uow.authorize("webhook.manage", "webhook", "*")
            return list(
                uow.session.scalars(
                    select(Webhook)
                    .where(*_owned_by(identity), Webhook.disabled_at.is_(None))
                    .order_by(Webhook.created_at, Webhook.id)
                )
            )

    def rotate_secret(self, identity: Identity, hook_id: str, overlap: timedelta = DEFAULT_OVERLAP) -> NewWebhook:
        """A new secret for one of the caller's hooks, returned once. Deliveries are signed with
        both the new and the old secret for ``overlap`` (at most a week; 0 for a leaked one), so
        the receiver can switch to the new one at its own pace."""
        check_overlap(overlap)
        secret = secrets.token_urlsafe(32)
        with self.unit_of_work(identity) as uow:
            uow.authorize("webhook.manage", "webhook", hook_id)
            hook = _own(uow.session, identity, hook_id)
            until = utcnow() + overlap if overlap else None
            hook.previous_secret = hook.secret if until else None
            hook.previous_secret_until = until
            hook.secret = self.sealer.seal(secret, _context(hook.id))
            uow.audit(
                "webhook.rotate",
                "webhook",
                hook.id,
                changes={"previous_secret_until": until.isoformat() if until else None},
            )
            uow.commit()
            return NewWebhook(hook, secret)

    def signing_secrets(self, hook: Webhook, now: datetime | None = None) -> list[str]:
        """The secrets a delivery to ``hook`` is signed with: its own, and the one it replaced
        while their overlap lasts."""
        sealed = [hook.secret]
        if hook.previous_secret and hook.previous_secret_until and hook.previous_secret_until > (now or utcnow()):
            sealed.append(hook.previous_secret)
        return [self.sealer.open(value, _context(hook.id)) for value in sealed]

    def remove(self, identity: Identity, hook_id: str) -> None:
        with self.unit_of_work(identity) as uow:
            uow.authorize("webhook.manage", "webhook", hook_id)
            hook = _own(uow.session, identity, hook_id)
            hook.disabled_at = utcnow()
            uow.audit("webhook.remove", "webhook", hook.id)
            uow.commit()

    def deliveries(self, identity: Identity, hook_id: str, page: int = 1, page_size: int = 20) -> Page:
        """The delivery log of one of the caller's hooks, newest first, with every attempt."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("webhook.manage", "webhook", hook_id)
            hook = _own(uow.session, identity, hook_id, include_removed=True)
            query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
            total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = list(
                uow.session.scalars(
                    query.options(selectinload(WebhookDelivery.attempt_log))
                    .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                )
            )
        return Page(rows, total, page, page_size)

    # --- fan-out ------------------------------------------------------------------------------

    def failing(self, since: datetime) -> list[dict[str, Any]]:
        """Hooks with deliveries that failed for good since ``since``, or are being retried:
        per hook, its URL, owner, and how many of each (for operators, not clients)."""
        with self.db.session() as session:
            rows = session.execute(
                select(Webhook.id, Webhook.url, Webhook.client_id, WebhookDelivery.status, func.count())
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(
                    ((WebhookDelivery.status == "failed") & (WebhookDelivery.created_at >= since))
                    | ((WebhookDelivery.status == "pending") & (WebhookDelivery.attempts > 0))
                )
                .group_by(Webhook.id, Webhook.url, Webhook.client_id, WebhookDelivery.status)
                .order_by(Webhook.id)
            ).all()
        found: dict[str, dict[str, Any]] = {}
        for hook_id, url, client_id, status, count in rows:
            entry = found.setdefault(
                hook_id, {"webhook": hook_id, "url": url, "client_id": client_id, "failed": 0, "retrying": 0}
            )
            entry["failed" if status == "failed" else "retrying"] += count
        return list(found.values())

    def fan_out(self, outbox: Any, batch: int = 200) -> int:
        """Turn pending referral events into webhook deliveries and e-mail notifications;
        returns how many outbox rows it settled."""
        return events.fan_out(outbox, [deliveries_for, notifications_for], batch)

    # --- sending ------------------------------------------------------------------------------

    @contextmanager
    def due(self, limit: int = 50) -> Iterator[list[tuple[WebhookDelivery, Webhook]]]:
        """Deliveries to send now, claimed until the block ends (then their outcomes commit)."""
        with self.db.session() as session:
            query = (
                select(WebhookDelivery, Webhook)
                .join(Webhook, WebhookDelivery.webhook_id == Webhook.id)
                .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= utcnow())
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(limit)
            )
            if self.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
            try:
                yield [(d, h) for d, h in session.execute(query)]
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @staticmethod
    def settle(
        delivery: WebhookDelivery, status_code: int | None, error: str | None, duration_ms: float, disabled: bool
    ) -> None:
        """Record one attempt: delivered on 2xx, else try again later (or give up)."""
        now = utcnow()
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.last_error = error
        delivery.attempt_log.append(
            WebhookAttempt(at=now, status_code=status_code, error=error, duration_ms=round(duration_ms, 2))
        )
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = "delivered"
            delivery.delivered_at = now
        elif disabled or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = now + min(BACKOFF_BASE * 2 ** (delivery.attempts - 1), MAX_BACKOFF)


def _context(hook_id: str) -> str:
    return f"webhook:{hook_id}"


def _owned_by(identity: Identity) -> tuple[Any, ...]:
    return (Webhook.issuer == identity.issuer, Webhook.client_id == identity.principal_id)


def _own(session: Session, identity: Identity, hook_id: str, include_removed: bool = False) -> Webhook:
    hook = session.get(Webhook, hook_id)
    owned = hook is not None and (hook.issuer, hook.client_id) == identity.principal
    if not owned or (hook.disabled_at and not include_removed):  # type: ignore[union-attr]
        raise NotFound(Text("No webhook %(id)r.", id=hook_id))
    return hook


def deliveries_for(session: Session, outbox_id: int, event: events.Event) -> list[WebhookDelivery]:
    """One delivery per webhook that should hear of the event: the requester's, and the
    centre's partners' (of any issuer) once the referral is sent to it."""
    referral = event.referral
    listeners = and_(Webhook.issuer == referral.requester_issuer, Webhook.client_id == referral.requester_client_id)
    if event.centre_may_know:
        listeners = or_(listeners, Webhook.centre == referral.centre.slug)
    hooks = session.scalars(select(Webhook).where(listeners, Webhook.disabled_at.is_(None)).order_by(Webhook.id))
    made = []
    for hook in hooks:
        payload = _payload(event)
        if (hook.issuer, hook.client_id) == (referral.requester_issuer, referral.requester_client_id):
            payload["referral"]["external_ref"] = referral.external_ref  # the requester's own id
        delivery_id = secrets.token_hex(16)
        payload["delivery_id"] = delivery_id
        made.append(
            WebhookDelivery(
                id=delivery_id,
                webhook_id=hook.id,
                outbox_id=outbox_id,
                event=event.kind,
                referral_id=referral.id,
                payload=payload,
            )
        )
    return made


def _payload(event: events.Event) -> dict[str, Any]:
    """What a receiver learns: enough to act or to fetch the referral; a message's text stays
    behind the API (the receiver reads it with its token)."""
    referral = event.referral
    payload: dict[str, Any] = {
        "event": event.kind,
        "occurred_at": event.at.isoformat(),
        "referral": {"id": referral.id, "centre": referral.centre.slug, "status": referral.status},
    }
    if event.step is not None:
        step = event.step
        payload["referral"].update(status=step.to_status, version=step.version)
        payload["transition"] = {
            "from": step.from_status,
            "to": step.to_status,
            "acting_for": step.acting_for,
            "reason_code": step.reason_code,
        }
    if event.message is not None:
        message = event.message
        payload["referral"]["version"] = referral.version
        payload["message"] = {"id": message.id, "side": message.side, "at": message.at.isoformat()}
    return payload
