"""Access tokens from an external identity provider (Keycloak or any OIDC provider).

Chosen by issuer, beside the built-in server's tokens. The provider's keys come from its JWKS
URL, cached; a token naming a key we do not know makes us fetch the set again, at most once a
minute. The Keycloak profile, by configuration:

- ``typ`` is ``JWT`` (Keycloak's default) or ``at+jwt``, as set;
- the client is ``azp`` (``client_id`` when present);
- roles come from a claim path (``realm_access.roles``, or ``resource_access.<client>.roles``)
  and map to our roles by a table; a role gives its scopes, narrowed by the token's ``scope``
  when that names any of ours;
- a partner's centre comes from a claim (``centre`` by default): no centre, no partner;
- the audience must include this API; clocks may differ by the leeway (at most 60 s).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import urllib3
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from directory.identity import ROLE_SCOPES, Identity

log = logging.getLogger(__name__)

ALGORITHMS = ["RS256", "PS256", "ES256"]
MAX_LEEWAY = 60
REFETCH_INTERVAL = 60.0


class Refused(Exception):
    """The token is not one we accept; the message says why (safe to show)."""


@dataclass(frozen=True)
class ExternalProfile:
    issuer: str
    jwks_url: str
    audience: str
    typ: str = "JWT"
    roles_claim: str = "realm_access.roles"
    role_map: Mapping[str, str] = field(default_factory=dict)
    centre_claim: str = "centre"
    leeway: int = 30

    def __post_init__(self) -> None:
        if not 0 <= self.leeway <= MAX_LEEWAY:
            raise ValueError(f"the leeway is at most {MAX_LEEWAY} s")
        if self.typ.lower() not in ("jwt", "at+jwt"):
            raise ValueError("typ is JWT or at+jwt")
        unknown = set(self.role_map.values()) - set(ROLE_SCOPES)
        if unknown:
            raise ValueError(f"the role map names roles we do not have: {sorted(unknown)}")


class RemoteKeys:
    """The provider's JWKS, fetched on first use and again for an unknown key, once a minute."""

    def __init__(self, url: str, timeout: float = 3.0) -> None:
        self.url = url
        self.http = urllib3.PoolManager(timeout=timeout, retries=False)
        self.fetches = 0
        self._keys: KeySet | None = None
        self._fetched_at = -REFETCH_INTERVAL
        self._lock = threading.Lock()

    def for_kid(self, kid: str | None) -> KeySet:
        with self._lock:
            known = self._keys is not None and (kid is None or any(k.kid == kid for k in self._keys.keys))
            if not known and time.monotonic() - self._fetched_at >= REFETCH_INTERVAL:
                self._fetch()
            if self._keys is None:
                raise Refused("The identity provider's keys are not available.")
            return self._keys

    def _fetch(self) -> None:
        self._fetched_at = time.monotonic()
        self.fetches += 1
        try:
            response = self.http.request("GET", self.url)
            if response.status != 200:
                raise ValueError(f"JWKS answered {response.status}")
            self._keys = KeySet.import_key_set(json.loads(response.data))
        except (urllib3.exceptions.HTTPError, ValueError, JoseError) as error:
            log.warning("could not fetch the JWKS of %s: %s", self.url, error)


class ExternalValidator:
    def __init__(self, profile: ExternalProfile) -> None:
        self.profile = profile
        self.keys = RemoteKeys(profile.jwks_url)
        self.claims = JWTClaimsRegistry(
            leeway=profile.leeway,
            iss={"essential": True, "value": profile.issuer},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
        )

    def identity(self, token: str, header: Mapping[str, Any], request_id: str | None) -> Identity:
        if str(header.get("typ", "")).lower() != self.profile.typ.lower():
            raise Refused(f"The access token's typ must be {self.profile.typ}.")
        keys = self.keys.for_kid(header.get("kid"))
        try:
            decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
            self.claims.validate(decoded.claims)
        except JoseError as error:
            raise Refused(f"The access token is not valid: {error.error}.") from error
        claims = decoded.claims
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.profile.audience not in audiences:
            raise Refused("The access token is not for this API (aud).")
        return map_identity(self.profile, claims, request_id)


def claim_at(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def map_identity(profile: ExternalProfile, claims: Mapping[str, Any], request_id: str | None) -> Identity:
    """Our identity for a provider's claims (pure): client, role, scopes, centre."""
    client_id = claims.get("client_id") or claims.get("azp")
    if not client_id:
        raise Refused("The access token names no client (azp).")
    provider_roles = claim_at(claims, profile.roles_claim) or []
    mapping = profile.role_map or {role: role for role in ROLE_SCOPES}
    ours = {mapping[r] for r in provider_roles if r in mapping}
    if len(ours) != 1:
        raise Refused("The access token must carry exactly one role this API knows.")
    (role,) = ours
    granted = set(ROLE_SCOPES[role])
    asked = set(str(claims.get("scope", "")).split()) & granted
    centre = claims.get(profile.centre_claim)
    if role == "partner" and not centre:
        raise Refused(f"A partner's token must name its centre ({profile.centre_claim}).")
    return Identity(
        client_id=f"{client_id}",
        role=role,
        scopes=frozenset(asked or granted),
        centre=centre if role == "partner" else None,
        subject=claims.get("sub"),
        token_id=claims.get("jti"),
        request_id=request_id,
    )
