"""Access tokens from an external identity provider (Keycloak or any OIDC provider), checked as
strictly as our own.

Chosen by issuer, beside the built-in server's tokens. For each token:

- the issuer is the configured one (an unknown issuer is refused before anything else);
- it is an access token: the header's ``typ`` is the configured one (``JWT`` for Keycloak, or
  ``at+jwt``), and a ``typ`` claim, when present, says ``Bearer`` (Keycloak marks ID tokens
  ``ID`` and refresh tokens ``Refresh``);
- it is signed with one of the configured algorithms (RS256 by default) by a key of the
  provider's JWKS. The key set has a lifetime: it is fetched again when older than
  ``jwks_ttl`` (so a key the provider removed stops being trusted), and at once for an unknown
  ``kid`` (a rotation), at most every ``refetch_backoff`` seconds;
- audience, expiry, not-before and issued-at hold, with the leeway;
- optionally, the provider still says it is active (RFC 7662 introspection, cached for at most
  ``introspection_cache`` seconds per token): a token revoked at the provider, or whose client
  or user was disabled there, stops working within that time instead of at ``exp``.

Roles come from a claim path and map to ours by a table; a partner's centre from a claim.
"""

from __future__ import annotations

import contextlib
import hashlib
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

from api.oauth.identities import Refused, Unverifiable, from_provider_claims
from directory.identity import ROLE_SCOPES, Identity

log = logging.getLogger(__name__)

MAX_LEEWAY = 60
#: Algorithms a provider may be configured to sign with (asymmetric only: never HMAC).
ALLOWED_ALGORITHMS = ("RS256", "PS256", "ES256")
#: Access tokens: what a ``typ`` claim may say (Keycloak's ``Bearer``).
ACCESS_TOKEN_TYPES = ("bearer", "at+jwt")


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
    algorithms: tuple[str, ...] = ("RS256",)
    #: The key set is fetched again once it is this old (seconds).
    jwks_ttl: float = 300.0
    #: An unknown ``kid`` fetches the keys again, at most this often (seconds).
    refetch_backoff: float = 5.0
    introspection_url: str = ""
    introspection_client_id: str = ""
    introspection_client_secret: str = ""
    #: How long the provider's answer about a token is trusted (seconds).
    introspection_cache: float = 30.0

    def __post_init__(self) -> None:
        if not 0 <= self.leeway <= MAX_LEEWAY:
            raise ValueError(f"the leeway is at most {MAX_LEEWAY} s")
        if self.typ.lower() not in ("jwt", "at+jwt"):
            raise ValueError("typ is JWT or at+jwt")
        unknown = set(self.role_map.values()) - set(ROLE_SCOPES)
        if unknown:
            raise ValueError(f"the role map names roles we do not have: {sorted(unknown)}")
        if not self.algorithms or set(self.algorithms) - set(ALLOWED_ALGORITHMS):
            raise ValueError(f"algorithms are some of {', '.join(ALLOWED_ALGORITHMS)}")
        if not 0 < self.jwks_ttl <= 86400 or not 0 < self.refetch_backoff <= 60:
            raise ValueError("the key set's lifetime is up to a day, its refetch backoff up to 60 s")
        if not 0 <= self.introspection_cache <= 300:
            raise ValueError("introspection answers are cached for at most 300 s")
        if self.introspection_url and not self.introspection_client_id:
            raise ValueError("introspection needs a client id (and secret) at the provider")


