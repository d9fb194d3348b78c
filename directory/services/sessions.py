"""Server-side sessions of the web app, and the authorization codes of the built-in server.

The browser holds a session's id and nothing else; only the id's hash is stored. A session
starts in the ``login`` stage (while the person is away at the identity provider: it keeps the
state, nonce and PKCE verifier the callback must match), becomes ``active`` under a new id
once they are back (no fixation), and ends at sign-out, after ``idle`` without a request, or
``absolute`` after it began, whichever comes first.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from directory.db import utcnow
from directory.identity import LOCAL_ISSUER, Identity
from directory.models import AuthorizationCode, WebSession
from directory.secrets import new_token, token_hash
from directory.services import users
from directory.services.base import Service

#: How long a person may take at the identity provider.
LOGIN_TTL = timedelta(minutes=10)
#: How long an authorization code is good for (RFC 6749 recommends at most ten minutes).
CODE_TTL = timedelta(seconds=60)
#: A session's last-seen time is written at most this often.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Person:
    """Who a session is for, as the identity provider vouched."""

    issuer: str
    subject: str
    client_id: str
    role: str
    centre: str | None
    email: str | None
    name: str | None


@dataclass
class SessionService(Service):
    idle: timedelta = field(default=timedelta(minutes=30))
    absolute: timedelta = field(default=timedelta(hours=12))

    # --- signing in -------------------------------------------------------------------------------

    def begin(self, login: dict[str, Any]) -> str:
        """A session in the ``login`` stage, remembering ``login``; returns its id."""
        sid = new_token()
        now = utcnow()
        with self.db.session() as session:
            session.add(
                WebSession(
                    id_hash=token_hash(sid),
                    stage="login",
                    csrf=secrets.token_urlsafe(24),
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + LOGIN_TTL,
                    login=dict(login),
                )
            )
            session.commit()
        return sid

    def pending(self, sid: str) -> dict[str, Any] | None:
        """What a ``login``-stage session remembers, while it is fresh."""
        with self.db.session() as session:
            row = session.get(WebSession, token_hash(sid))
            if row is None or row.stage != "login" or row.expires_at < utcnow():
                return None
            return dict(row.login)

    def activate(self, sid: str, person: Person, id_token: str | None) -> str | None:
        """End the ``login`` session and start an active one under a new id (returned); None if
        the login session is gone or stale."""
        now = utcnow()
        new = new_token()
        with self.unit_of_work(_identity_of(person)) as uow:
            row = uow.session.get(WebSession, token_hash(sid))
            if row is None or row.stage != "login" or row.expires_at < now:
                return None
            row.stage, row.ended_at, row.login = "ended", now, {}
            uow.session.add(
                WebSession(
                    id_hash=token_hash(new),
                    stage="active",
                    issuer=person.issuer,
                    subject=person.subject,
                    client_id=person.client_id,
                    role=person.role,
                    centre=person.centre,
                    email=person.email,
                    name=person.name,
                    csrf=secrets.token_urlsafe(24),
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + self.absolute,
                    login={},
                    id_token=id_token,
                )
            )
            if person.issuer != LOCAL_ISSUER:  # known by their provider: remembered, to be told of referrals
                users.remember(uow.session, person)
            uow.audit("session.start", "session", person.subject, changes={"issuer": person.issuer})
            uow.commit()
        return new

    # --- while signed in ----------------------------------------------------------------------------

    def current(self, sid: str) -> WebSession | None:
        """The active session with this id, if it has not timed out (a request keeps it alive)."""
        now = utcnow()
        with self.db.session() as session:
            row = session.get(WebSession, token_hash(sid))
            if row is None or row.stage != "active":
                return None
            if row.expires_at <= now or row.last_seen_at + self.idle <= now:
                why = "absolute timeout" if row.expires_at <= now else "idle timeout"
                session.commit()
                self.end(sid, why)
                return None
            if now - row.last_seen_at >= TOUCH_EVERY:
                row.last_seen_at = now
                session.commit()
            session.expunge(row)
            return row

    def remember(self, sid: str, **values: Any) -> None:
        """Keep a few values with an active session (a second factor being enrolled); None
        forgets one."""
        with self.db.session() as session:
            row = session.get(WebSession, token_hash(sid))
            if row is None:
                return
            kept = {**row.login, **values}
            row.login = {k: v for k, v in kept.items() if v is not None}
            session.commit()

    def require_totp_enrolment(self, sid: str) -> None:
        """The person must enrol a second factor before anything else."""
        self.remember(sid, must_enrol_totp=True)

    def end(self, sid: str, reason: str = "sign-out") -> WebSession | None:
        """End a session (sign-out, timeout); returns what it was."""
        with self.db.session() as session:
            row = session.get(WebSession, token_hash(sid))
            if row is None or row.stage == "ended":
                return None
            row.stage, row.ended_at = "ended", utcnow()
            session.commit()
            session.refresh(row)
            session.expunge(row)
        if row.subject is not None:
            person = Person(
                row.issuer or "", row.subject, row.client_id or "", row.role or "", row.centre, row.email, None
            )
            with self.unit_of_work(_identity_of(person)) as uow:
                uow.audit("session.end", "session", row.subject, reason=reason)
                uow.commit()
        return row

    def end_all(self, issuer: str, subject: str) -> int:
        """End every session of a person (their account was disabled)."""
        with self.db.session() as session:
            ended = session.execute(
                update(WebSession)
                .where(WebSession.issuer == issuer, WebSession.subject == subject, WebSession.stage == "active")
                .values(stage="ended", ended_at=utcnow())
            )
            session.commit()
            return int(ended.rowcount or 0)

    # --- authorization codes (the built-in server) ---------------------------------------------------

    def save_code(
        self,
        code: str,
        client_id: str,
        user_id: str,
        redirect_uri: str,
        scope: str,
        nonce: str | None,
        challenge: str,
        method: str,
    ) -> None:
        with self.db.session() as session:
            session.add(
                AuthorizationCode(
                    code_hash=token_hash(code),
                    client_id=client_id,
                    user_id=user_id,
                    redirect_uri=redirect_uri,
                    scope=scope,
                    nonce=nonce,
                    code_challenge=challenge,
                    code_challenge_method=method,
                    expires_at=utcnow() + CODE_TTL,
                )
            )
            session.commit()

    def code(self, code: str, client_id: str) -> AuthorizationCode | None:
        """An authorization code of this client, unused and fresh."""
        with self.db.session() as session:
            row = session.scalar(
                select(AuthorizationCode).where(
                    AuthorizationCode.code_hash == token_hash(code), AuthorizationCode.client_id == client_id
                )
            )
            if row is None or row.used_at is not None or row.expires_at < utcnow():
                return None
            session.expunge(row)
            return row

    def use_code(self, code_hash: str) -> bool:
        """Mark a code used; False if it was used already (a replay: refuse it)."""
        with self.db.session() as session:
            used = session.execute(
                update(AuthorizationCode)
                .where(AuthorizationCode.code_hash == code_hash, AuthorizationCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            session.commit()
            return bool(used.rowcount)


def _identity_of(person: Person) -> Identity:
    return Identity(
        client_id=person.client_id,
        role=person.role,
        centre=person.centre,
        subject=person.email,
        issuer=person.issuer,
        user=person.subject,
    )
