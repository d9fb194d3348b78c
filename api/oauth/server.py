"""The built-in authorization server (Authlib).

For programs: the client credentials grant with ``client_secret_basic`` and
``client_secret_post``. For people, through the first-party web app only: the authorization
code grant with PKCE (S256 only: a request without a challenge, or with ``plain``, is refused)
and OpenID Connect (an ID token, discovery), against local user accounts (see
:mod:`api.oauth.signin` for the sign-in page).

Access tokens are RFC 9068 JWTs addressed to this API, signed with a key kept in the
database; JWKS; RFC 8414 metadata; RFC 7662 introspection; RFC 7009 revocation, made to bite
at once through a ``jti`` denylist.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidScopeError
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, ClientCredentialsGrant
from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Blueprint, Flask, current_app, g, jsonify, request
from joserfc.jwk import KeySet

from api.oauth.keys import JWKS_MAX_AGE, SIGNING_ALG, Keys
from api.oauth.local import AccessTokenValidator
from directory.identity import SCOPES, Identity
from directory.models import AuthorizationCode, OAuthClient, User
from directory.secrets import verify_secret
from directory.services import Services
from directory.services.clients import UNKNOWN_CLIENT_HASH, secret_matches

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
        return secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class ClientCredentials(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


# --- people: the first-party web app, authorization codes, ID tokens ------------------------------

#: What the web app may ask of the built-in server for a person.
WEB_SCOPES = ("openid", "email", "profile")


class WebClient(ClientMixin):
    """The first-party web app: confidential, one redirect URI, the authorization code grant
    only, and only at the token endpoint (it neither introspects nor revokes)."""

    def __init__(self, client_id: str, secret: Callable[[], str], redirect_uri: str) -> None:
        self.client_id, self.redirect_uri = client_id, redirect_uri
        self._secret = secret
        self._known: str | None = None

    @property
    def secret(self) -> str:
        """Read when first needed (not at start: the database may not be up yet)."""
        if self._known is None:
            self._known = self._secret()
        return self._known

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in (scope or "").split() if s in WEB_SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return hmac.compare_digest(redirect_uri, self.redirect_uri)

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret, self.secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass(frozen=True)
class Account:
    """Authlib's view of a person with a local account."""

    user: User

    def get_user_id(self) -> str:
        return self.user.id


@dataclass(frozen=True)
class Code(AuthorizationCodeMixin):
    """Authlib's view of a stored authorization code."""

    row: AuthorizationCode

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope

    def get_nonce(self) -> str | None:
        return self.row.nonce

    def get_auth_time(self) -> int:
        return int(self.row.auth_time.timestamp())

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str:
        return self.row.code_challenge_method


