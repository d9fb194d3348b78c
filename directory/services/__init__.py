"""Services: every write to the directory goes through one of these, with the caller's identity."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.db import Database
from directory.services.audit import AuditService
from directory.services.centres import CentreService
from directory.services.clients import ClientService
from directory.services.keys import KeyStore
from directory.services.outbox import OutboxService
from directory.services.status import StatusService
from directory.services.vocabulary import VocabularyService
from directory.snapshots import Snapshots
from directory.uow import Listener


@dataclass
class Services:
    """The services over one database, sharing the listeners told of committed changes."""

    db: Database
    listeners: list[Listener] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.centres = CentreService(self.db, self.listeners)
        self.clients = ClientService(self.db, self.listeners)
        self.audit = AuditService(self.db, self.listeners)
        self.vocabulary = VocabularyService(self.db, self.listeners)
        self.keys = KeyStore(self.db)
        self.status = StatusService(self.db)
        self.outbox = OutboxService(self.db)
        self.snapshots = Snapshots(self.db)
