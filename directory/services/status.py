"""How the database is doing: reachable and migrated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from directory import migrate
from directory.db import Database


@dataclass
class StatusService:
    db: Database
    _head: str | None = field(default=None, init=False)

    def database(self) -> dict[str, Any]:
        try:
            with self.db.session() as session:
                session.execute(text("SELECT 1"))
                revision = migrate.current_revision(self.db)
        except SQLAlchemyError as exc:
            return {"ok": False, "error": type(exc).__name__}
        if self._head is None:  # what this code expects: fixed for the life of the process
            self._head = migrate.head_revision(self.db)
        return {"ok": revision == self._head, "revision": revision, "head": self._head}
