"""Resource protection: every protected view is wrapped by :func:`requires`, which validates
the bearer token, checks the scope, applies the caller's rate limit and hands the view an
:class:`~directory.identity.Identity`.

One guard chooses the validator by the token's issuer: our own tokens are checked against our
keys and denylist, an external provider's against its keys (and its introspection, when set);
a token of any other issuer is refused as such before anything else is looked at.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from authlib.oauth2.rfc6750 import InvalidTokenError
from flask import current_app, g, request
from joserfc import jws
from joserfc.errors import JoseError

from api.oauth.external import ExternalValidator
from api.oauth.identities import Refused, Unverifiable, from_local_claims
from api.oauth.local import REALM, AccessTokenValidator
from api.problems import ProblemError
from directory.identity import SCOPES, Identity

#: Seconds a client should wait when the identity provider could not be asked.
PROVIDER_RETRY_AFTER = 5


class Guard:
    """Who a bearer token stands for, whichever issuer made it."""

    def __init__(self, issuer: str, local: AccessTokenValidator, external: ExternalValidator | None) -> None:
        self.issuer = issuer
        self.local = local
        self.external = external

    def identify(self, token: str) -> Identity:
        try:
            parts = jws.extract_compact(token.encode())
            header, payload = parts.protected, json.loads(parts.payload)
        except (JoseError, ValueError) as exc:
            raise Refused("The access token is malformed.") from exc
        if not isinstance(payload, dict):
            raise Refused("The access token is malformed.")
        issuer = payload.get("iss")
        request_id = g.get("request_id")
        if self.external is not None and issuer == self.external.profile.issuer:
            return self.external.identity(token, header, request_id)
        if issuer != self.issuer:
            named = f" ({issuer})" if isinstance(issuer, str) and len(issuer) <= 200 else ""
            raise Refused(f"The access token's issuer{named} is not trusted here.")
        try:
            claims = self.local.authenticate_token(token)
            self.local.check_claims(claims)
        except InvalidTokenError as exc:
            raise Refused(exc.description or "The access token is not valid.") from exc
        return from_local_claims(claims, request_id)

    def state(self) -> dict[str, Any] | None:
        """For readiness: the external issuer's keys (None without one)."""
        return self.external.state() if self.external is not None else None


def _www_authenticate(error: str | None = None, description: str | None = None, scope: str | None = None) -> str:
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def authenticate(scopes: tuple[str, ...]) -> Identity:
    """Validate the request's bearer token (for one of ``scopes``, if any) and return who is
    calling."""
    guard: Guard = current_app.extensions["guard"]
    header = request.headers.get("Authorization", "")
    kind, _, token_string = header.partition(" ")
    if not header:
        raise ProblemError(
            401,
            "This operation needs a bearer access token.",
            code="unauthenticated",
            headers={"WWW-Authenticate": _www_authenticate()},
        )
    if kind.lower() != "bearer" or not token_string.strip():
        raise ProblemError(
            401,
            "Send the access token as 'Authorization: Bearer <token>'.",
            code="invalid-token",
            headers={"WWW-Authenticate": _www_authenticate("invalid_request", "Bearer token expected")},
        )
    try:
        identity = guard.identify(token_string.strip())
    except Refused as exc:
        raise ProblemError(
            401,
            str(exc),
            code="invalid-token",
            headers={"WWW-Authenticate": _www_authenticate("invalid_token", str(exc))},
        ) from exc
    except Unverifiable as exc:
        raise ProblemError(
            503, str(exc), code="provider-unavailable", headers={"Retry-After": str(PROVIDER_RETRY_AFTER)}
        ) from exc
    if scopes and not any(scope in identity.scopes for scope in scopes):
        needed = " or ".join(repr(s) for s in scopes)
        raise ProblemError(
            403,
            f"This operation needs the scope {needed}.",
            code="insufficient-scope",
            headers={"WWW-Authenticate": _www_authenticate("insufficient_scope", None, " ".join(scopes))},
        )
    return identity


def admit(scopes: tuple[str, ...]) -> Identity:
    """The caller, with a token for one of ``scopes`` (any, when none), within its rate limit:
    what :func:`requires` does, for views whose scopes depend on what is asked."""
    g.identity = authenticate(scopes)
    current_app.extensions["rate_limits"].client(" ".join(g.identity.principal))
    return g.identity


def requires(*scopes: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Protect a view with a scope, or one of several (none: any valid access token for this
    API); the view reads the caller from :func:`current_identity`. The scopes are also written
    into the OpenAPI document of the operation.
    """
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scopes {unknown}")

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            admit(scopes)
            return view(*args, **kwargs)

        apidoc = getattr(wrapped, "_apidoc", {})
        manual = apidoc.setdefault("manual_doc", {})
        manual["security"] = [{"oauth2": [scope]} for scope in scopes] or [{"oauth2": []}]
        responses = manual.setdefault("responses", {})
        responses.setdefault("401", {"$ref": "#/components/responses/Unauthorized"})
        responses.setdefault("429", {"$ref": "#/components/responses/TooManyRequests"})
        if scopes:
            responses.setdefault("403", {"$ref": "#/components/responses/Forbidden"})
        wrapped._apidoc = apidoc  # type: ignore[attr-defined]
        return wrapped

    return decorator


def current_identity() -> Identity:
    return g.identity
