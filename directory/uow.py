"""The unit of work every service runs its writes in.

One transaction: the change, its audit events and its outbox rows commit together or not at
all. Versions are read after the flush, so audit and outbox carry the version the change made.
Whoever acts on a change (the indexer, the local search backend) reads the outbox: nothing is
told of a change before it is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from directory import policy
from directory.db import Database
from directory.errors import DirectoryError, PermissionDenied, PreconditionFailed, PreconditionRequired
from directory.identity import Identity
from directory.models import AuditEvent, OutboxEvent
from directory.text import Text


class Versioned(Protocol):
    version: int


@dataclass
class _Pending:
    action: str
    entity_type: str
    entity_id: str
    entity: Versioned | None
    changes: dict[str, Any]
    reason: str | None


@dataclass
class UnitOfWork:
    db: Database
    identity: Identity
    session: Session = field(init=False)
    _audit: list[_Pending] = field(default_factory=list, init=False)
    _outbox: list[tuple[str, str, Versioned | None, str, int | None]] = field(default_factory=list, init=False)

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.session()
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        try:
            if exc is not None:
                self.session.rollback()
        finally:
            self.session.close()

    # --- rules ------------------------------------------------------------------------------

    def authorize(self, action: str, entity_type: str, entity_id: str, centre: str | None = None) -> None:
        """Check the policy; a refusal is audited (in its own transaction) and raised."""
        try:
            policy.require(self.identity, action, centre)
        except PermissionDenied as denied:
            self.record_denial(action, entity_type, entity_id, denied)
            raise

    def authorize_fields(self, action: str, entity_type: str, entity_id: str, names: Any) -> None:
        try:
            policy.require_fields(self.identity, names)
        except DirectoryError as denied:
            self.record_denial(action, entity_type, entity_id, denied)
            raise

    @staticmethod
    def check_version(entity: Versioned, expected: int | None) -> None:
        """The caller must have read the current version (``None``: it did not say)."""
        if expected is None:
            raise PreconditionRequired(
                Text("Say which version you read, so that a concurrent change is not overwritten.")
            )
        if entity.version != expected:
            raise PreconditionFailed(
                Text("The resource has changed since you read it: fetch it again and reapply."),
                current_version=entity.version,
            )

    # --- what the change leaves behind --------------------------------------------------------

    def audit(
        self,
        action: str,
        entity_type: str,
        entity_id: str,
        entity: Versioned | None = None,
        changes: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> None:
        self._audit.append(_Pending(action, entity_type, entity_id, entity, changes or {}, reason))

    def publish(
        self,
        topic: str,
        entity_id: str,
        entity: Versioned | None,
        operation: str = "upsert",
        version: int | None = None,
    ) -> None:
        """An outbox row for this change, written with it; its version is the entity's after
        the flush, or ``version`` when given (a message's id, for a message event)."""
        self._outbox.append((topic, entity_id, entity, operation, version))

    def commit(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as exc:
            self.session.rollback()
            raise PreconditionFailed(
                Text("Another client changed the resource at the same time: fetch it again and reapply.")
            ) from exc
        for pending in self._audit:
            self.session.add(self._audit_row(pending))
        for topic, entity_id, entity, operation, version in self._outbox:
            self.session.add(
                OutboxEvent(
                    topic=topic,
                    entity_id=entity_id,
                    entity_version=version if version is not None else entity.version if entity is not None else None,
                    operation=operation,
                )
            )
        try:
            self.session.commit()
        except StaleDataError as exc:
            self.session.rollback()
            raise PreconditionFailed(
                Text("Another client changed the resource at the same time: fetch it again and reapply.")
            ) from exc
        self._audit.clear()
        self._outbox.clear()

    def record_denial(self, action: str, entity_type: str, entity_id: str, denied: DirectoryError) -> None:
        """Write a refused attempt to the audit log, apart from the (abandoned) change."""
        pending = _Pending(action, entity_type, entity_id, None, {}, str(denied.detail))
        with self.db.session() as session:
            session.add(self._audit_row(pending, outcome="denied"))
            session.commit()

    def _audit_row(self, pending: _Pending, outcome: str = "success") -> AuditEvent:
        who = self.identity
        return AuditEvent(
            request_id=who.request_id,
            issuer=who.issuer,
            client_id=who.client_id,
            subject=who.user or who.subject,
            role=who.role,
            actor_centre=who.centre,
            token_id=who.token_id,
            action=pending.action,
            entity_type=pending.entity_type,
            entity_id=pending.entity_id,
            entity_version=pending.entity.version if pending.entity is not None else None,
            outcome=outcome,
            changes=pending.changes,
            reason=pending.reason,
        )
