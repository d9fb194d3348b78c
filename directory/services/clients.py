"""OAuth clients, their secrets, and revoked tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from directory.db import utcnow
from directory.errors import InvalidInput, NotFound
from directory.identity import ROLE_SCOPES, Identity
from directory.models import Centre, OAuthClient, RevokedToken
from directory.secrets import hash_secret, new_secret, verify_secret
from directory.services.base import Service


@dataclass(frozen=True)
class NewClient:
    client: OAuthClient
    #: Shown once, never stored.
    secret: str


@dataclass
class ClientService(Service):
    def create(
        self,
        identity: Identity,
        name: str,
        role: str,
        centre: str | None = None,
        scopes: Iterable[str] | None = None,
    ) -> NewClient:
        errors: dict[str, list[str]] = {}
        if role not in ROLE_SCOPES:
            errors["role"] = [f"Must be one of {', '.join(ROLE_SCOPES)}."]
        elif role == "partner" and not centre:
            errors["centre"] = ["A partner client is bound to one centre: give its slug."]
        elif role != "partner" and centre:
            errors["centre"] = ["Only partner clients are bound to a centre."]
        granted = list(scopes) if scopes is not None else list(ROLE_SCOPES.get(role, ()))
        extra = sorted(set(granted) - set(ROLE_SCOPES.get(role, ())))
        if extra and "role" not in errors:
            errors["scopes"] = [f"Not available to the {role} role: {', '.join(extra)}."]
        if not name.strip():
            errors["name"] = ["Must not be empty."]
        if errors:
            raise InvalidInput("The client cannot be created.", errors)

        secret = new_secret()
        client_id = f"{role}-{secrets.token_hex(8)}"
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.create", "client", client_id)
            centre_row = None
            if centre:
                centre_row = uow.session.scalar(select(Centre).where(Centre.slug == centre))
                if centre_row is None:
                    raise InvalidInput("Unknown centre.", {"centre": [f"No centre {centre!r}."]})
            client = OAuthClient(
                client_id=client_id,
                secret_hash=hash_secret(secret),
                name=name.strip(),
                role=role,
                centre=centre_row,
                scopes=granted,
            )
            uow.session.add(client)
            uow.audit(
                "client.create",
                "client",
                client_id,
                changes={"name": client.name, "role": role, "centre": centre, "scopes": granted},
            )
            uow.commit()
        return NewClient(client, secret)

    def get(self, client_id: str) -> OAuthClient | None:
        with self.db.session() as session:
            return session.scalar(
                select(OAuthClient)
                .where(OAuthClient.client_id == client_id, OAuthClient.disabled_at.is_(None))
                .options(selectinload(OAuthClient.centre))
            )

    def authenticate(self, client_id: str, secret: str) -> OAuthClient | None:
        client = self.get(client_id)
        if client is None or not verify_secret(secret, client.secret_hash):
            return None
        return client

    def disable(self, identity: Identity, client_id: str) -> None:
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.create", "client", client_id)
            client = uow.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
            if client is None:
                raise NotFound(f"No client {client_id!r}.")
            client.disabled_at = utcnow()
            uow.audit("client.disable", "client", client_id)
            uow.commit()

    # --- revocation -------------------------------------------------------------------------

    def revoke_token(self, identity: Identity, jti: str, expires_at: datetime) -> None:
        """Deny a token until it expires. Revoking twice is harmless (RFC 7009)."""
        with self.unit_of_work(identity) as uow:
            if uow.session.get(RevokedToken, jti) is not None:
                return
            uow.session.add(RevokedToken(jti=jti, client_id=identity.client_id, expires_at=expires_at))
            uow.audit("token.revoke", "token", jti)
            uow.commit()

    def is_revoked(self, jti: str) -> bool:
        """Checked on every request: one primary-key read, no transaction."""
        with self.db.read() as connection:
            return connection.scalar(select(RevokedToken.jti).where(RevokedToken.jti == jti)) is not None

    def purge_revocations(self, before: datetime | None = None) -> int:
        """Forget revocations of tokens that have expired anyway."""
        with self.db.session() as session:
            result = session.execute(delete(RevokedToken).where(RevokedToken.expires_at < (before or utcnow())))
            session.commit()
            return result.rowcount or 0
