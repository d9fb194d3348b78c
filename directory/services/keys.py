"""Storage of the authorization server's signing keys: made on first start, then kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.db import Database
from directory.models import SigningKey


@dataclass
class KeyStore:
    db: Database

    def active(self) -> list[SigningKey]:
        """Keys that verify tokens, newest first; the first one signs."""
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(SigningKey)
                    .where(SigningKey.retired_at.is_(None))
                    .order_by(SigningKey.created_at.desc(), SigningKey.kid)
                )
            )

    def ensure(self, generate: Callable[[], tuple[str, dict[str, Any]]]) -> list[SigningKey]:
        """Return the active keys, creating the first one if there is none.

        Several processes may start at once; the primary key makes one of them win and the
        others read the winner's key.
        """
        keys = self.active()
        if keys:
            return keys
        kid, private_jwk = generate()
        with self.db.session() as session:
            session.add(SigningKey(kid=kid, private_jwk=private_jwk))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        return self.active()
