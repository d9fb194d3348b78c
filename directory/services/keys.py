"""Storage of the authorization server's signing keys: made on first start, then kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.db import Database
from directory.models import SigningKey

SIGNING = "signing"


@dataclass
class KeyStore:
    db: Database

    def active(self) -> list[SigningKey]:
        """Keys that verify tokens, the signing one first."""
        with self.db.session() as session:
            keys = session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None)))
            return sorted(keys, key=lambda k: (k.slot != SIGNING, k.created_at, k.kid))

    def ensure(self, generate: Callable[[], tuple[str, dict[str, Any]]]) -> list[SigningKey]:
        """Return the active keys, creating the signing key if there is none.

        Several processes may start at once: the unique slot lets one of them win, and the
        others read the winner's key.
        """
        keys = self.active()
        if keys and keys[0].slot == SIGNING:
            return keys
        kid, private_jwk = generate()
        with self.db.session() as session:
            session.add(SigningKey(kid=kid, slot=SIGNING, private_jwk=private_jwk))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        return self.active()
