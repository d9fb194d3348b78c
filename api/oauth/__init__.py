"""OAuth 2.0 and OpenID Connect, by role: the signing keys (``keys``), the built-in
authorization server (``server``), the validation of our own tokens (``local``) and of an
external provider's (``external``), the one place that turns a verified token into an
identity (``identities``), and the protection of views (``protection``)."""

from __future__ import annotations

from flask import Flask

from api.oauth import signin
from api.oauth.external import ExternalValidator
from api.oauth.identities import Refused, Unverifiable
from api.oauth.keys import Keys, generate_signing_key
from api.oauth.local import AccessTokenValidator
from api.oauth.protection import Guard, admit, current_identity, requires
from api.oauth.server import OAuth, blueprint
from directory.services import Services

__all__ = [
    "Guard",
    "OAuth",
    "Refused",
    "Unverifiable",
    "admit",
    "blueprint",
    "current_identity",
    "generate_signing_key",
    "install",
    "requires",
]


def install(app: Flask, services: Services) -> None:
    """The authorization server and the guard of one app."""
    config = app.config["SETTINGS"]
    keys = Keys(services)
    local = AccessTokenValidator(config.oauth_issuer, config.oauth_audience, keys, services)
    OAuth(app, services, keys, local)
    external = ExternalValidator(config.external) if config.external else None
    app.extensions["guard"] = Guard(config.oauth_issuer, local, external)
    app.register_blueprint(blueprint)
    app.register_blueprint(signin.blueprint)
