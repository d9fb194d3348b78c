"""People with local accounts: created by an admin, who sets no password (a one-time link does),
disabled, reset; signing in with throttling and lockout; an optional second factor (TOTP).

Every sign-in, failure and lockout is in the audit log. Nobody ever sees a password: not the
admin who makes the account, not the log, not the database (argon2id hashes only).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.db import utcnow
from directory.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from directory.identity import LOCAL_ISSUER, ROLE_SCOPES, Identity
from directory.models import PERSON_ROLES, Centre, PasswordLink, User
from directory.secrets import hash_password, new_token, token_hash, verify_password
from directory.services.base import Service
from directory.text import Text

if TYPE_CHECKING:
    from directory.services.sessions import Person

#: Local accounts only (the people who sign in here, with a password).
LOCAL = User.issuer == LOCAL_ISSUER
MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password check: the user, or why not (safe to show: it never tells an
    unknown email from a wrong password)."""

    user: User | None
    refusal: str | None = None
    needs_totp: bool = False


@dataclass
class UserService(Service):
    max_failures: int = 5
    lockout: timedelta = field(default=timedelta(minutes=15))
    link_ttl: timedelta = field(default=timedelta(hours=72))
    #: The roles that must use a second factor (a setting of the deployment).
    totp_roles: frozenset[str] = field(default_factory=frozenset)

    # --- what an admin does -------------------------------------------------------------------

    def create(
        self, identity: Identity, email: str, name: str, role: str, centre: str | None = None
    ) -> tuple[User, str]:
        """A new account, without a password; returns it and a one-time link token to set one."""
        email = email.strip().lower()
        errors: dict[str, list[str]] = {}
        if not _EMAIL.match(email) or len(email) > 254:
            errors["email"] = [Text("Not an email address.")]
        if role not in PERSON_ROLES:
            errors["role"] = [Text("A person is one of %(roles)s.", roles=", ".join(PERSON_ROLES))]
        elif (role == "partner") != bool(centre):
            errors["centre"] = [Text("A partner belongs to one centre; no one else does.")]
        if not name.strip():
            errors["name"] = [Text("Must not be empty.")]
        if errors:
            raise InvalidInput(Text("The account cannot be created."), errors)
        with self.unit_of_work(identity) as uow:
            uow.authorize("user.create", "user", email)
            if uow.session.scalar(select(User.id).where(LOCAL, User.email == email)) is not None:
                raise Conflict(Text("There is an account for %(email)s already.", email=email))
            centre_row = None
            if centre:
                centre_row = uow.session.scalar(select(Centre).where(Centre.slug == centre))
                if centre_row is None:
                    raise InvalidInput(Text("Unknown centre."), {"centre": [Text("No centre %(slug)r.", slug=centre)]})
            user_id = secrets.token_hex(16)
            user = User(id=user_id, subject=user_id, email=email, name=name.strip(), role=role, centre=centre_row)
            uow.session.add(user)
            uow.session.flush()
            token = self._link(uow.session, user)
            uow.audit("user.create", "user", user.id, changes={"email": email, "role": role, "centre": centre})
            uow.commit()
            return user, token

    def reset(self, identity: Identity, email: str) -> str:
        """A new one-time link to set the password; the old password stops working at once."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("user.reset", "user", email)
            user = _by_email(uow.session, email)
            user.password_hash = None
            user.failed_sign_ins, user.locked_until = 0, None
            token = self._link(uow.session, user)
            uow.audit("user.reset", "user", user.id)
            uow.commit()
            return token

    def disable(self, identity: Identity, email: str) -> User:
        """The account stops working at once: its sessions and tokens are refused."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("user.disable", "user", email)
            user = _by_email(uow.session, email)
            user.disabled_at = user.disabled_at or utcnow()
            uow.audit("user.disable", "user", user.id)
            uow.commit()
            return user

    def list(self, identity: Identity) -> list[User]:
        with self.unit_of_work(identity) as uow:
            uow.authorize("user.read", "user", "*")
            return list(
                uow.session.scalars(select(User).where(LOCAL).options(selectinload(User.centre)).order_by(User.email))
            )

    def external(self, identity: Identity) -> list[User]:
        """People who signed in through an external identity provider, as it last vouched for them."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("user.read", "user", "*")
            query = select(User).where(User.issuer != LOCAL_ISSUER).options(selectinload(User.centre))
            return list(uow.session.scalars(query.order_by(User.issuer, User.email)))

    def get(self, user_id: str) -> User | None:
        with self.db.session() as session:
            return session.scalar(select(User).where(User.id == user_id).options(selectinload(User.centre)))

    def by_email(self, email: str) -> User | None:
        with self.db.session() as session:
            return session.scalar(
                select(User).where(LOCAL, User.email == email.strip().lower()).options(selectinload(User.centre))
            )

    def active(self, user_id: str) -> bool:
        """Whether an account exists and is not disabled (checked on every request it makes)."""
        with self.db.read() as connection:
            found = connection.execute(select(User.disabled_at).where(User.id == user_id)).first()
        return found is not None and found[0] is None

    # --- one-time links -----------------------------------------------------------------------

    def _link(self, session: Session, user: User) -> str:
        token = new_token()
        session.add(PasswordLink(token_hash=token_hash(token), user_id=user.id, expires_at=utcnow() + self.link_ttl))
        return token

    def link_holder(self, token: str) -> User | None:
        """The account a link is for, while the link is unused and fresh."""
        with self.db.session() as session:
            link = session.get(PasswordLink, token_hash(token))
            if link is None or link.used_at is not None or link.expires_at < utcnow():
                return None
            return session.get(User, link.user_id)

    def set_password(self, token: str, password: str) -> User:
        """Set the password with a one-time link (which it uses up)."""
        problems = password_problems(password)
        if problems:
            raise InvalidInput(Text("Choose another password."), {"password": problems})
        holder = self.link_holder(token)
        if holder is None:
            raise NotFound(Text("This link is not valid any more: ask an admin for a new one."))
        who = Identity(client_id="web", role=holder.role, user=holder.id, subject=holder.email)
        with self.unit_of_work(who) as uow:
            link = uow.session.get(PasswordLink, token_hash(token))
            user = uow.session.get(User, holder.id)
            if link is None or user is None or link.used_at is not None:  # used up meanwhile
                raise NotFound(Text("This link is not valid any more: ask an admin for a new one."))
            link.used_at = utcnow()
            user.password_hash = hash_password(password)
            user.failed_sign_ins, user.locked_until = 0, None
            uow.audit("user.password", "user", user.id)
            uow.commit()
            return user

    # --- signing in ---------------------------------------------------------------------------

    def check_password(self, client_id: str, email: str, password: str) -> SignIn:
        """Check a person's password, with throttling: after ``max_failures`` failures in a row
        the account is locked for ``lockout``. Audited either way."""
        email = email.strip().lower()
        now = utcnow()
        with self.db.session() as session:
            user = session.scalar(select(User).where(LOCAL, User.email == email).options(selectinload(User.centre)))
            matches = verify_password(password, user.password_hash if user else None)  # always the same cost
            if user is None:
                self._audit_attempt(client_id, None, email, "denied", "No such account.")
                return SignIn(None, Text("The email or the password is not right."))
            if user.disabled_at is not None:
                self._audit_attempt(client_id, user, email, "denied", "The account is disabled.")
                return SignIn(None, Text("The email or the password is not right."))
            if user.locked_until is not None and user.locked_until > now:
                self._audit_attempt(client_id, user, email, "denied", "The account is locked.")
                return SignIn(
                    None, Text("Too many failed sign-ins: the account is locked for a while. Try again later.")
                )
            if not matches:
                user.failed_sign_ins += 1
                locked = user.failed_sign_ins >= self.max_failures
                if locked:
                    user.locked_until, user.failed_sign_ins = now + self.lockout, 0
                session.commit()
                self._audit_attempt(client_id, user, email, "denied", "Wrong password.")
                if locked:
                    self._audit_attempt(
                        client_id, user, email, "denied", "Locked after repeated failures.", "user.lockout"
                    )
                    return SignIn(
                        None, Text("Too many failed sign-ins: the account is locked for a while. Try again later.")
                    )
                return SignIn(None, Text("The email or the password is not right."))
            user.failed_sign_ins, user.locked_until = 0, None
            session.commit()
            session.refresh(user)
            session.expunge(user)
        return SignIn(user, needs_totp=user.role in self.totp_roles)

    def signed_in(self, client_id: str, user: User) -> None:
        """Record a completed sign-in (password, and the second factor where required)."""
        with self.db.session() as session:
            row = session.get(User, user.id)
            if row is not None:
                row.last_sign_in_at = utcnow()
                session.commit()
        self._audit_attempt(client_id, user, user.email, "success", None)

    def _audit_attempt(
        self,
        client_id: str,
        user: User | None,
        email: str,
        outcome: str,
        reason: str | None,
        action: str = "user.sign-in",
    ) -> None:
        who = Identity(
            client_id=client_id,
            role=user.role if user else "anonymous",
            user=user.id if user else None,
            subject=email[:200],
            centre=user.centre.slug if user is not None and user.centre is not None else None,
        )
        with self.unit_of_work(who) as uow:
            if outcome == "success":
                uow.audit(action, "user", user.id if user else "unknown")
                uow.commit()
            else:
                uow.record_denial(action, "user", user.id if user else "unknown", PermissionDenied(reason or ""))

    # --- the second factor --------------------------------------------------------------------

    @staticmethod
    def new_totp_secret() -> str:
        return pyotp.random_base32()

    def totp_matches(self, user_id: str, code: str, secret: str | None = None) -> bool:
        """Whether a code is right for the user's enrolled secret (or, while enrolling, for
        ``secret``); one step of clock drift either way."""
        if secret is None:
            user = self.get(user_id)
            sealed = user.totp_secret if user else None
            secret = self.sealer.open(sealed, f"totp:{user_id}") if sealed else None
        return bool(secret) and pyotp.TOTP(secret).verify(code.strip(), valid_window=1)  # type: ignore[arg-type]

    def enroll_totp(self, user_id: str, secret: str, code: str) -> bool:
        if not self.totp_matches(user_id, code, secret):
            return False
        user = self.get(user_id)
        if user is None:
            return False
        who = Identity(client_id="web", role=user.role, user=user.id, subject=user.email)
        with self.unit_of_work(who) as uow:
            row = uow.session.get(User, user_id)
            if row is None:
                return False
            row.totp_secret = self.sealer.seal(secret, f"totp:{user_id}")
            uow.audit("user.totp", "user", user_id)
            uow.commit()
        return True


def password_problems(password: str) -> list[str]:
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Text("At least %(count)s characters.", count=MIN_PASSWORD_LENGTH))
    if len(password) > 1000:
        problems.append(Text("At most 1,000 characters."))
    if len(set(password)) < 5:
        problems.append(Text("Use more different characters."))
    return problems


def scopes_of(role: str) -> frozenset[str]:
    return frozenset(ROLE_SCOPES.get(role, ()))


def remember(session: Session, person: Person) -> User | None:
    """Keep an external provider's person as it vouched for them at this sign-in: their
    address (for notifications), name, role and centre. Their access stays the provider's to
    decide: nothing here signs them in."""
    centre = session.scalar(select(Centre).where(Centre.slug == person.centre)) if person.centre else None
    if person.role == "partner" and centre is None:
        return None  # staff of a centre not (or no longer) here: nothing to be told of
    user = session.scalar(select(User).where(User.issuer == person.issuer, User.subject == person.subject))
    if user is None:
        user = User(
            id=hashlib.sha256(f"{person.issuer}\0{person.subject}".encode()).hexdigest()[:32],
            issuer=person.issuer,
            subject=person.subject,
            failed_sign_ins=0,
        )
        session.add(user)
    user.email = (person.email or person.subject).strip().lower()[:254]
    user.name = (person.name or user.email)[:200]
    user.role, user.centre = person.role, centre
    user.last_sign_in_at = utcnow()
    return user


def _by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(LOCAL, User.email == email.strip().lower()))
    if user is None:
        raise NotFound(Text("No account for %(email)s.", email=email))
    return user
