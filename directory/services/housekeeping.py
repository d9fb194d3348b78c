"""Housekeeping: what has done its work is removed after a set retention, so that tables that
grow with traffic do not grow for ever. The audit log is never touched (its rows cannot be
deleted at all on PostgreSQL, by trigger); each pruning is itself audited, with its counts.

Removed, each by its own rule:

- outbox rows processed longer ago than ``outbox`` (pending rows never, however old, unless
  no worker of this deployment settles their topic);
- webhook deliveries and e-mail notifications that are settled (delivered, sent or failed)
  and older than ``deliveries``, with their attempts;
- bulk exports past their expiry, or cancelled (the caller removes their files);
- what expires of itself, once expired: web sessions, password links, authorization codes, and
  the revocation list's entries for tokens that have expired anyway;
- and what overlaps end: the private half of a rotated signing key past its overlap (the key
  is marked retired; it verifies nothing already), and the previous webhook or client secret
  once its overlap is over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, update

from directory.db import utcnow
from directory.identity import Identity
from directory.models import (
    AuthorizationCode,
    Notification,
    OAuthClient,
    OutboxEvent,
    PasswordLink,
    RevokedToken,
    Webhook,
    WebhookDelivery,
    WebSession,
)
from directory.services.base import Service
from directory.services.exports import remove_expired
from directory.services.keys import KeyStore


@dataclass(frozen=True)
class Retention:
    outbox: timedelta = timedelta(days=30)
    deliveries: timedelta = timedelta(days=90)
    #: Topics no worker of this deployment settles (without Elasticsearch, the search topics:
    #: the local backend reads them as a feed and never marks them done). Their rows go after
    #: ``outbox`` too, settled or not.
    unsettled_topics: tuple[str, ...] = ()


@dataclass
class Pruned:
    """How many rows of each kind went, and the exports whose files are to be removed."""

    counts: dict[str, int] = field(default_factory=dict)
    exports: list[str] = field(default_factory=list)


class HousekeepingService(Service):
    def prune(self, identity: Identity, retention: Retention, now: datetime | None = None) -> Pruned:
        now = now or utcnow()
        settled = ("delivered", "failed")
        rules = {
            "outbox": delete(OutboxEvent).where(
                (OutboxEvent.processed_at.is_not(None) & (OutboxEvent.processed_at < now - retention.outbox))
                | (
                    OutboxEvent.topic.in_(retention.unsettled_topics)
                    & (OutboxEvent.created_at < now - retention.outbox)
                )
            ),
            "webhook_deliveries": delete(WebhookDelivery).where(
                WebhookDelivery.status.in_(settled), WebhookDelivery.created_at < now - retention.deliveries
            ),
            "notifications": delete(Notification).where(
                Notification.status.in_(settled), Notification.created_at < now - retention.deliveries
            ),
            "web_sessions": delete(WebSession).where(WebSession.expires_at < now),
            "password_links": delete(PasswordLink).where(PasswordLink.expires_at < now),
            "authorization_codes": delete(AuthorizationCode).where(AuthorizationCode.expires_at < now),
            "revoked_tokens": delete(RevokedToken).where(RevokedToken.expires_at < now),
            # Not removed, but done with: a rotated signing key past its overlap loses its
            # private half; a rotated secret's predecessor is forgotten when its overlap ends.
            "signing_keys_retired": KeyStore.retire_due(now),
            "webhook_previous_secrets": update(Webhook)
            .where(Webhook.previous_secret_until <= now)
            .values(previous_secret=None, previous_secret_until=None),
            "client_previous_secrets": update(OAuthClient)
            .where(OAuthClient.previous_secret_until <= now)
            .values(previous_secret_hash=None, previous_secret_until=None),
        }
        pruned = Pruned()
        with self.unit_of_work(identity) as uow:
            uow.authorize("housekeeping.prune", "housekeeping", "*")
            for name, statement in rules.items():
                pruned.counts[name] = uow.session.execute(statement).rowcount or 0
            pruned.exports = remove_expired(uow.session, now)
            pruned.counts["export_jobs"] = len(pruned.exports)
            uow.audit(
                "housekeeping.prune",
                "housekeeping",
                now.date().isoformat(),
                changes={
                    "removed": pruned.counts,
                    "retention_days": {"outbox": retention.outbox.days, "deliveries": retention.deliveries.days},
                },
            )
            uow.commit()
        return pruned
