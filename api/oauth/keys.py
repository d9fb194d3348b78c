"""The built-in authorization server's signing keys: made on first start, kept sealed in the
database, rotated by ``partner-directory keys rotate`` (see directory.services.keys)."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from directory.services import Services

SIGNING_ALG = "RS256"
#: Every process rereads the keys this often (so a rotation reaches them all), and sooner when
#: a token names a key it does not know, but not more often than this.
KEY_REFRESH_INTERVAL = 60.0
#: Clock skew allowed between the processes that sign and the ones that verify.
ROTATION_MARGIN = 60.0
#: How long the JWKS may be cached (its Cache-Control max-age).
JWKS_MAX_AGE = 300
#: A new key is published this long before it signs: every process of the service rereads the
#: keys, and every cache of the JWKS expires, in that time.
ROTATION_PUBLISH_AHEAD = timedelta(seconds=max(KEY_REFRESH_INTERVAL, JWKS_MAX_AGE) + ROTATION_MARGIN)


def rotation_overlap(access_token_ttl: int) -> timedelta:
    """How long a replaced key must keep verifying: a process may go on signing with it until it
    next rereads the keys, and the tokens it signed then live their whole lifetime."""
    return timedelta(seconds=access_token_ttl + KEY_REFRESH_INTERVAL + ROTATION_MARGIN)


def generate_signing_key() -> tuple[str, dict[str, Any]]:
    kid = f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"
    key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": SIGNING_ALG}, private=True)
    return kid, key.as_dict(private=True)


class Keys:
    """The signing keys, read from the database and cached; reread when a ``kid`` is unknown."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._lock = threading.Lock()
        self._keys: list[RSAKey] = []
        self._loaded_at = 0.0

    def _load(self) -> None:
        store = self._services.keys
        rows = store.ensure(generate_signing_key)
        # Only the signing key's private half is opened; the others only verify.
        signing = RSAKey.import_key(store.private_jwk(rows[0]))
        self._keys = [signing, *(RSAKey.import_key(row.public_jwk) for row in rows[1:])]
        self._loaded_at = time.monotonic()

    def _current(self) -> list[RSAKey]:
        if not self._keys or time.monotonic() - self._loaded_at > KEY_REFRESH_INTERVAL:
            self._load()
        return self._keys

    def signing(self) -> KeySet:
        with self._lock:
            return KeySet(self._current()[:1])

    def verifying(self) -> KeySet:
        with self._lock:
            return KeySet(list(self._current()))

    def expect(self, kid: str | None) -> None:
        """Reread the keys if ``kid`` is unknown, at most once per refresh interval."""
        with self._lock:
            if any(k.kid == kid for k in self._keys):
                return
            if not self._keys or time.monotonic() - self._loaded_at > KEY_REFRESH_INTERVAL:
                self._load()

    def public_jwks(self) -> dict[str, Any]:
        return self.verifying().as_dict(private=False)
