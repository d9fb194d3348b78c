"""What every service shares: the database and the listeners told of committed changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.db import Database
from directory.identity import Identity
from directory.uow import Listener, UnitOfWork


@dataclass
class Service:
    db: Database
    listeners: list[Listener] = field(default_factory=list)

    def unit_of_work(self, identity: Identity) -> UnitOfWork:
        return UnitOfWork(self.db, identity, self.listeners)
