"""OAuth 2.0, all in one module: the built-in authorization server and the resource protection.

Authorization server (Authlib): the client credentials grant with ``client_secret_basic`` and
``client_secret_post``; RFC 9068 JWT access tokens addressed to this API, signed with a key
kept in the database; JWKS; RFC 8414 metadata; RFC 7662 introspection; RFC 7009 revocation,
made to bite at once through a ``jti`` denylist.

Resource server: every protected view is wrapped by :func:`requires`, which validates the
bearer token (signature, ``typ``, issuer, audience, expiry, revocation), checks the scope, and
hands the view an :class:`~directory.identity.Identity`.
"""

from __future__ import annotations

import functools
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator, JWTBearerTokenValidator
from authlib.oauth2.rfc9068.claims import JWTAccessTokenClaims
from flask import Blueprint, Flask, current_app, g, jsonify, request
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from api.external import ExternalValidator, Refused
from api.problems import ProblemError
from directory.identity import ROLE_SCOPES, SCOPES, Identity
from directory.models import OAuthClient
from directory.secrets import verify_secret
from directory.services import Services
from directory.services.clients import UNKNOWN_CLIENT_HASH

log = logging.getLogger(__name__)

SIGNING_ALG = "RS256"
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
#: A token naming a key we do not know makes us reread the keys at most this often.
KEY_REFRESH_INTERVAL = 60.0
REALM = "partner-directory"


# --- keys -------------------------------------------------------------------------------------


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


# --- the authorization server -----------------------------------------------------------------


