"""Reading the audit log (writing happens in every unit of work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from directory.identity import Identity
from directory.models import AuditEvent
from directory.services.base import Service
from directory.services.centres import Page


@dataclass(frozen=True)
class AuditFilter:
    entity_type: str | None = None
    entity_id: str | None = None
    issuer: str | None = None
    client_id: str | None = None
    role: str | None = None
    actor_centre: str | None = None
    action: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass
class AuditService(Service):
    def list(self, identity: Identity, f: AuditFilter, page: int = 1, page_size: int = 50) -> Page:
        with self.unit_of_work(identity) as uow:
            uow.authorize("audit.read", "audit", "*")
            query = select(AuditEvent)
            for column, value in (
                (AuditEvent.entity_type, f.entity_type),
                (AuditEvent.entity_id, f.entity_id),
                (AuditEvent.issuer, f.issuer),
                (AuditEvent.client_id, f.client_id),
                (AuditEvent.role, f.role),
                (AuditEvent.actor_centre, f.actor_centre),
                (AuditEvent.action, f.action),
                (AuditEvent.outcome, f.outcome),
            ):
                if value is not None:
                    query = query.where(column == value)
            if f.since is not None:
                query = query.where(AuditEvent.at >= f.since)
            if f.until is not None:
                query = query.where(AuditEvent.at < f.until)
            total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = uow.session.scalars(
                query.order_by(AuditEvent.id.desc()).offset((page - 1) * page_size).limit(page_size)
            ).all()
        return Page(list(rows), total, page, page_size)
