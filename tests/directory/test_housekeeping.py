"""Housekeeping removes what has done its work after its retention, and nothing else: pending
rows stay however old, recent ones stay, the audit log is never touched (and records the
pruning), and expired exports lose their files. On both databases."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from api.cli import cli
from directory.db import utcnow
from directory.errors import PermissionDenied
from directory.identity import Identity
from directory.models import (
    AuditEvent,
    ExportJob,
    Notification,
    OutboxEvent,
    RevokedToken,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from directory.services.housekeeping import Retention

SYSTEM = Identity.system("tests")


def _rows(services, model) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _fill(services) -> dict[str, str]:
    """Old and recent rows of each kind, settled and not; returns the ids that must stay."""
    now = utcnow()
    old, recent = now - timedelta(days=100), now - timedelta(days=1)
    user, _ = services.users.create(SYSTEM, "coordinator@example.org", "A coordinator", "coordinator")
    with services.db.session() as session:
        base = session.scalar(select(func.max(OutboxEvent.id))) or 0
        for n, (created, processed) in enumerate([(old, old), (recent, recent), (old, None)], start=1):
            session.add(
                OutboxEvent(
                    id=base + n,
                    topic="referral",
                    entity_id=f"r{n}",
                    operation="upsert",
                    created_at=created,
                    available_at=created,
                    processed_at=processed,
                )
            )
        session.add(Webhook(id="hook1", url="https://example.org/hook", client_id="intake-a", secret="x" * 32))
        for n, (created, status) in enumerate(
            [(old, "delivered"), (old, "failed"), (old, "pending"), (recent, "delivered")]
        ):
            session.add(
                WebhookDelivery(
                    id=f"d{n}",
                    webhook_id="hook1",
                    outbox_id=n,
                    event="referral.created",
                    referral_id="r",
                    payload={},
                    status=status,
                    created_at=created,
                )
            )
            session.add(WebhookAttempt(delivery_id=f"d{n}", at=created, status_code=200, duration_ms=1.0))
        for n, (created, status) in enumerate([(old, "delivered"), (old, "pending")]):
            session.add(
                Notification(
                    id=f"n{n}",
                    outbox_id=n,
                    user_id=user.id,
                    email="coordinator@example.org",
                    event="referral.created",
                    referral_id="r",
                    subject="s",
                    body="b",
                    status=status,
                    created_at=created,
                )
            )
        session.add(RevokedToken(jti="gone", client_id="intake-a", expires_at=now - timedelta(minutes=1)))
        session.add(RevokedToken(jti="still", client_id="intake-a", expires_at=now + timedelta(minutes=10)))
        session.commit()
    return {"outbox": [base + 2, base + 3], "deliveries": ["d2", "d3"], "notifications": ["n1"]}


def test_pruning_removes_only_what_is_settled_and_past_its_retention(services, template):
    kept = _fill(services)
    audit_before = _rows(services, AuditEvent)
    pruned = services.housekeeping.prune(SYSTEM, Retention(outbox=timedelta(days=30), deliveries=timedelta(days=90)))
    assert pruned.counts["outbox"] >= 1 and pruned.counts["webhook_deliveries"] == 2
    assert pruned.counts["notifications"] == 1 and pruned.counts["revoked_tokens"] == 1
    with services.db.session() as session:
        outbox = set(session.scalars(select(OutboxEvent.id)))
        assert set(kept["outbox"]) <= outbox
        assert all(
            e.processed_at is None or e.processed_at > utcnow() - timedelta(days=30)
            for e in session.scalars(select(OutboxEvent))
        )
        assert sorted(session.scalars(select(WebhookDelivery.id))) == kept["deliveries"]
        assert sorted(session.scalars(select(WebhookAttempt.delivery_id))) == kept["deliveries"]  # with their attempts
        assert list(session.scalars(select(Notification.id))) == kept["notifications"]
        assert list(session.scalars(select(RevokedToken.jti))) == ["still"]
        # The audit log lost nothing, and says what went.
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before + 1
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "housekeeping.prune" and event.changes["removed"] == pruned.counts


def test_pruning_twice_removes_nothing_more(services, template):
    _fill(services)
    services.housekeeping.prune(SYSTEM, Retention())
    again = services.housekeeping.prune(SYSTEM, Retention())
    assert sum(again.counts.values()) == 0


def test_only_the_operator_prunes(services, template):
    with pytest.raises(PermissionDenied):
        services.housekeeping.prune(Identity(client_id="admin-tests", role="admin"), Retention())


def test_the_command_removes_expired_exports_with_their_files(services, template, config, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("INSTANCE_PATH", str(config.instance_path))
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    files = Path(config.instance_path) / "exports"
    with services.db.session() as session:
        for job_id, expires in [
            ("expired1", utcnow() - timedelta(hours=1)),
            ("current1", utcnow() + timedelta(hours=1)),
        ]:
            session.add(
                ExportJob(
                    id=job_id,
                    requester_issuer="local",
                    requester_id="intake-a",
                    level="system",
                    request_url="/fhir/r4/$export",
                    status="completed",
                    expires_at=expires,
                )
            )
            (files / job_id).mkdir(parents=True)
            (files / job_id / "Organization.ndjson").write_text("{}\n")
        session.commit()
    result = CliRunner(env=dict(os.environ)).invoke(cli, ["housekeeping", "prune"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["export_jobs"] == 1
    assert not (files / "expired1").exists() and (files / "current1" / "Organization.ndjson").exists()


def test_without_elasticsearch_old_search_rows_go_settled_or_not(services, template):
    old = utcnow() - timedelta(days=100)
    with services.db.session() as session:
        base = session.scalar(select(func.max(OutboxEvent.id))) or 0
        for n, topic in enumerate(["centre", "vocabulary", "referral"], start=1):
            session.add(OutboxEvent(id=base + n, topic=topic, entity_id="x", operation="upsert", created_at=old))
        session.commit()
    kept = services.housekeeping.prune(SYSTEM, Retention())  # with Elasticsearch: its worker settles them
    assert kept.counts["outbox"] == 0
    pruned = services.housekeeping.prune(SYSTEM, Retention(unsettled_topics=("centre", "vocabulary")))
    assert pruned.counts["outbox"] == 2
    with services.db.session() as session:
        assert session.scalar(select(OutboxEvent.topic).where(OutboxEvent.id == base + 3)) == "referral"  # pending
