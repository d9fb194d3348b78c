"""The outbox, as its consumers see it: claim pending rows, then mark each done or retry it.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers can drain
one outbox without taking the same row twice; the claim holds until the batch is settled.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from directory.db import Database, utcnow
from directory.models import OutboxEvent

MAX_BACKOFF = timedelta(minutes=5)


@dataclass(frozen=True)
class Change:
    id: int
    topic: str
    entity_id: str
    version: int | None


@dataclass
class Claim:
    session: Session
    rows: list[OutboxEvent]

    def done(self, ids: Sequence[int]) -> None:
        if ids:
            self.session.execute(
                update(OutboxEvent).where(OutboxEvent.id.in_(list(ids))).values(processed_at=utcnow(), last_error=None)
            )

    def retry(self, ids: Sequence[int], error: str, base: float = 0.5) -> None:
        """Try these rows again later: exponential backoff on their attempts, capped."""
        now = utcnow()
        for row in self.rows:
            if row.id in ids:
                delay = min(timedelta(seconds=base * 2**row.attempts), MAX_BACKOFF)
                row.attempts += 1
                row.available_at = now + delay
                row.last_error = error[:2000]


@dataclass
class OutboxService:
    db: Database

    @contextmanager
    def claim(self, topic: str, limit: int = 500) -> Iterator[Claim]:
        """Pending rows of a topic that are due, oldest first; settled when the block ends."""
        with self.db.session() as session:
            query = (
                select(OutboxEvent)
                .where(
                    OutboxEvent.topic == topic,
                    OutboxEvent.processed_at.is_(None),
                    OutboxEvent.available_at <= utcnow(),
                )
                .order_by(OutboxEvent.id)
                .limit(limit)
            )
            if self.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            claim = Claim(session, list(session.scalars(query)))
            try:
                yield claim
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def lags(self) -> dict[str, dict[str, float | int | None]]:
        """The lag of every topic with pending rows."""
        with self.db.session() as session:
            topics = session.scalars(
                select(OutboxEvent.topic)
                .where(OutboxEvent.processed_at.is_(None))
                .distinct()
                .order_by(OutboxEvent.topic)
            ).all()
        return {topic: self.lag(topic) for topic in topics}

    def lag(self, topic: str) -> dict[str, float | int | None]:
        with self.db.session() as session:
            pending, oldest = session.execute(
                select(func.count(), func.min(OutboxEvent.created_at)).where(
                    OutboxEvent.topic == topic, OutboxEvent.processed_at.is_(None)
                )
            ).one()
        age = round((utcnow() - oldest).total_seconds(), 3) if oldest is not None else None
        return {"pending": pending, "oldest_age_seconds": age}

    def changes_since(
        self, after_id: int, topic: str | None = None, look_back: tuple[int, timedelta] | None = None
    ) -> list[Change]:
        """Every row after ``after_id``, processed or not, oldest first.

        A process that keeps its own copy of the data (the local search backend) follows the
        outbox this way, as a change feed, without consuming it. ``look_back`` (ids, age) also
        returns recent rows up to that many ids behind: on PostgreSQL, ids are handed out at
        insert time, so a transaction may commit a row below an id already seen.
        """
        newer = OutboxEvent.id > after_id
        if look_back is not None:
            ids, age = look_back
            newer = or_(newer, and_(OutboxEvent.id > after_id - ids, OutboxEvent.created_at > utcnow() - age))
        query = select(OutboxEvent.id, OutboxEvent.topic, OutboxEvent.entity_id, OutboxEvent.entity_version).where(
            newer
        )
        if topic is not None:
            query = query.where(OutboxEvent.topic == topic)
        with self.db.read() as connection:
            return [Change(*row) for row in connection.execute(query.order_by(OutboxEvent.id))]

    def high_water_mark(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.max(OutboxEvent.id))) or 0

    def replay_since(self, topic: str, since: timedelta) -> int:
        """Mark a topic's recent processed rows pending again (after a reindex: see
        search.elastic). Rows still pending keep their attempts and backoff."""
        with self.db.session() as session:
            result = session.execute(
                update(OutboxEvent)
                .where(
                    OutboxEvent.topic == topic,
                    OutboxEvent.created_at >= utcnow() - since,
                    OutboxEvent.processed_at.is_not(None),
                )
                .values(processed_at=None, available_at=utcnow(), attempts=0)
            )
            session.commit()
            return result.rowcount or 0
