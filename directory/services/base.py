"""What every service shares: the database, and a unit of work per write."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement

from directory.db import Database
from directory.identity import Identity
from directory.uow import UnitOfWork


@dataclass
class Service:
    db: Database

    def unit_of_work(self, identity: Identity) -> UnitOfWork:
        return UnitOfWork(self.db, identity)


#: Comparisons a time filter takes: (op, instant) with op one of these.
TIME_OPS = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}


def compared(column: Any, op: str, instant: datetime) -> ColumnElement[bool]:
    """``column`` after (gt, ge) or before (lt, le) ``instant``."""
    return TIME_OPS[op](column, instant)
