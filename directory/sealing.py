"""Secrets kept at rest: envelope encryption under a master key the database never holds.

Every stored secret (a signing key's private half, a webhook's secret, a TOTP seed, the web
app's client secret) gets a data key of its own. The value is encrypted with that data key
(AES-256-GCM), and the data key is wrapped with the master key (AES-256-GCM again). What the
database keeps is ``pd1:<master key id>:<wrapped data key>:<ciphertext>``. Whoever reads the
database, or a backup of it, learns nothing without the master key, which comes from the
environment or a file.

Each value is bound to what it is for (its *context*, e.g. ``webhook:<id>``), so a sealed
secret copied into another row does not open there.

Several master keys may be given: the first seals, every one opens. To change the master key,
put the new one first, run ``partner-directory secrets reseal``, then drop the old one.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "pd1"
KEY_BYTES = 32
_NONCE = 12


class SealingError(Exception):
    """A secret cannot be sealed or opened: no master key, the wrong one, or damaged data."""


def new_master_key() -> str:
    """A fresh master key, as ``SECRETS_KEY`` takes it (URL-safe base64 of 32 random bytes)."""
    return _b64(secrets.token_bytes(KEY_BYTES))


def parse_master_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError as exc:
        raise SealingError("A master key must be URL-safe base64.") from exc
    if len(key) != KEY_BYTES:
        raise SealingError(f"A master key must be {KEY_BYTES} bytes (43 base64 characters), not {len(key)}.")
    return key


def key_id(key: bytes) -> str:
    """A short name for a master key, stored beside what it sealed (it reveals nothing of it)."""
    return hashlib.sha256(b"partner-directory master key id\0" + key).hexdigest()[:12]


def is_sealed(value: str | None) -> bool:
    return value is not None and value.startswith(PREFIX + ":")


@dataclass(frozen=True)
class Sealer:
    """Seals with the first master key; opens with any of them."""

    keys: tuple[bytes, ...] = ()
    _by_id: dict[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {key_id(k): k for k in self.keys})

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Sealer:
        return cls(tuple(parse_master_key(t) for t in texts if t.strip()))

    @property
    def current_id(self) -> str | None:
        return key_id(self.keys[0]) if self.keys else None

    def seal(self, plaintext: str, context: str) -> str:
        if not self.keys:
            raise SealingError("No master key: set SECRETS_KEY or SECRETS_KEY_FILE to keep secrets.")
        master = self.keys[0]
        kid = key_id(master)
        data_key = AESGCM.generate_key(bit_length=256)
        nonce, wrap_nonce = os.urandom(_NONCE), os.urandom(_NONCE)
        ciphertext = AESGCM(data_key).encrypt(nonce, plaintext.encode(), context.encode())
        wrapped = AESGCM(master).encrypt(wrap_nonce, data_key, f"{kid}\0{context}".encode())
        return ":".join([PREFIX, kid, _b64(wrap_nonce + wrapped), _b64(nonce + ciphertext)])

    def open(self, sealed: str, context: str) -> str:
        try:
            prefix, kid, wrapped, ciphertext = sealed.split(":")
        except ValueError:
            raise SealingError(f"A stored secret for {context} is not sealed.") from None
        if prefix != PREFIX:
            raise SealingError(f"A stored secret for {context} is not sealed.")
        master = self._by_id.get(kid)
        if master is None:
            raise SealingError(f"The secret for {context} was sealed with master key {kid}, which is not configured.")
        try:
            raw_wrapped, raw_ciphertext = _unb64(wrapped), _unb64(ciphertext)
            data_key = AESGCM(master).decrypt(raw_wrapped[:_NONCE], raw_wrapped[_NONCE:], f"{kid}\0{context}".encode())
            plaintext = AESGCM(data_key).decrypt(raw_ciphertext[:_NONCE], raw_ciphertext[_NONCE:], context.encode())
        except (InvalidTag, ValueError) as exc:
            raise SealingError(f"The secret for {context} does not open: damaged, or not sealed for it.") from exc
        return plaintext.decode()

    def sealed_with(self, sealed: str) -> str | None:
        """The id of the master key a value was sealed with."""
        parts = sealed.split(":")
        return parts[1] if len(parts) == 4 and parts[0] == PREFIX else None

    def needs_reseal(self, sealed: str) -> bool:
        return self.sealed_with(sealed) != self.current_id


#: What services hold when the deployment gave no master key: sealing or opening says so.
NO_SEALER = Sealer()


def load_sealer(key_texts: str, key_file: Path | None, create: bool) -> Sealer:
    """The sealer for a deployment: the keys in ``key_texts`` (comma-separated), else those in
    ``key_file`` (one a line). With ``create`` (the embedded, one-machine default), a missing
    file is made with a new key, readable by its owner only."""
    if key_texts.strip():
        return Sealer.from_texts(key_texts.split(","))
    if key_file is None:
        return NO_SEALER
    if not key_file.exists():
        if not create:
            raise SealingError(
                f"No master key: set SECRETS_KEY, or put one in {key_file} (SECRETS_KEY_FILE). "
                "`python -m directory.sealing` prints a new one."
            )
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: a process starting at the same moment reads
        # either no file or the whole key, and only one key is ever made.
        draft = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(new_master_key() + "\n")
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return Sealer.from_texts(key_file.read_text().splitlines())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


if __name__ == "__main__":  # a new master key, for a deployment that has none yet
    print(new_master_key())
