"""How the database is doing: reachable, migrated, and how far the outbox lags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from directory import migrate
from directory.db import Database, utcnow
from directory.models import OutboxEvent


@dataclass
class StatusService:
    db: Database

    def database(self) -> dict[str, Any]:
        try:
            with self.db.session() as session:
                session.execute(text("SELECT 1"))
                revision = migrate.current_revision(self.db)
        except SQLAlchemyError as exc:
            return {"ok": False, "error": type(exc).__name__}
        head = migrate.head_revision(self.db)
        return {"ok": revision == head, "revision": revision, "head": head}

    def outbox(self, topic: str | None = None) -> dict[str, Any]:
        query = select(func.count(), func.min(OutboxEvent.created_at)).where(
            OutboxEvent.processed_at.is_(None)
        )
        if topic:
            query = query.where(OutboxEvent.topic == topic)
        with self.db.session() as session:
            pending, oldest = session.execute(query).one()
        age = None
        if oldest is not None:
            age = round((utcnow() - oldest).total_seconds(), 3)
        return {"pending": pending, "oldest_age_seconds": age}
