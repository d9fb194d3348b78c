"""Who a verified token or a signed-in session stands for: the one place that makes an
:class:`~directory.identity.Identity` out of claims or a session.

Every principal is (issuer, id). Our own tokens are ``local``; a provider's carry its issuer
URL. A program's id is its client id; a person's is their subject (``user``), so a person and
a client of the same name, or two issuers' clients of the same name, are never one principal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.identity import LOCAL_ISSUER, ROLE_SCOPES, Identity
from directory.models import WebSession


class Refused(Exception):
    """The token is not one we accept; the message says why (safe to show)."""


class Unverifiable(Exception):
    """The token could not be checked now (the provider did not answer): try again later."""


def claim_at(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def from_local_claims(claims: Mapping[str, Any], request_id: str | None) -> Identity:
    """An identity for a verified access token of our own authorization server."""
    role = claims.get("role")
    if role not in ROLE_SCOPES:
        raise Refused("The access token names no role this API knows.")
    client_id, subject = claims["client_id"], claims.get("sub")
    person = subject is not None and subject != client_id  # a person signed in through a client
    return Identity(
        client_id=client_id,
        role=role,
        scopes=frozenset(str(claims.get("scope", "")).split()),
        centre=claims.get("centre"),
        subject=claims.get("email") or subject,
        token_id=claims.get("jti"),
        request_id=request_id,
        issuer=LOCAL_ISSUER,
        user=subject if person else None,
    )


def from_provider_claims(
    issuer: str,
    claims: Mapping[str, Any],
    roles_claim: str,
    role_map: Mapping[str, str],
    centre_claim: str,
    request_id: str | None,
) -> Identity:
    """An identity for a verified access token of an external provider (pure).

    A client-credentials token names its client (``client_id``, as Keycloak's service accounts
    do); any other token is a person's (``sub``), through the client in ``azp``."""
    program = claims.get("client_id")
    client_id = program or claims.get("azp")
    if not client_id:
        raise Refused("The access token names no client (azp).")
    provider_roles = claim_at(claims, roles_claim) or []
    mapping = role_map or {role: role for role in ROLE_SCOPES}
    ours = {mapping[r] for r in provider_roles if r in mapping}
    if len(ours) != 1:
        raise Refused("The access token must carry exactly one role this API knows.")
    (role,) = ours
    granted = set(ROLE_SCOPES[role])
    asked = set(str(claims.get("scope", "")).split()) & granted
    centre = claims.get(centre_claim)
    if isinstance(centre, list):
        centre = centre[0] if len(centre) == 1 else None
    if role == "partner" and not centre:
        raise Refused(f"A partner's token must name its centre ({centre_claim}).")
    subject = claims.get("sub")
    return Identity(
        client_id=str(client_id),
        role=role,
        scopes=frozenset(asked or granted),
        centre=str(centre) if role == "partner" else None,
        subject=claims.get("email") or claims.get("preferred_username") or subject,
        token_id=claims.get("jti"),
        request_id=request_id,
        issuer=issuer,
        user=None if program else subject,
    )


def from_session(row: WebSession, request_id: str | None) -> Identity:
    """The identity a signed-in person acts with in the web app: what the provider vouched for
    at sign-in (see :mod:`api.web.auth`), with their role's scopes."""
    role = row.role or ""
    return Identity(
        client_id=row.client_id or "web",
        role=role,
        scopes=frozenset(ROLE_SCOPES.get(role, ())),
        centre=row.centre,
        subject=row.email,
        request_id=request_id,
        issuer=row.issuer or "",
        user=row.subject,
    )
