"""Tokens made in tests: decoded, or minted with the server's key (or another) to be refused."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey


def claims_of(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload)


def server_key(services) -> RSAKey:
    return RSAKey.import_key(services.keys.private_jwk(services.keys.active()[0]))


def mint(template, services, app, *, header: dict | None = None, key: Any = None, **overrides: Any) -> str:
    """A token signed with the server's own key (or ``key``), with claims as the server makes
    them unless overridden; lets a test build exactly the token it needs to see refused."""
    settings = app.config["SETTINGS"]
    now = int(time.time())
    claims = {
        "iss": settings.oauth_issuer,
        "aud": settings.oauth_audience,
        "sub": template.credentials["coordinator"]["client_id"],
        "client_id": template.credentials["coordinator"]["client_id"],
        "iat": now,
        "exp": now + 300,
        "jti": f"test-{now}-{id(overrides)}",
        "scope": "centres:read",
        "role": "coordinator",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    signing = key or server_key(services)
    head = {"alg": "RS256", "typ": "at+jwt", "kid": signing.kid}
    head.update(header or {})
    head = {k: v for k, v in head.items() if v is not None}
    return jwt.encode(head, claims, signing)
