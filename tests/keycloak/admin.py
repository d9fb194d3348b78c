"""A small client of Keycloak's admin REST API: what the tests need to set a realm up and to
change it under the API (disable a client, rotate and remove keys, revoke a token).

Seconds, where kcadm.sh takes minutes (a JVM per command)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import urllib3


class KeycloakError(Exception):
    pass


class Admin:
    def __init__(self, url: str, user: str = "admin", password: str = "admin") -> None:
        self.url = url.rstrip("/")
        self.http = urllib3.PoolManager(timeout=30, retries=False)
        self.user, self.password = user, password
        self._token = self._admin_token()

    # --- plumbing ---------------------------------------------------------------------------------

    def _admin_token(self) -> str:
        r = self.http.request(
            "POST",
            f"{self.url}/realms/master/protocol/openid-connect/token",
            fields={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": self.user,
                "password": self.password,
            },
            encode_multipart=False,
        )
        if r.status != 200:
            raise KeycloakError(f"admin token: {r.status} {r.data[:300]!r}")
        return json.loads(r.data)["access_token"]

    def call(self, method: str, path: str, body: Any = None, expect: tuple[int, ...] = (200, 201, 204)) -> Any:
        for attempt in (1, 2):
            r = self.http.request(
                method,
                f"{self.url}/admin/realms{path}",
                body=json.dumps(body) if body is not None else None,
                headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"},
            )
            if r.status == 401 and attempt == 1:  # the admin token expired (60 s): get another
                self._token = self._admin_token()
                continue
            break
        if r.status not in expect:
            raise KeycloakError(f"{method} {path}: {r.status} {r.data[:500]!r}")
        if r.status == 201 and r.headers.get("Location"):
            return r.headers["Location"].rsplit("/", 1)[-1]
        return json.loads(r.data) if r.data else None

    # --- realms, roles, clients, users ---------------------------------------------------------------

    def create_realm(self, realm: str, **settings: Any) -> None:
        self.call("POST", "", {"realm": realm, "enabled": True, **settings})

    def delete_realm(self, realm: str) -> None:
        self.call("DELETE", f"/{realm}", expect=(204, 404))

    def create_role(self, realm: str, name: str) -> None:
        self.call("POST", f"/{realm}/roles", {"name": name})

    def role(self, realm: str, name: str) -> dict[str, Any]:
        return self.call("GET", f"/{realm}/roles/{quote(name)}")

    def create_client(self, realm: str, client_id: str, **settings: Any) -> str:
        """A confidential client; returns its internal id."""
        body = {
            "clientId": client_id,
            "enabled": True,
            "protocol": "openid-connect",
            "publicClient": False,
            "clientAuthenticatorType": "client-secret",
            "standardFlowEnabled": False,
            "directAccessGrantsEnabled": False,
            "serviceAccountsEnabled": False,
            **settings,
        }
        return self.call("POST", f"/{realm}/clients", body)

    def client(self, realm: str, internal_id: str) -> dict[str, Any]:
        return self.call("GET", f"/{realm}/clients/{internal_id}")

    def update_client(self, realm: str, internal_id: str, **changes: Any) -> None:
        self.call("PUT", f"/{realm}/clients/{internal_id}", {**self.client(realm, internal_id), **changes})

    def secret(self, realm: str, internal_id: str) -> str:
        return self.call("GET", f"/{realm}/clients/{internal_id}/client-secret")["value"]

    def add_mapper(self, realm: str, internal_id: str, name: str, mapper: str, config: dict[str, str]) -> None:
        body = {"name": name, "protocol": "openid-connect", "protocolMapper": mapper, "config": config}
        self.call("POST", f"/{realm}/clients/{internal_id}/protocol-mappers/models", body)

    def audience(self, realm: str, internal_id: str, client_id: str, id_token: bool = False) -> None:
        """Tokens of this client are for ``client_id`` too (the API's client at the provider:
        Keycloak answers its introspection only for tokens addressed to it)."""
        self.add_mapper(
            realm,
            internal_id,
            "api audience",
            "oidc-audience-mapper",
            {
                "included.client.audience": client_id,
                "access.token.claim": "true",
                "id.token.claim": "true" if id_token else "false",
                "introspection.token.claim": "true",
            },
        )

    def hardcoded_claim(self, realm: str, internal_id: str, claim: str, value: str) -> None:
        self.add_mapper(
            realm,
            internal_id,
            f"{claim} claim",
            "oidc-hardcoded-claim-mapper",
            {
                "claim.name": claim,
                "claim.value": value,
                "jsonType.label": "String",
                "access.token.claim": "true",
                "id.token.claim": "true",
                "introspection.token.claim": "true",
            },
        )

    def service_account_roles(self, realm: str, internal_id: str, *roles: str) -> None:
        user = self.call("GET", f"/{realm}/clients/{internal_id}/service-account-user")
        self.call("POST", f"/{realm}/users/{user['id']}/role-mappings/realm", [self.role(realm, r) for r in roles])

    def create_user(self, realm: str, username: str, password: str, roles: tuple[str, ...] = (), **fields: Any) -> str:
        body = {
            "username": username,
            "email": fields.pop("email", f"{username}@users.example"),
            "emailVerified": True,
            "firstName": fields.pop("firstName", username.title()),
            "lastName": fields.pop("lastName", "Tester"),
            "enabled": True,
            "requiredActions": [],
            "credentials": [{"type": "password", "value": password, "temporary": False}],
            **fields,
        }
        user_id = self.call("POST", f"/{realm}/users", body)
        if roles:
            self.call("POST", f"/{realm}/users/{user_id}/role-mappings/realm", [self.role(realm, r) for r in roles])
        return user_id

    def enable_unmanaged_attributes(self, realm: str) -> None:
        profile = self.call("GET", f"/{realm}/users/profile")
        self.call("PUT", f"/{realm}/users/profile", {**profile, "unmanagedAttributePolicy": "ENABLED"})

    # --- keys -------------------------------------------------------------------------------------

    def key_providers(self, realm: str) -> list[dict[str, Any]]:
        realm_id = self.call("GET", f"/{realm}")["id"]
        found = self.call("GET", f"/{realm}/components?parent={realm_id}&type=org.keycloak.keys.KeyProvider")
        return [c for c in found if c["providerId"] in ("rsa-generated", "rsa")]

    def add_rsa_key(self, realm: str, name: str, priority: int) -> str:
        realm_id = self.call("GET", f"/{realm}")["id"]
        body = {
            "name": name,
            "providerId": "rsa-generated",
            "providerType": "org.keycloak.keys.KeyProvider",
            "parentId": realm_id,
            "config": {"priority": [str(priority)], "keySize": ["2048"], "algorithm": ["RS256"]},
        }
        return self.call("POST", f"/{realm}/components", body)

    def remove_component(self, realm: str, component_id: str) -> None:
        self.call("DELETE", f"/{realm}/components/{component_id}")

    # --- tokens -----------------------------------------------------------------------------------

    def token(self, realm: str, client_id: str, secret: str, **fields: str) -> dict[str, Any]:
        r = self.http.request(
            "POST",
            f"{self.url}/realms/{realm}/protocol/openid-connect/token",
            fields={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, **fields},
            encode_multipart=False,
        )
        if r.status != 200:
            raise KeycloakError(f"token for {client_id}: {r.status} {r.data[:300]!r}")
        return json.loads(r.data)

    def revoke(self, realm: str, client_id: str, secret: str, token: str) -> None:
        r = self.http.request(
            "POST",
            f"{self.url}/realms/{realm}/protocol/openid-connect/revoke",
            fields={"token": token, "token_type_hint": "access_token", "client_id": client_id, "client_secret": secret},
            encode_multipart=False,
        )
        if r.status != 200:
            raise KeycloakError(f"revoke: {r.status} {r.data[:300]!r}")
