"""What every service shares: the database, and a unit of work per write."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select

from directory.db import Database, utcnow
from directory.identity import Identity
from directory.sealing import NO_SEALER, Sealer
from directory.uow import UnitOfWork


@dataclass
class Service:
    db: Database
    #: Seals and opens the secrets a service keeps (directory.sealing); without a master key,
    #: sealing or opening one is an error, and nothing else is affected.
    sealer: Sealer = NO_SEALER

    def unit_of_work(self, identity: Identity) -> UnitOfWork:
        return UnitOfWork(self.db, identity)


#: Comparisons a time filter takes: (op, instant) with op one of these.
TIME_OPS = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}


def compared(column: Any, op: str, instant: datetime) -> ColumnElement[bool]:
    """``column`` after (gt, ge) or before (lt, le) ``instant``."""
    return TIME_OPS[op](column, instant)


@dataclass(frozen=True)
class DeliveryCounts:
    """How many deliveries (webhook calls, e-mails) are in each status, and how many failed for
    good in the last day: for operators' dashboards."""

    by_status: dict[str, int]
    failed_24h: int


def delivery_counts(db: Database, model: Any) -> DeliveryCounts:
    """The counts of a delivery table (one with ``status`` and ``created_at``)."""
    with db.session() as session:
        by_status = {
            status: count
            for status, count in session.execute(select(model.status, func.count()).group_by(model.status))
        }
        failed = session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.status == "failed", model.created_at >= utcnow() - timedelta(days=1))
        )
    return DeliveryCounts(by_status, failed or 0)
