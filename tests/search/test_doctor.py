"""``partner-directory doctor`` on a deployment with Elasticsearch: drift between index and
database, an old outbox row, a failing webhook and an old signing key are each named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from api.doctor import examine, report
from directory.db import utcnow
from directory.models import OutboxEvent, SigningKey, Webhook, WebhookDelivery
from search.worker import Worker


def by_name(found) -> dict:
    return {c["name"]: c for c in found["checks"]}


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def settled(es_app, worker: Worker):
    """The deployment as it runs: the worker has settled what the database's changes left."""
    worker.drain()
    return es_app


def test_drift_between_index_and_database_is_named(settled):
    es_app = settled
    index = es_app.extensions["search"].primary.index
    healthy = by_name(report(examine(es_app)))
    assert healthy["search"]["status"] == "ok", healthy["search"]
    slug = sorted(es_app.extensions["services"].centres.versions())[0]
    index.client.delete(index=index.alias, id=slug, refresh=True)
    search = by_name(report(examine(es_app)))["search"]
    assert search["status"] == "fail" and search["details"]["missing"] == [slug]


def test_an_old_outbox_row_a_failing_hook_and_an_old_key_are_named(settled):
    es_app = settled
    services = es_app.extensions["services"]
    old = utcnow() - timedelta(hours=1)
    with services.db.session() as session:
        session.add(OutboxEvent(topic="referral", entity_id="r1", operation="upsert", created_at=old, available_at=old))
        session.add(Webhook(id="hook1", url="https://example.org/hook", client_id="intake-a", secret="x" * 32))
        session.add(
            WebhookDelivery(
                id="d1",
                webhook_id="hook1",
                outbox_id=1,
                event="referral.created",
                referral_id="r",
                payload={},
                status="failed",
            )
        )
        signing = es_app.extensions["services"].keys.active()[0].kid
        session.execute(
            update(SigningKey).where(SigningKey.kid == signing).values(created_at=utcnow() - timedelta(days=400))
        )
        session.commit()
    found = report(examine(es_app))
    checks = by_name(found)
    assert found["status"] == "fail"
    assert checks["outbox"]["status"] == "fail" and checks["outbox"]["details"]["topics"]["referral"]["pending"] == 1
    assert checks["webhooks"]["details"]["hooks"] == [
        {"webhook": "hook1", "url": "https://example.org/hook", "client_id": "intake-a", "failed": 1, "retrying": 0}
    ]
    assert checks["keys"]["status"] == "warn" and "400 days" in checks["keys"]["summary"]
