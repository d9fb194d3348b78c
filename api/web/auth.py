"""How people sign in to the web app: an OpenID Connect relying party, run on the server (a
backend-for-frontend). The browser never holds a token, only a session cookie.

The same code signs people in at the built-in server (local accounts, the default) or at an
external provider (``WEB_OIDC_ISSUER``, e.g. a Keycloak realm): authorization code with PKCE
S256, state and nonce, the ID token checked against the provider's keys, and the access token
turned into an identity by the same guard that checks API tokens (so roles and a partner's
centre come from one mapping). Only the transport differs: the built-in server is asked
in-process (``httpx.WSGITransport``), an external one over the network.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import Flask, current_app
from flask_babel import gettext as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from api.oauth.identities import Refused, Unverifiable
from directory.identity import LOCAL_ISSUER
from directory.services.sessions import Person

log = logging.getLogger(__name__)

SCOPE = "openid email profile"
#: The provider's discovery document and keys are read again this often.
DISCOVERY_TTL = 300.0


class SignInFailed(Exception):
    """The sign-in could not be completed; the message is safe to show."""


@dataclass(frozen=True)
class Redirect:
    url: str
    login: dict[str, Any]  # what the callback must see again


class RelyingParty:
    def __init__(self, app: Flask) -> None:
        config = app.config["SETTINGS"]
        self.app = app
        self.external = bool(config.web_oidc_issuer)
        self.issuer = config.web_oidc_issuer or config.oauth_issuer
        self.client_id = config.web_client_id
        self.given_secret = config.web_client_secret
        self.redirect_uri = f"{config.public_url}/app/auth/callback"
        self.home = f"{config.public_url}/app/"
        self._discovery: tuple[float, dict[str, Any]] | None = None
        self._lock = threading.Lock()

    # --- talking to the provider --------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        if self.external:
            return httpx.Client(timeout=10.0)
        return httpx.Client(transport=httpx.WSGITransport(app=self.app), base_url=self.issuer, timeout=10.0)

    @property
    def secret(self) -> str:
        return self.given_secret or self.app.extensions["oauth"].web.secret

    def discovery(self) -> dict[str, Any]:
        with self._lock:
            if self._discovery is None or time.monotonic() - self._discovery[0] > DISCOVERY_TTL:
                with self._http() as http:
                    answer = http.get(f"{self.issuer}/.well-known/openid-configuration")
                if answer.status_code != 200:
                    raise SignInFailed(_("The identity provider does not answer: try again shortly."))
                document = answer.json()
                with self._http() as http:
                    keys = http.get(document["jwks_uri"]).json()
                self._discovery = (time.monotonic(), {**document, "keys": keys})
            return self._discovery[1]

    # --- the two halves of a sign-in -------------------------------------------------------------------

    def start(self, return_to: str) -> Redirect:
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(64)  # RFC 7636: 43 to 128 characters
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "scope": SCOPE,
                "state": state,
                "nonce": nonce,
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        url = f"{self.discovery()['authorization_endpoint']}?{query}"
        return Redirect(url, {"state": state, "nonce": nonce, "verifier": verifier, "return_to": return_to})

    def finish(self, login: dict[str, Any], code: str, state: str) -> tuple[Person, str]:
        """The person the provider vouches for, and the ID token (for signing out there)."""
        if not secrets.compare_digest(state, login.get("state", "")):
            raise SignInFailed(_("The sign-in did not come back as it left: please sign in again."))
        document = self.discovery()
        with self._http() as http:
            answer = http.post(
                document["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri,
                    "code_verifier": login["verifier"],
                },
                auth=(self.client_id, self.secret),
            )
        if answer.status_code != 200:
            log.warning("the provider refused the code: %s %s", answer.status_code, answer.text[:300])
            raise SignInFailed(_("The identity provider refused the sign-in: please sign in again."))
        tokens = answer.json()
        claims = self._id_claims(tokens.get("id_token", ""), login["nonce"], document)
        try:
            identity = self.app.extensions["guard"].identify(tokens.get("access_token", ""))
        except (Refused, Unverifiable) as error:
            raise SignInFailed(_("Signed in, but not for this service: %(why)s", why=error)) from error
        if identity.user is None:
            raise SignInFailed(_("That sign-in is a program's, not a person's."))
        if identity.role == "intake":
            raise SignInFailed(_("The intake role is for programs: people use the other roles."))
        person = Person(
            issuer=identity.issuer,
            subject=identity.user,
            client_id=identity.client_id,
            role=identity.role,
            centre=identity.centre,
            email=claims.get("email") or identity.subject,
            name=claims.get("name") or claims.get("preferred_username"),
        )
        return person, tokens.get("id_token", "")

    def _id_claims(self, id_token: str, nonce: str, document: dict[str, Any]) -> dict[str, Any]:
        registry = JWTClaimsRegistry(
            leeway=30,
            iss={"essential": True, "value": document["issuer"]},
            aud={"essential": True, "value": self.client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            decoded = jwt.decode(id_token, KeySet.import_key_set(document["keys"]), algorithms=["RS256"])
            registry.validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise SignInFailed(_("The identity provider's answer could not be verified.")) from error
        return dict(decoded.claims)

    def end_session_url(self, id_token: str | None, back: str) -> str | None:
        """Where to send the browser to end the provider's own session too (external only)."""
        if not self.external:
            return None
        endpoint = self.discovery().get("end_session_endpoint")
        if not endpoint:
            return None
        query = {"post_logout_redirect_uri": back, "client_id": self.client_id}
        if id_token:
            query["id_token_hint"] = id_token
        return f"{endpoint}?{urlencode(query)}"


def relying_party() -> RelyingParty:
    return current_app.extensions["relying_party"]


def is_local(person_issuer: str | None) -> bool:
    return person_issuer == LOCAL_ISSUER
