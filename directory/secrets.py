"""Secrets: client secrets (generated with enough entropy, stored only as a salted scrypt
hash), people's passwords (argon2id), and one-time tokens (stored as their SHA-256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_N, _R, _P = 2**14, 8, 1


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(secret.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- people's passwords -------------------------------------------------------------------------

#: argon2id with the library's defaults (RFC 9106's second recommended option).
_PASSWORDS = PasswordHasher()
#: Checked against when no account matches, so that answering takes as long as for one.
UNKNOWN_PASSWORD_HASH = _PASSWORDS.hash(secrets.token_urlsafe(32))


def hash_password(password: str) -> str:
    return _PASSWORDS.hash(password)


def verify_password(password: str, stored: str | None) -> bool:
    try:
        return _PASSWORDS.verify(stored or UNKNOWN_PASSWORD_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


# --- one-time tokens ------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a one-time token (links, codes, session ids): its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()
