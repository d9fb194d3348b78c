"""Validating the access tokens of our own authorization server."""

from __future__ import annotations

from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenValidator
from authlib.oauth2.rfc9068.claims import JWTAccessTokenClaims
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.oauth.keys import SIGNING_ALG, Keys
from directory.services import Services

REALM = "partner-directory"


class AccessTokenValidator(JWTBearerTokenValidator):
    """Validates our RFC 9068 access tokens.

    Stricter than Authlib's default: ``typ`` must be present and ``at+jwt``, only RS256 is
    accepted, and a revoked ``jti``, a disabled client or a disabled user is refused.
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
        person = claims.get("sub") if claims.get("sub") != claims["client_id"] else None
        refused = self.services.clients.refusal(claims["jti"], claims["client_id"], person)
        if refused:
            raise self._invalid(refused)

    def _invalid(self, description: str) -> InvalidTokenError:
        return InvalidTokenError(description=description, realm=REALM)