class Client(ClientMixin):
    """Authlib's view of one of our OAuth clients."""

    def __init__(self, row: OAuthClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """All the client's scopes when none is asked; else those asked that it holds (RFC 6749
        lets the server narrow a request). Holding none of those asked is ``invalid_scope``."""
        granted = list(self.row.scopes)
        if not scope:
            return " ".join(granted)
        allowed = [s for s in scope.split() if s in granted]
        if not allowed:
            raise InvalidScopeError(description="The client holds none of the scopes asked for.")
        return " ".join(allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return verify_secret(client_secret, self.row.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class ClientCredentials(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class TokenGenerator(JWTBearerTokenGenerator):
    """RFC 9068 tokens for this API: audience is the API, role and centre ride along."""

    def __init__(self, issuer: str, audience: str, ttl: int, keys: Keys) -> None:
        super().__init__(issuer=issuer, alg=SIGNING_ALG, expires_generator=lambda client, grant: ttl)
        self.audience = audience
        self.keys = keys

    def get_jwks(self) -> KeySet:
        return self.keys.signing()

    def get_audiences(self, client: Client, user: Any, scope: str) -> str:
        return self.audience

    def get_extra_claims(self, client: Client, grant_type: str, user: Any, scope: str) -> dict[str, Any]:
        claims: dict[str, Any] = {"role": client.row.role}
        if client.row.centre is not None:
            claims["centre"] = client.row.centre.slug
        return claims


class Introspection(IntrospectionEndpoint):
    """RFC 7662. A client may introspect its own tokens; an admin client any token."""

    CLIENT_AUTH_METHODS = list(AUTH_METHODS)

    def __init__(self, server: AuthorizationServer, validator: AccessTokenValidator) -> None:
        super().__init__(server)
        self.validator = validator

    def query_token(self, token_string: str, token_type_hint: str | None) -> dict[str, Any] | None:
        try:
            claims = self.validator.authenticate_token(token_string)
            self.validator.check_claims(claims)
        except InvalidTokenError:
            return None
        return dict(claims)

    def check_permission(self, token: dict[str, Any], client: Client, request: Any) -> bool:
        return client.row.role == "admin" or token.get("client_id") == client.get_client_id()

    def create_introspection_payload(self, token: dict[str, Any] | None) -> dict[str, Any]:
        if not token:
            return {"active": False}
        fields = ("scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti", "role", "centre")
        return {"active": True, "token_type": "Bearer", **{k: token[k] for k in fields if k in token}}


class Revocation(RevocationEndpoint):
    """RFC 7009. A client revokes its own tokens; the ``jti`` is refused until expiry."""

    CLIENT_AUTH_METHODS = list(AUTH_METHODS)

    def __init__(self, server: AuthorizationServer, validator: AccessTokenValidator, services: Services) -> None:
        super().__init__(server)
        self.validator = validator
        self.services = services

    def query_token(self, token_string: str, token_type_hint: str | None) -> dict[str, Any] | None:
        try:
            return dict(self.validator.authenticate_token(token_string))
        except InvalidTokenError:
            return None

    def authenticate_token(self, request: Any, client: Client) -> dict[str, Any] | None:
        self.check_params(request, client)
        token = self.query_token(request.form["token"], request.form.get("token_type_hint"))
        # A token of another client is treated as unknown: nothing to revoke (RFC 7009 §2.2).
        if token and token.get("client_id") == client.get_client_id():
            return token
        return None

    def revoke_token(self, token: dict[str, Any], request: Any) -> None:
        client = request.client.row
        identity = Identity(
            client_id=client.client_id,
            role=client.role,
            centre=client.centre.slug if client.centre else None,
            subject=client.client_id,
            request_id=g.get("request_id"),
        )
        expires = datetime.fromtimestamp(int(token["exp"]), UTC)
        self.services.clients.revoke_token(identity, token["jti"], expires)


# --- the resource server ----------------------------------------------------------------------


class AccessTokenValidator(JWTBearerTokenValidator):
    """Validates our RFC 9068 access tokens.

    Stricter than Authlib's default: ``typ`` must be present and ``at+jwt``, only RS256 is
    accepted, and a revoked ``jti`` is refused.
    """

    def __init__(self, issuer: str, audience: str, keys: Keys, services: Services) -> None:
        super().__init__(issuer=issuer, resource_server=audience, realm=REALM)
        self.keys = keys
        self.services = services

    def authenticate_token(self, token_string: str) -> JWTAccessTokenClaims:
        try:
            header = jws.extract_compact(token_string.encode()).protected
        except (JoseError, ValueError) as exc:
            raise self._invalid("The access token is malformed.") from exc
        if str(header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
            raise self._invalid("The access token must be an RFC 9068 JWT (typ at+jwt).")
        if header.get("alg") != SIGNING_ALG:
            raise self._invalid("The access token's algorithm is not accepted.")
        self.keys.expect(header.get("kid"))
        try:
            return super().authenticate_token(token_string)
        except InvalidTokenError as exc:
            raise self._invalid("The access token's signature or format is not valid.") from exc

    def get_jwks(self) -> KeySet:
        return self.keys.verifying()

    def check_claims(self, claims: JWTAccessTokenClaims) -> None:
        try:
            claims.validate()
        except JoseError as exc:
            raise self._invalid(f"The access token is not valid: {exc.error}.") from exc
        refused = self.services.clients.refusal(claims["jti"], claims["client_id"])
        if refused:
            raise self._invalid(refused)

    def _invalid(self, description: str) -> InvalidTokenError:
        return InvalidTokenError(description=description, realm=REALM)


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
    oauth: OAuth = current_app.extensions["oauth"]
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
        identity = oauth.identify(token_string.strip())
    except Refused as exc:
        raise ProblemError(
            401,
            str(exc),
            code="invalid-token",
            headers={"WWW-Authenticate": _www_authenticate("invalid_token", str(exc))},
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
            g.identity = authenticate(scopes)
            current_app.extensions["rate_limits"].client(g.identity.client_id)
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


# --- wiring -----------------------------------------------------------------------------------


class OAuth:
    """The authorization server and the token validator of one app."""

    def __init__(self, app: Flask, services: Services) -> None:
        config = app.config["SETTINGS"]
        self.issuer = config.oauth_issuer
        self.audience = config.oauth_audience
        self.keys = Keys(services)
        self.validator = AccessTokenValidator(self.issuer, self.audience, self.keys, services)

        def query_client(client_id: str) -> Client | None:
            row = services.clients.get(client_id)
            if row is None:
                verify_secret("", UNKNOWN_CLIENT_HASH)  # as long as a known client's check takes
                return None
            return Client(row)

        server = AuthorizationServer()
        server.init_app(app, query_client=query_client, save_token=lambda token, req: None)
        server.scopes_supported = list(SCOPES)
        server.register_grant(ClientCredentials)
        server.register_token_generator(
            "default", TokenGenerator(self.issuer, self.audience, config.access_token_ttl, self.keys)
        )
        server.register_endpoint(Introspection(server, self.validator))
        server.register_endpoint(Revocation(server, self.validator, services))
        self.server = server
        self.external = ExternalValidator(config.external) if config.external else None
        app.extensions["oauth"] = self

    def identify(self, token: str) -> Identity:
        """Who a bearer token stands for. One validator that chooses by issuer: the external
        provider's tokens are checked against its keys, every other token as one of ours."""
        try:
            parts = jws.extract_compact(token.encode())
            header, payload = parts.protected, json.loads(parts.payload)
        except (JoseError, ValueError) as exc:
            raise Refused("The access token is malformed.") from exc
        request_id = g.get("request_id")
        if self.external and isinstance(payload, dict) and payload.get("iss") == self.external.profile.issuer:
            return self.external.identity(token, header, request_id)
        try:
            claims = self.validator.authenticate_token(token)
            self.validator.check_claims(claims)
        except InvalidTokenError as exc:
            raise Refused(exc.description or "The access token is not valid.") from exc
        role = claims.get("role")
        if role not in ROLE_SCOPES:
            raise Refused("The access token names no role this API knows.")
        return Identity(
            client_id=claims["client_id"],
            role=role,
            scopes=frozenset(str(claims.get("scope", "")).split()),
            centre=claims.get("centre"),
            subject=claims.get("sub"),
            token_id=claims.get("jti"),
            request_id=request_id,
        )

    def metadata(self) -> dict[str, Any]:
        """RFC 8414 metadata. ``response_types_supported`` is empty: there is no authorization
        endpoint (Authlib's validator insists on a non-empty list, so it is not used here)."""
        base = self.issuer
        return {
            "issuer": base,
            "token_endpoint": f"{base}/oauth/token",
            "jwks_uri": f"{base}/.well-known/jwks.json",
            "introspection_endpoint": f"{base}/oauth/introspect",
            "revocation_endpoint": f"{base}/oauth/revoke",
            "grant_types_supported": ["client_credentials"],
            "response_types_supported": [],
            "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "scopes_supported": list(SCOPES),
            "service_documentation": f"{base}/docs",
        }


blueprint = Blueprint("oauth", __name__)


@blueprint.before_request
def _limit() -> None:
    current_app.extensions["rate_limits"].oauth(request.remote_addr or "unknown")


def _server() -> AuthorizationServer:
    return current_app.extensions["oauth"].server


@blueprint.post("/oauth/token")
def issue_token() -> Any:
    return _server().create_token_response()


@blueprint.post("/oauth/introspect")
def introspect() -> Any:
    return _server().create_endpoint_response(Introspection.ENDPOINT_NAME)


@blueprint.post("/oauth/revoke")
def revoke() -> Any:
    return _server().create_endpoint_response(Revocation.ENDPOINT_NAME)


@blueprint.get("/.well-known/jwks.json")
def jwks() -> Any:
    response = jsonify(current_app.extensions["oauth"].keys.public_jwks())
    response.cache_control.max_age = 300
    return response


@blueprint.get("/.well-known/oauth-authorization-server")
def server_metadata() -> Any:
    return jsonify(current_app.extensions["oauth"].metadata())