class PKCE(CodeChallenge):
    """RFC 7636, S256 only, on every request: without a challenge, or with ``plain``, refused;
    at the token endpoint the verifier is required of confidential clients too."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("A code_challenge (PKCE, S256) is required.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("The code_verifier is required.")
        super().validate_code_verifier(grant, result)


class AuthorizationCodes(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)
    services: Services  # set by OAuth

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        self.services.sessions.save_code(
            code,
            request.client.get_client_id(),
            request.user.get_user_id(),
            request.payload.redirect_uri,
            request.payload.scope or "",
            data.get("nonce"),
            data["code_challenge"],
            data["code_challenge_method"],
        )

    def query_authorization_code(self, code: str, client: Any) -> Code | None:
        row = self.services.sessions.code(code, client.get_client_id())
        return Code(row) if row is not None else None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        if not self.services.sessions.use_code(authorization_code.row.code_hash):
            raise InvalidGrantError("The authorization code was used already.")

    def authenticate_user(self, authorization_code: Code) -> Account | None:
        user = self.services.users.get(authorization_code.row.user_id)
        return Account(user) if user is not None and user.disabled_at is None else None


class IdTokens(OpenIDCode):
    """ID tokens signed with the server's key; the person's email, name, role and centre."""

    def __init__(self, issuer: str, keys: Keys) -> None:
        super().__init__(require_nonce=True)
        self.issuer, self.keys = issuer, keys

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return False  # a code is used once; a replayed nonce cannot yield a second ID token

    def resolve_client_private_key(self, client: Any) -> KeySet:
        return self.keys.signing()

    def get_client_algorithm(self, client: Any) -> str:
        return SIGNING_ALG

    def get_client_claims(self, client: Any) -> dict[str, Any]:
        return {"iss": self.issuer, "aud": [client.get_client_id()], "exp": int(time.time()) + 300}

    def get_encode_header(self, client: Any) -> dict[str, Any]:
        return {"alg": SIGNING_ALG, "kid": self.keys.signing().keys[0].kid, "typ": "JWT"}

    def generate_user_info(self, user: Account, scope: str) -> UserInfo:
        return UserInfo(**_person_claims(user.user), sub=user.user.id)


def _person_claims(user: User) -> dict[str, Any]:
    claims: dict[str, Any] = {"email": user.email, "name": user.name, "role": user.role}
    if user.centre is not None:
        claims["centre"] = user.centre.slug
    return claims


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
        if isinstance(user, Account):  # a person, through the web app
            return _person_claims(user.user)
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

        # The first-party web app, when people sign in here (not at an external provider).
        self.web: WebClient | None = None
        if not config.web_oidc_issuer:
            given = config.web_client_secret
            self.web = WebClient(
                config.web_client_id,
                (lambda: given) if given else services.clients.web_secret,
                f"{config.public_url}/app/auth/callback",
            )

        def query_client(client_id: str) -> ClientMixin | None:
            if self.web is not None and client_id == self.web.client_id:
                return self.web
            row = services.clients.get(client_id)
            if row is None:
                verify_secret("", UNKNOWN_CLIENT_HASH)  # as long as a known client's check takes
                return None
            return Client(row)

        server = AuthorizationServer()
        server.init_app(app, query_client=query_client, save_token=lambda token, req: None)
        server.scopes_supported = [*SCOPES, *WEB_SCOPES]
        server.register_grant(ClientCredentials)
        AuthorizationCodes.services = services
        server.register_grant(AuthorizationCodes, [PKCE(required=True), IdTokens(self.issuer, keys)])
        server.register_token_generator(
            "default", TokenGenerator(self.issuer, self.audience, config.access_token_ttl, self.keys)
        )
        server.register_endpoint(Introspection(server, self.validator))
        server.register_endpoint(Revocation(server, self.validator, services))
        self.server = server
        app.extensions["oauth"] = self

    def metadata(self) -> dict[str, Any]:
        """RFC 8414 metadata, which is also the OpenID Connect discovery document."""
        base = self.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "jwks_uri": f"{base}/.well-known/jwks.json",
            "introspection_endpoint": f"{base}/oauth/introspect",
            "revocation_endpoint": f"{base}/oauth/revoke",
            "end_session_endpoint": f"{base}/oauth/sign-out",
            "grant_types_supported": ["client_credentials", "authorization_code"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [SIGNING_ALG],
            "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "scopes_supported": [*SCOPES, *WEB_SCOPES],
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
    response.cache_control.max_age = JWKS_MAX_AGE
    return response


@blueprint.get("/.well-known/oauth-authorization-server")
@blueprint.get("/.well-known/openid-configuration")
def server_metadata() -> Any:
    return jsonify(current_app.extensions["oauth"].metadata())


# --- the endpoints in the API's OpenAPI document -------------------------------------------------

#: The OAuth endpoints a program calls, as the API's document describes them: their bodies are
#: forms (RFC 6749), their errors RFC 6749's JSON, not problem details.
_CLIENT_AUTH = [{"clientSecretBasic": []}, {}]
_FORM = "application/x-www-form-urlencoded"
OAUTH_SCHEMAS = {
    "TokenRequest": {
        "type": "object",
        "required": ["grant_type"],
        "properties": {
            "grant_type": {
                "type": "string",
                "enum": ["client_credentials"],
                "description": "client_credentials: a program acting for itself.",
                "example": "client_credentials",
            },
            "scope": {
                "type": "string",
                "description": "Space-separated scopes, within the client's; absent: all of them.",
                "example": "centres:read match referrals:write",
            },
            "client_id": {
                "type": "string",
                "description": "With client_secret_post: the client's id (else use HTTP Basic).",
                "example": "intake-service",
            },
            "client_secret": {
                "type": "string",
                "description": "With client_secret_post: the client's secret.",
                "example": "s3cret",
            },
        },
    },
    "TokenResponse": {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in", "scope"],
        "properties": {
            "access_token": {"type": "string", "description": "An RFC 9068 JWT for this API."},
            "token_type": {"type": "string", "enum": ["Bearer"]},
            "expires_in": {"type": "integer", "description": "Seconds until it expires."},
            "scope": {"type": "string", "description": "The scopes granted, space-separated."},
        },
    },
    "TokenReference": {
        "type": "object",
        "required": ["token"],
        "properties": {
            "token": {"type": "string", "description": "The access token.", "example": "eyJhbGciOiJSUzI1NiIs..."},
            "token_type_hint": {
                "type": "string",
                "enum": ["access_token"],
                "description": "Optional: the kind of token (only access tokens are issued).",
                "example": "access_token",
            },
            "client_id": {
                "type": "string",
                "description": "With client_secret_post: the client's id.",
                "example": "intake-service",
            },
            "client_secret": {
                "type": "string",
                "description": "With client_secret_post: the client's secret.",
                "example": "s3cret",
            },
        },
    },
    "Introspection": {
        "type": "object",
        "required": ["active"],
        "description": "RFC 7662. Inactive (expired, revoked, unknown, or another client's): only active.",
        "properties": {
            "active": {"type": "boolean"},
            "token_type": {"type": "string"},
            "scope": {"type": "string"},
            "client_id": {"type": "string"},
            "sub": {"type": "string"},
            "aud": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "iss": {"type": "string"},
            "exp": {"type": "integer"},
            "iat": {"type": "integer"},
            "jti": {"type": "string"},
            "role": {"type": "string"},
            "centre": {"type": ["string", "null"]},
        },
    },
    "OAuthError": {
        "type": "object",
        "required": ["error"],
        "description": "RFC 6749 §5.2.",
        "properties": {
            "error": {"type": "string", "example": "invalid_client"},
            "error_description": {"type": "string"},
        },
    },
}


def _oauth_operation(
    operation_id: str, summary: str, description: str, body: str, ok: dict[str, Any]
) -> dict[str, Any]:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}}
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": ["oauth"],
        "security": _CLIENT_AUTH,
        "requestBody": {"required": True, "content": {_FORM: {"schema": {"$ref": f"#/components/schemas/{body}"}}}},
        "responses": {
            "200": ok,
            "400": {"description": "The request is not one this endpoint takes (RFC 6749 §5.2).", "content": error},
            "401": {"description": "The client could not be authenticated (invalid_client).", "content": error},
            "413": {"$ref": "#/components/responses/ContentTooLarge"},
            "429": {"$ref": "#/components/responses/TooManyRequests"},
        },
    }


OAUTH_PATHS = {
    "/oauth/token": _oauth_operation(
        "issueToken",
        "Issue an access token (client credentials).",
        "Authenticate with HTTP Basic (client_secret_basic) or client_id and client_secret in the form "
        "(client_secret_post). Ask for a new token shortly before expires_in runs out.",
        "TokenRequest",
        {
            "description": "The token.",
            "headers": {"Cache-Control": {"schema": {"type": "string", "example": "no-store"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenResponse"}}},
        },
    ),
    "/oauth/introspect": _oauth_operation(
        "introspectToken",
        "Say whether a token is active, and what it grants (RFC 7662).",
        "A client may introspect its own tokens (an admin client, any).",
        "TokenReference",
        {
            "description": "The token's state.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Introspection"}}},
        },
    ),
    "/oauth/revoke": _oauth_operation(
        "revokeToken",
        "Revoke a token (RFC 7009).",
        "A client revokes its own tokens; another client's, or an unknown one, is answered 200 too "
        "(RFC 7009 §2.2) and nothing changes.",
        "TokenReference",
        {
            "description": "Revoked, or nothing to revoke.",
            "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}},
        },
    ),
}


def document(spec: Any, app: Flask) -> None:
    """Add the OAuth endpoints to the API's OpenAPI document (flask-smorest's ``APISpec``)."""
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    spec.components.security_scheme(
        "clientSecretBasic", {"type": "http", "scheme": "basic", "description": "client_id:client_secret"}
    )
    for name, schema in OAUTH_SCHEMAS.items():
        spec.components.schema(name, schema)
    for path, operation in OAUTH_PATHS.items():
        spec.path(rule=rules[path], operations={"post": operation})
