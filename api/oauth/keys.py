"""The built-in authorization server's signing keys: made on first start, kept in the database."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from directory.services import Services

SIGNING_ALG = "RS256"
#: A token naming a key we do not know makes us reread the keys at most this often.
KEY_REFRESH_INTERVAL = 60.0


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
        rows = self._services.keys.ensure(generate_signing_key)
        self._keys = [RSAKey.import_key(row.private_jwk) for row in rows]
        self._loaded_at = time.monotonic()

    def signing(self) -> KeySet:
        with self._lock:
            if not self._keys:
                self._load()
            return KeySet(self._keys[:1])

    def verifying(self) -> KeySet:
        with self._lock:
            if not self._keys:
                self._load()
            return KeySet(list(self._keys))

    def expect(self, kid: str | None) -> None:
        """Reread the keys if ``kid`` is unknown, at most once per refresh interval."""
        with self._lock:
            if any(k.kid == kid for k in self._keys):
                return
            if not self._keys or time.monotonic() - self._loaded_at > KEY_REFRESH_INTERVAL:
                self._load()

    def public_jwks(self) -> dict[str, Any]:
        return self.verifying().as_dict(private=False)
