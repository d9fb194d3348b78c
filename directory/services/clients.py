"""OAuth clients, their secrets, and revoked tokens."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from directory.db import utcnow
from directory.errors import InvalidInput, NotFound
from directory.identity import ROLE_SCOPES, Identity
from directory.models import Centre, DirectoryState, OAuthClient, RevokedToken, User
from directory.secrets import hash_secret, new_secret, verify_secret
from directory.services.base import Service
from directory.text import Text

#: The sealing context of the web app's own client secret (directory.sealing).
WEB = "web-client"
#: The longest a replaced client or webhook secret may go on working after a rotation.
MAX_OVERLAP = timedelta(days=7)

#: Checked against when a client id is unknown, so that answering takes as long as for a known one.
UNKNOWN_CLIENT_HASH = hash_secret(new_secret())


@dataclass(frozen=True)
class NewClient:
    client: OAuthClient
    #: Shown once, never stored.
    secret: str


#: Whether a token is revoked, and whether its client (or person) is still enabled: asked on
#: every request, so built once (building a statement costs more than the cached query).
_REVOKED = select(RevokedToken.jti).where(RevokedToken.jti == bindparam("jti")).exists()
_CLIENT_REFUSAL = select(
    _REVOKED,
    select(OAuthClient.id)
    .where(OAuthClient.client_id == bindparam("principal"), OAuthClient.disabled_at.is_(None))
    .exists(),
)
_USER_REFUSAL = select(
    _REVOKED, select(User.id).where(User.id == bindparam("principal"), User.disabled_at.is_(None)).exists()
)


@dataclass(frozen=True)
class RotatedSecret:
    client_id: str
    #: Shown once, never stored.
    secret: str
    #: Until when the secret it replaced is still accepted (none: not any more).
    previous_secret_until: datetime | None


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
            errors["role"] = [Text("Must be one of %(roles)s.", roles=", ".join(ROLE_SCOPES))]
        elif role == "partner" and not centre:
            errors["centre"] = [Text("A partner client is bound to one centre: give its slug.")]
        elif role != "partner" and centre:
            errors["centre"] = [Text("Only partner clients are bound to a centre.")]
        granted = list(scopes) if scopes is not None else list(ROLE_SCOPES.get(role, ()))
        extra = sorted(set(granted) - set(ROLE_SCOPES.get(role, ())))
        if extra and "role" not in errors:
            errors["scopes"] = [
                Text("Not available to the %(role)s role: %(scopes)s.", role=role, scopes=", ".join(extra))
            ]
        if not name.strip():
            errors["name"] = [Text("Must not be empty.")]
        if errors:
            raise InvalidInput(Text("The client cannot be created."), errors)

        secret = new_secret()
        client_id = f"{role}-{secrets.token_hex(8)}"
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.create", "client", client_id)
            centre_row = None
            if centre:
                centre_row = uow.session.scalar(select(Centre).where(Centre.slug == centre))
                if centre_row is None:
                    raise InvalidInput(Text("Unknown centre."), {"centre": [Text("No centre %(slug)r.", slug=centre)]})
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
        if client is None:
            # An unknown client costs the same hash as a known one: no timing tells which exist.
            verify_secret(secret, UNKNOWN_CLIENT_HASH)
            return None
        return client if secret_matches(client, secret) else None

    def list(self, identity: Identity) -> list[OAuthClient]:
        """Every client, newest first (secrets are stored only hashed, and never shown)."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.read", "client", "*")
            query = select(OAuthClient).options(selectinload(OAuthClient.centre)).order_by(OAuthClient.id.desc())
            return list(uow.session.scalars(query))

    def disable(self, identity: Identity, client_id: str) -> None:
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.disable", "client", client_id)
            client = uow.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
            if client is None:
                raise NotFound(Text("No client %(id)r.", id=client_id))
            client.disabled_at = utcnow()
            uow.audit("client.disable", "client", client_id)
            uow.commit()

    def rotate_secret(self, identity: Identity, client_id: str, overlap: timedelta = timedelta(0)) -> RotatedSecret:
        """A new secret for a client, returned once. The old one stops working at once (a
        leaked secret), or goes on working for ``overlap`` (at most a week), so the client's
        deployment can switch without a gap; its tokens already issued live out their short
        lifetime either way."""
        check_overlap(overlap)
        secret = new_secret()
        with self.unit_of_work(identity) as uow:
            uow.authorize("client.rotate", "client", client_id)
            client = uow.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
            if client is None or client.disabled_at is not None:
                raise NotFound(Text("No enabled client %(id)r.", id=client_id))
            until = utcnow() + overlap if overlap else None
            client.previous_secret_hash = client.secret_hash if until else None
            client.previous_secret_until = until
            client.secret_hash = hash_secret(secret)
            uow.audit(
                "client.rotate",
                "client",
                client_id,
                changes={"previous_secret_until": until.isoformat() if until else None},
            )
            uow.commit()
        return RotatedSecret(client_id, secret, until)

    # --- revocation -------------------------------------------------------------------------

    def revoke_token(self, identity: Identity, jti: str, expires_at: datetime) -> None:
        """Deny a token until it expires. Revoking twice, even at once, is harmless (RFC 7009).

        Revocations of tokens that have expired anyway are forgotten on the way."""
        with self.unit_of_work(identity) as uow:
            uow.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < utcnow()))
            if uow.session.get(RevokedToken, jti) is not None:
                uow.commit()
                return
            uow.session.add(RevokedToken(jti=jti, client_id=identity.client_id, expires_at=expires_at))
            uow.audit("token.revoke", "token", jti)
            with contextlib.suppress(IntegrityError):  # revoked by a concurrent request: same outcome
                uow.commit()

    def refusal(self, jti: str, client_id: str, user: str | None = None) -> str | None:
        """Why a token of ours must be refused even though it is valid: revoked, or its client
        (for a person's token: their account) disabled since. Checked on every request: one
        round trip, no transaction, a statement built once."""
        statement, principal = (_USER_REFUSAL, user) if user is not None else (_CLIENT_REFUSAL, client_id)
        with self.db.read() as connection:
            is_revoked, is_enabled = connection.execute(statement, {"jti": jti, "principal": principal}).one()
        if is_revoked:
            return "The access token has been revoked."
        if not is_enabled:
            return f"The {'account' if user else 'client'} of this access token is disabled."
        return None

    def web_secret(self) -> str:
        """The built-in server's secret for the first-party web app: made once, kept sealed in
        the database (every process of the service shares it)."""
        with self.db.session() as session:
            state = session.get(DirectoryState, "web-client")
            if state is None:
                session.add(DirectoryState(key="web-client", value={"sealed": self.sealer.seal(new_secret(), WEB)}))
                try:
                    session.commit()
                except IntegrityError:  # another process made it first
                    session.rollback()
                state = session.get(DirectoryState, "web-client")
            return self.sealer.open(state.value["sealed"], WEB)  # type: ignore[union-attr]


def secret_matches(client: OAuthClient, secret: str) -> bool:
    """Whether ``secret`` is the client's secret, or its previous one while the overlap a
    rotation gave it lasts."""
    if verify_secret(secret, client.secret_hash):
        return True
    until = client.previous_secret_until
    return bool(client.previous_secret_hash and until and until > utcnow()) and verify_secret(
        secret, client.previous_secret_hash or ""
    )


def check_overlap(overlap: timedelta) -> None:
    if not timedelta(0) <= overlap <= MAX_OVERLAP:
        raise InvalidInput(
            Text("The overlap is out of range."),
            {"overlap_seconds": [Text("Must be between 0 and %(max)d seconds.", max=int(MAX_OVERLAP.total_seconds()))]},
        )
