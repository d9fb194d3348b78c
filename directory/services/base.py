"""What every service shares: the database, and a unit of work per write."""

from __future__ import annotations

from dataclasses import dataclass

from directory.db import Database
from directory.identity import Identity
from directory.uow import UnitOfWork


@dataclass
class Service:
    db: Database

    def unit_of_work(self, identity: Identity) -> UnitOfWork:
        return UnitOfWork(self.db, identity)
