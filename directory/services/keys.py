"""The authorization server's signing keys: made on first start, sealed at rest, rotated with
an overlap, retired when the last token they signed has expired.

Rotation (``rotate``), the usual way for a published key set:

1. the new key is published at once (the JWKS, every process of the service) but signs only
   from ``not_before``, once every cache of the key set has had time to fetch it;
2. from then on it signs; the key it replaces still verifies, and stays published, until
   ``retire_after``: past the life of every token it may still have signed;
3. then it verifies nothing, and housekeeping marks it retired and drops its private half
   (``retire_due``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from directory.db import utcnow
from directory.errors import Conflict
from directory.identity import Identity
from directory.models import DirectoryState, SigningKey, User, Webhook
from directory.sealing import is_sealed
from directory.services.base import Service
from directory.text import Text

SIGNING = "signing"
#: The private members of an RSA or EC JWK (RFC 7518, 6.2.2 and 6.3.2).
PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth"})

#: Makes a key: its ``kid`` and private JWK.
Generate = Callable[[], tuple[str, dict[str, Any]]]


def public_part(jwk: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in jwk.items() if name not in PRIVATE_MEMBERS}


def _starts(key: SigningKey) -> datetime:
    return key.not_before or key.created_at


def _signing_first(keys: list[SigningKey], now: datetime) -> list[SigningKey]:
    """Keys that verify, the signing one first: the newest that may sign already."""
    newest_first = sorted(keys, key=lambda k: (_starts(k), k.kid), reverse=True)
    signing = next((k for k in newest_first if _starts(k) <= now), None)
    return ([signing] if signing else []) + [k for k in newest_first if k is not signing]


def _context(kid: str) -> str:
    return f"signing-key:{kid}"


@dataclass(frozen=True)
class KeyState:
    """A key as operators see it (never its private half)."""

    kid: str
    state: str  # published (signs from not_before), signing, verifying (until retire_after), retired
    created_at: datetime
    not_before: datetime | None
    retire_after: datetime | None
    retired_at: datetime | None


class KeyStore(Service):
    def active(self, now: datetime | None = None) -> list[SigningKey]:
        """Keys that verify tokens (and are published), the signing one first: the newest that
        may sign already."""
        now = now or utcnow()
        with self.db.session() as session:
            keys = list(
                session.scalars(
                    select(SigningKey).where(
                        SigningKey.retired_at.is_(None),
                        or_(SigningKey.retire_after.is_(None), SigningKey.retire_after > now),
                    )
                )
            )
        return _signing_first(keys, now)

    def private_jwk(self, key: SigningKey) -> dict[str, Any]:
        """The key's private JWK, opened with the master key."""
        if key.sealed_private_key is None:
            raise ValueError(f"Signing key {key.kid} is retired: its private half is gone.")
        return dict(json.loads(self.sealer.open(key.sealed_private_key, _context(key.kid))))

    def _new(self, generate: Generate, slot: str | None) -> SigningKey:
        kid, private = generate()
        return SigningKey(
            kid=kid,
            slot=slot,
            public_jwk=public_part(private),
            sealed_private_key=self.sealer.seal(json.dumps(private), _context(kid)),
        )

    def ensure(self, generate: Generate) -> list[SigningKey]:
        """Return the active keys, creating the signing key if there is none.

        Several processes may start at once: the unique slot lets one of them win, and the
        others read the winner's key.
        """
        keys = self.active()
        if keys and _starts(keys[0]) <= utcnow():
            return keys
        key = self._new(generate, SIGNING)
        with self.db.session() as session:
            session.add(key)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        return self.active()

    def rotate(
        self, identity: Identity, generate: Generate, publish_ahead: timedelta, overlap: timedelta
    ) -> tuple[SigningKey, str | None]:
        """Make a new key, published now and signing after ``publish_ahead``; the key it replaces
        verifies ``overlap`` longer than that. Returns the new key and the replaced key's kid
        (none on a database without keys)."""
        new = self._new(generate, None)
        new.not_before = utcnow() + publish_ahead
        with self.unit_of_work(identity) as uow:
            uow.authorize("key.rotate", "signing_key", new.kid)
            old = uow.session.scalar(select(SigningKey).where(SigningKey.slot == SIGNING).with_for_update())
            if old is not None:
                if old.not_before is not None and old.not_before > utcnow():
                    raise Conflict(Text("Key %(kid)r, made by the last rotation, does not sign yet.", kid=old.kid))
                old.slot = None
                old.retire_after = new.not_before + overlap
                uow.session.flush()  # the slot is unique: free it before taking it
            new.slot = SIGNING
            uow.session.add(new)
            uow.audit(
                "key.rotate",
                "signing_key",
                new.kid,
                changes={
                    "replaces": old.kid if old else None,
                    "signs_from": new.not_before.isoformat(),
                    "old_retires_after": old.retire_after.isoformat() if old and old.retire_after else None,
                },
            )
            uow.commit()
        return new, old.kid if old else None

    def states(self, now: datetime | None = None) -> list[KeyState]:
        """Every key, newest first, with what it does now."""
        now = now or utcnow()
        with self.db.session() as session:
            keys = list(session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc(), SigningKey.kid)))

        def retired(key: SigningKey) -> bool:
            return key.retired_at is not None or (key.retire_after is not None and key.retire_after <= now)

        active = _signing_first([k for k in keys if not retired(k)], now)
        signing = active[0].kid if active and _starts(active[0]) <= now else None

        def state(key: SigningKey) -> str:
            if key.kid == signing:
                return "signing"
            if retired(key):
                return "retired"
            return "published" if _starts(key) > now else "verifying"

        return [KeyState(k.kid, state(k), k.created_at, k.not_before, k.retire_after, k.retired_at) for k in keys]

    @staticmethod
    def retire_due(now: datetime) -> Any:
        """The statement that retires keys past their overlap and drops their private half (run
        by housekeeping; such keys already verify nothing)."""
        return (
            update(SigningKey)
            .where(SigningKey.retired_at.is_(None), SigningKey.retire_after <= now)
            .values(retired_at=now, sealed_private_key=None, slot=None)
        )

    # --- the master key -------------------------------------------------------------------------

    def reseal(self, identity: Identity) -> dict[str, int]:
        """Seal again, with the first master key, every secret sealed with another one: run
        after putting a new master key first, before dropping the old one. Counts per kind."""
        counts = {"signing_keys": 0, "webhooks": 0, "users": 0, "directory_state": 0}
        again = self.sealer

        def redo(value: str | None, context: str) -> str | None:
            if value is None or not again.needs_reseal(value):
                return value
            return again.seal(again.open(value, context), context)

        with self.unit_of_work(identity) as uow:
            uow.authorize("secrets.reseal", "secrets", "*")
            for key in uow.session.scalars(select(SigningKey).where(SigningKey.sealed_private_key.is_not(None))):
                if again.needs_reseal(key.sealed_private_key or ""):
                    key.sealed_private_key = redo(key.sealed_private_key, _context(key.kid))
                    counts["signing_keys"] += 1
            for hook in uow.session.scalars(select(Webhook)):
                if again.needs_reseal(hook.secret) or (
                    hook.previous_secret and again.needs_reseal(hook.previous_secret)
                ):
                    hook.secret = redo(hook.secret, f"webhook:{hook.id}") or ""
                    hook.previous_secret = redo(hook.previous_secret, f"webhook:{hook.id}")
                    counts["webhooks"] += 1
            for user in uow.session.scalars(select(User).where(User.totp_secret.is_not(None))):
                if again.needs_reseal(user.totp_secret or ""):
                    user.totp_secret = redo(user.totp_secret, f"totp:{user.id}")
                    counts["users"] += 1
            web = uow.session.get(DirectoryState, "web-client")
            if web is not None and again.needs_reseal(web.value.get("sealed", "")):
                web.value = {"sealed": redo(web.value["sealed"], "web-client")}
                counts["directory_state"] += 1
            uow.audit("secrets.reseal", "secrets", again.current_id or "", changes={"resealed": counts})
            uow.commit()
        return counts

    def sealed_by_key(self) -> dict[str, int]:
        """How many stored secrets each master key sealed, by key id (``?`` for values that are
        not sealed at all): for the doctor. Client secrets are not among them: they are kept
        as hashes (directory.secrets), never to be read back."""
        found: dict[str, int] = {}
        with self.db.session() as session:
            values: list[str | None] = [
                *session.scalars(select(SigningKey.sealed_private_key)),
                *session.scalars(select(Webhook.secret)),
                *session.scalars(select(Webhook.previous_secret)),
                *session.scalars(select(User.totp_secret)),
            ]
            web = session.get(DirectoryState, "web-client")
            if web is not None:
                values.append(web.value.get("sealed") or web.value.get("secret"))
        for value in values:
            if value is None:
                continue
            kid = (self.sealer.sealed_with(value) if is_sealed(value) else None) or "?"
            found[kid] = found.get(kid, 0) + 1
        return found