class RemoteKeys:
    """The provider's JWKS, with a lifetime: fetched on first use, again once ``ttl`` old, and
    at once for an unknown key (at most every ``backoff`` seconds)."""

    def __init__(self, url: str, ttl: float, backoff: float, timeout: float = 3.0) -> None:
        self.url, self.ttl, self.backoff = url, ttl, backoff
        self.http = urllib3.PoolManager(timeout=timeout, retries=False)
        self.fetches = 0
        self.error: str | None = None
        self._keys: KeySet | None = None
        self._fetched_at: float | None = None  # last successful fetch
        self._tried_at = -backoff
        self._lock = threading.Lock()

    def for_kid(self, kid: str | None) -> KeySet:
        with self._lock:
            now = time.monotonic()
            stale = self._fetched_at is None or now - self._fetched_at >= self.ttl
            known = self._keys is not None and (kid is None or any(k.kid == kid for k in self._keys.keys))
            if (stale or not known) and now - self._tried_at >= self.backoff:
                self._fetch(now)
            if self._keys is None or (self._fetched_at is not None and now - self._fetched_at >= 2 * self.ttl):
                raise Unverifiable("The identity provider's keys are not available.")
            return self._keys

    def _fetch(self, now: float) -> None:
        self._tried_at = now
        self.fetches += 1
        try:
            response = self.http.request("GET", self.url)
            if response.status != 200:
                raise ValueError(f"JWKS answered {response.status}")
            self._keys = KeySet.import_key_set(json.loads(response.data))
            self._fetched_at, self.error = now, None
        except (urllib3.exceptions.HTTPError, ValueError, JoseError) as error:
            self.error = f"{type(error).__name__}: {error}"
            log.warning("could not fetch the JWKS of %s: %s", self.url, error)

    def state(self) -> dict[str, Any]:
        """For readiness: whether the keys are fresh, how old, how many (fetching them first
        if they are stale, within the backoff)."""
        with contextlib.suppress(Unverifiable):
            self.for_kid(None)
        with self._lock:
            age = None if self._fetched_at is None else round(time.monotonic() - self._fetched_at, 1)
            return {
                "fresh": age is not None and age < self.ttl,
                "age_seconds": age,
                "keys": len(self._keys.keys) if self._keys is not None else 0,
                "error": self.error,
            }


class ProviderIntrospection:
    """RFC 7662 at the provider, cached per token for a short, set time."""

    def __init__(self, profile: ExternalProfile, timeout: float = 3.0) -> None:
        self.profile = profile
        self.http = urllib3.PoolManager(timeout=timeout, retries=False)
        self.auth = urllib3.make_headers(
            basic_auth=f"{profile.introspection_client_id}:{profile.introspection_client_secret}"
        )
        self.calls = 0
        self._answers: dict[str, tuple[float, bool]] = {}
        self._lock = threading.Lock()

    def active(self, token: str) -> bool:
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            cached = self._answers.get(key)
            if cached and now - cached[0] < self.profile.introspection_cache:
                return cached[1]
        self.calls += 1
        try:
            response = self.http.request(
                "POST",
                self.profile.introspection_url,
                fields={"token": token, "token_type_hint": "access_token"},
                headers=self.auth,
                encode_multipart=False,
            )
            if response.status != 200:
                raise ValueError(f"introspection answered {response.status}")
            active = bool(json.loads(response.data).get("active"))
        except (urllib3.exceptions.HTTPError, ValueError) as error:
            log.warning("could not introspect at %s: %s", self.profile.introspection_url, error)
            raise Unverifiable("The identity provider could not confirm the access token now.") from error
        with self._lock:
            if len(self._answers) > 10_000:  # bounded: forget the oldest half
                for stale in sorted(self._answers, key=lambda k: self._answers[k][0])[:5_000]:
                    del self._answers[stale]
            self._answers[key] = (now, active)
        return active


class ExternalValidator:
    def __init__(self, profile: ExternalProfile) -> None:
        self.profile = profile
        self.keys = RemoteKeys(profile.jwks_url, profile.jwks_ttl, profile.refetch_backoff)
        self.introspection = ProviderIntrospection(profile) if profile.introspection_url else None
        self.claims = JWTClaimsRegistry(
            leeway=profile.leeway,
            iss={"essential": True, "value": profile.issuer},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
        )

    def identity(self, token: str, header: Mapping[str, Any], request_id: str | None) -> Identity:
        profile = self.profile
        if str(header.get("typ", "")).lower() != profile.typ.lower():
            raise Refused(f"The access token's typ must be {profile.typ}.")
        if header.get("alg") not in profile.algorithms:
            raise Refused("The access token's algorithm is not accepted.")
        keys = self.keys.for_kid(header.get("kid"))
        try:
            decoded = jwt.decode(token, keys, algorithms=list(profile.algorithms))
            self.claims.validate(decoded.claims)
        except JoseError as error:
            raise Refused(f"The access token is not valid: {error.error}.") from error
        claims = decoded.claims
        kind = claims.get("typ")
        if kind is not None and str(kind).lower() not in ACCESS_TOKEN_TYPES:
            raise Refused(f"This is not an access token (typ {kind}).")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if profile.audience not in audiences:
            raise Refused("The access token is not for this API (aud).")
        if self.introspection is not None and not self.introspection.active(token):
            raise Refused("The identity provider says this access token is no longer active.")
        return from_provider_claims(
            profile.issuer, claims, profile.roles_claim, profile.role_map, profile.centre_claim, request_id
        )

    def state(self) -> dict[str, Any]:
        return {"issuer": self.profile.issuer, **self.keys.state()}
