"""Services: every write to the directory goes through one of these, with the caller's identity."""

from __future__ import annotations

from dataclasses import dataclass

from directory.db import Database
from directory.sealing import NO_SEALER, Sealer
from directory.services.audit import AuditService
from directory.services.centres import CentreService
from directory.services.clients import ClientService
from directory.services.exports import ExportService
from directory.services.housekeeping import HousekeepingService
from directory.services.keys import KeyStore
from directory.services.notifications import NotificationService
from directory.services.outbox import OutboxService
from directory.services.rates import RateService
from directory.services.referrals import ReferralService
from directory.services.sessions import SessionService
from directory.services.status import StatusService
from directory.services.users import UserService
from directory.services.vocabulary import VocabularyService
from directory.services.webhooks import WebhookService
from directory.snapshots import Snapshots


@dataclass
class Services:
    """The services over one database."""

    db: Database
    #: The master key(s) that seal stored secrets: signing keys, webhook secrets, TOTP seeds.
    sealer: Sealer = NO_SEALER

    def __post_init__(self) -> None:
        self.centres = CentreService(self.db)
        self.clients = ClientService(self.db, self.sealer)
        self.audit = AuditService(self.db)
        self.vocabulary = VocabularyService(self.db)
        self.referrals = ReferralService(self.db)
        self.exports = ExportService(self.db)
        self.housekeeping = HousekeepingService(self.db)
        self.webhooks = WebhookService(self.db, self.sealer)
        self.notifications = NotificationService(self.db)
        self.keys = KeyStore(self.db, self.sealer)
        self.status = StatusService(self.db)
        self.outbox = OutboxService(self.db)
        self.rates = RateService(self.db)
        self.users = UserService(self.db, self.sealer)
        self.sessions = SessionService(self.db)
        self.snapshots = Snapshots(self.db)
