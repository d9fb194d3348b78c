"""A real Keycloak (``TEST_KEYCLOAK_URL``; ``scripts/keycloak.sh start`` prints one), a realm of
its own for the session, and apps that trust it.

Without Keycloak, these tests are skipped locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import urllib3
from flask import Flask

from api import create_app
from api.oauth.external import ExternalProfile
from tests.conftest import Templates, make_config, require_service
from tests.keycloak.admin import Admin

#: The API's client at the provider: the audience of tokens for the API, and the client that
#: introspects them (Keycloak answers introspection only for tokens addressed to the asker).
AUDIENCE = "partner-directory-api"
ROLES = ("admin", "coordinator", "partner", "intake")
PASSWORD = "correct horse battery staple"


@dataclass
class Realm:
    admin: Admin
    name: str
    #: client id -> (internal id, secret)
    clients: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: username -> password
    users: dict[str, str] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"{self.admin.url}/realms/{self.name}"

    def token(self, client_id: str, **fields: str) -> str:
        _, secret = self.clients[client_id]
        return self.admin.token(self.name, client_id, secret, **fields)["access_token"]

    def add_client(
        self, client_id: str, *roles: str, audience: bool = True, centre: str | None = None, **settings: object
    ) -> str:
        settings.setdefault("serviceAccountsEnabled", True)
        internal = self.admin.create_client(self.name, client_id, **settings)
        if audience:
            self.admin.audience(self.name, internal, AUDIENCE)
        if centre:
            self.admin.hardcoded_claim(self.name, internal, "centre", centre)
        if roles:
            self.admin.service_account_roles(self.name, internal, *roles)
        self.clients[client_id] = (internal, self.admin.secret(self.name, internal))
        return internal

    def add_web_client(self, client_id: str, app_url: str) -> str:
        """A web app's client: people sign in through it and come back to ``app_url``. Its ID
        tokens carry the API's audience and the roles too, so that an ID token presented as an
        access token would look plausible."""
        admin, name = self.admin, self.name
        web = admin.create_client(
            name,
            client_id,
            standardFlowEnabled=True,
            directAccessGrantsEnabled=True,
            redirectUris=[f"{app_url}/app/auth/callback"],
            attributes={"post.logout.redirect.uris": f"{app_url}/app/signed-out"},
        )
        admin.audience(name, web, AUDIENCE, id_token=True)
        claims = {"jsonType.label": "String", "access.token.claim": "true", "id.token.claim": "true"}
        claims["introspection.token.claim"] = "true"
        admin.add_mapper(
            name,
            web,
            "centre",
            "oidc-usermodel-attribute-mapper",
            {"user.attribute": "centre", "claim.name": "centre", **claims},
        )
        admin.add_mapper(
            name,
            web,
            "roles in the ID token",
            "oidc-usermodel-realm-role-mapper",
            {"claim.name": "realm_access.roles", "multivalued": "true", **claims},
        )
        self.clients[client_id] = (web, admin.secret(name, web))
        return web


@pytest.fixture(scope="session")
def keycloak_url() -> str:
    url = os.environ.get("TEST_KEYCLOAK_URL")
    if not url:
        require_service("Keycloak", "set TEST_KEYCLOAK_URL (scripts/keycloak.sh start prints one)")
    try:
        status = urllib3.PoolManager(timeout=5, retries=False).request("GET", f"{url}/realms/master").status
    except urllib3.exceptions.HTTPError as exc:
        require_service("Keycloak", f"{url} does not answer: {exc}")
    if status != 200:
        require_service("Keycloak", f"{url}/realms/master answered {status}")
    return url  # type: ignore[return-value]


@pytest.fixture(scope="session")
def realm(keycloak_url: str, templates: Templates) -> Iterator[Realm]:
    """A realm with our roles, a service-account client per role, the namesake of a built-in
    intake client, the API's introspection client, the web app's client, and a user per role."""
    admin = Admin(keycloak_url, os.environ.get("KC_ADMIN_USER", "admin"), os.environ.get("KC_ADMIN_PASSWORD", "admin"))
    name = f"pd-test-{uuid.uuid4().hex[:8]}"
    admin.create_realm(name, accessTokenLifespan=300, bruteForceProtected=False)
    made = Realm(admin, name)
    try:
        for role in ROLES:
            admin.create_role(name, role)
        made.add_client(AUDIENCE, audience=False, serviceAccountsEnabled=False)  # introspects; no role
        made.add_client("kc-intake", "intake")
        made.add_client("kc-coordinator", "coordinator")
        made.add_client("kc-admin", "admin")
        made.add_client("kc-partner", "partner", centre="pumch")
        made.add_client("kc-no-audience", "intake", audience=False)
        made.add_client("kc-short-lived", "intake", attributes={"access.token.lifespan": "2"})
        namesake = templates.get("sqlite").credentials["intake_a"]["client_id"]
        made.add_client(namesake, "intake")
        # The web app: people sign in through it; its ID tokens carry the API's audience and
        # the roles too, so that an ID token presented as an access token would look plausible.
        made.add_web_client("partner-directory-web", "http://127.0.0.1:8000")
        admin.enable_unmanaged_attributes(name)
        for role in ("admin", "coordinator", "partner"):
            attributes = {"attributes": {"centre": ["pumch"]}} if role == "partner" else {}
            admin.create_user(name, f"kc-{role}", PASSWORD, (role,), **attributes)
            made.users[f"kc-{role}"] = PASSWORD
        yield made
    finally:
        admin.delete_realm(name)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the provider, not the database engine, is what these tests are about


def profile_for(realm: Realm, **overrides: object) -> ExternalProfile:
    _, secret = realm.clients[AUDIENCE]
    settings: dict = {
        "issuer": realm.issuer,
        "jwks_url": f"{realm.issuer}/protocol/openid-connect/certs",
        "audience": AUDIENCE,
        "typ": "JWT",
        "roles_claim": "realm_access.roles",
        "leeway": 5,
        "introspection_url": f"{realm.issuer}/protocol/openid-connect/token/introspect",
        "introspection_client_id": AUDIENCE,
        "introspection_client_secret": secret,
        "introspection_cache": 0,
        **overrides,
    }
    return ExternalProfile(**settings)


@pytest.fixture
def kc_app(database_url: str, tmp_path: Path, realm: Realm) -> Iterator[Flask]:
    app = create_app(make_config(database_url, tmp_path, external=profile_for(realm)))
    yield app
    app.extensions["services"].db.dispose()
