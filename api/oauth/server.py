"""The built-in authorization server (Authlib): the client credentials grant with
``client_secret_basic`` and ``client_secret_post``; RFC 9068 JWT access tokens addressed to
this API, signed with a key kept in the database; JWKS; RFC 8414 metadata; RFC 7662
introspection; RFC 7009 revocation, made to bite at once through a ``jti`` denylist.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from flask import Blueprint, Flask, current_app, g, jsonify, request
from joserfc.jwk import KeySet

from api.oauth.keys import SIGNING_ALG, Keys
from api.oauth.local import AccessTokenValidator
from directory.identity import SCOPES, Identity
from directory.models import OAuthClient
from directory.secrets import verify_secret
from directory.services import Services
from directory.services.clients import UNKNOWN_CLIENT_HASH

log = logging.getLogger(__name__)

AUTH_METHODS = ("client_secret_basic", "client_secret_post")


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


# --- wiring -----------------------------------------------------------------------------------


class OAuth:
    """The authorization server of one app (its tokens are validated by ``validator``)."""

    def __init__(self, app: Flask, services: Services, keys: Keys, validator: AccessTokenValidator) -> None:
        config = app.config["SETTINGS"]
        self.issuer = config.oauth_issuer
        self.audience = config.oauth_audience
        self.keys = keys
        self.validator = validator

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
        app.extensions["oauth"] = self

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
