"""SQLAlchemy models: the state of the directory. Rules live in services, not here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory import rules, workflow
from directory.db import Base, utcnow

# Closed sets of values; the database checks them too.
VETTING_STATUSES = ("pending", "vetted", "suspended", "lapsed")
#: A vetting decision is ``verified`` when a coordinator or admin took it, ``unverified`` when it
#: came from a data file (seed or import) with its source.
VETTING_VERIFICATION = ("unverified", "verified")
CAPABILITY_STATUSES = ("available", "limited", "unavailable")
#: How much we trust a reported fact: seed data and coordinator entries start ``unverified``,
#: a partner's own report is ``self-reported``, a coordinator's check makes it ``verified``.
VERIFICATION_STATES = rules.VERIFICATION_STATES
RULE_KINDS = rules.RULE_KINDS
ROLES = ("admin", "coordinator", "partner", "intake")
#: The roles of people (the intake service is a program only).
PERSON_ROLES = ("admin", "coordinator", "partner")
SESSION_STAGES = ("login", "active", "ended")
OUTBOX_OPERATIONS = ("upsert", "delete")
AUDIT_OUTCOMES = ("success", "denied")
DELIVERY_STATUSES = ("pending", "delivered", "failed")


def _in(column: str, values: Iterable[str]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


T = TypeVar("T")


def sync_children(collection: list[T], values: list[Any], key: Callable[[T], Any], make: Callable[[Any], T]) -> None:
    """Make ``collection`` hold one child per value, in order, keeping rows that stay.

    Replacing a collection wholesale would delete and re-insert unchanged rows and trip
    unique constraints on the way; this keeps the rows whose key remains.
    """
    existing = {key(child): child for child in collection}
    wanted = [existing.get(value) or make(value) for value in values]
    collection[:] = wanted
    for position, child in enumerate(wanted):
        if hasattr(child, "position"):
            child.position = position


# --- vocabulary -------------------------------------------------------------------------------


class LesionSite(Base):
    __tablename__ = "lesion_sites"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    approach: Mapped[str] = mapped_column(Text)
    key_consideration: Mapped[str] = mapped_column(Text)
    adjunct_note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CapabilityType(Base):
    __tablename__ = "capability_types"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")


class ServiceType(Base):
    """A procedure the directory matches for: the lesion sites it treats, what a centre's cost
    for it is counted per, and the cost references the clinical source gives."""

    __tablename__ = "service_types"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    sites: Mapped[list[Any]] = mapped_column(default=list)
    cost_basis: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[list[Any]] = mapped_column(default=list)


class Rule(Base):
    """A clinical rule of a service, as data: see :mod:`directory.rules` for what
    ``definition`` holds (sites, requires, condition, if_unstated, text, source)."""

    __tablename__ = "rules"
    __table_args__ = (CheckConstraint(_in("kind", RULE_KINDS), name="kind"),)

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service_types.code"))
    kind: Mapped[str] = mapped_column(String(16))
    definition: Mapped[dict[str, Any]] = mapped_column()
    position: Mapped[int] = mapped_column(Integer, default=0)


class VocabularyMeta(Base):
    """Versioned facts about the vocabulary as a whole (its version, the ranking weights)."""

    __tablename__ = "vocabulary_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dict[str, Any]]


class ExchangeRate(Base):
    """How many US dollars one unit of a currency is worth, as of a date, from a source: set by
    an admin. Costs in a currency without a rate are unknown in USD, never guessed."""

    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("usd_per_unit > 0", name="positive"),)

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    usd_per_unit: Mapped[float] = mapped_column(Float)
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DirectoryState(Base):
    """Facts about this database as a whole, e.g. whether it holds the demo data set."""

    __tablename__ = "directory_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- centres ----------------------------------------------------------------------------------


class Centre(Base):
    __tablename__ = "centres"
    __table_args__ = (CheckConstraint(_in("vetting_status", VETTING_STATUSES), name="vetting_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    accreditations: Mapped[list[Any]] = mapped_column(default=list)
    contact: Mapped[dict[str, Any]] = mapped_column(default=dict)
    accepting_referrals: Mapped[bool] = mapped_column(Boolean, default=False)
    vetting_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    vetting_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    vetted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    vetted_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    next_review_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    #: Who set the current vetting status and when (a person: ``verified``; a data file or the
    #: lapse of a review date: ``unverified``, with its source).
    vetting_decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    vetting_decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    vetting_verification: Mapped[str] = mapped_column(String(16), default="unverified")
    vetting_source: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: A fictional centre from the demo data set (``seed --demo``): never a real hospital.
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Where the centre's facts come from and how far they are checked.
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    alias_rows: Mapped[list[CentreAlias]] = relationship(
        back_populates="centre", cascade="all, delete-orphan", order_by="CentreAlias.position"
    )
    language_rows: Mapped[list[CentreLanguage]] = relationship(
        back_populates="centre", cascade="all, delete-orphan", order_by="CentreLanguage.position"
    )
    capabilities: Mapped[list[CentreCapability]] = relationship(
        back_populates="centre", cascade="all, delete-orphan", order_by="CentreCapability.code"
    )
    services: Mapped[list[ServiceOffering]] = relationship(
        back_populates="centre", cascade="all, delete-orphan", order_by="ServiceOffering.code"
    )

    # The version counter is the ETag and the search index's external version.
    __mapper_args__ = {"version_id_col": version}

    @property
    def aliases(self) -> list[str]:
        return [row.alias for row in self.alias_rows]

    @aliases.setter
    def aliases(self, values: list[str]) -> None:
        sync_children(self.alias_rows, values, lambda r: r.alias, lambda v: CentreAlias(alias=v))

    @property
    def languages(self) -> list[str]:
        return [row.tag for row in self.language_rows]

    @languages.setter
    def languages(self, values: list[str]) -> None:
        sync_children(self.language_rows, values, lambda r: r.tag, lambda v: CentreLanguage(tag=v))

    @property
    def location(self) -> dict[str, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return {"lat": self.latitude, "lon": self.longitude}

    @location.setter
    def location(self, value: dict[str, float] | None) -> None:
        self.latitude = value["lat"] if value else None
        self.longitude = value["lon"] if value else None

    @property
    def vetting(self) -> dict[str, Any]:
        return {
            "status": self.vetting_status,
            "reason": self.vetting_reason,
            "vetted_at": self.vetted_at,
            "vetted_by": self.vetted_by,
            "next_review_due": self.next_review_due,
            "verification": {
                "status": self.vetting_verification,
                "decided_by": self.vetting_decided_by,
                "decided_at": self.vetting_decided_at,
                "evidence": self.vetting_reason if self.vetting_verification == "verified" else None,
                "source": self.vetting_source,
            },
        }

    def capability(self, code: str) -> CentreCapability | None:
        return next((c for c in self.capabilities if c.code == code), None)

    def service(self, code: str) -> ServiceOffering | None:
        return next((s for s in self.services if s.code == code), None)


class CentreAlias(Base):
    __tablename__ = "centre_aliases"
    __table_args__ = (UniqueConstraint("centre_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    centre: Mapped[Centre] = relationship(back_populates="alias_rows")


class CentreLanguage(Base):
    __tablename__ = "centre_languages"
    __table_args__ = (UniqueConstraint("centre_id", "tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(35), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    centre: Mapped[Centre] = relationship(back_populates="language_rows")


class _Reported:
    """Who reported a fact about a centre, and how far it is verified."""

    reported_by: Mapped[str] = mapped_column(String(100))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    verification: Mapped[str] = mapped_column(String(16), default="unverified")
    verified_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(nullable=True)
    #: What the coordinator checked, in their words (verified facts).
    evidence: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Where the fact comes from: a data file's words, who reported it, or who verified it.
    source: Mapped[str | None] = mapped_column(Text, nullable=True)

    @property
    def verification_info(self) -> dict[str, Any]:
        return {
            "status": self.verification,
            "reported_by": self.reported_by,
            "reported_at": self.reported_at,
            "verified_by": self.verified_by,
            "verified_at": self.verified_at,
            "evidence": self.evidence,
            "source": self.source,
        }


class CentreCapability(_Reported, Base):
    __tablename__ = "centre_capabilities"
    __table_args__ = (
        UniqueConstraint("centre_id", "code"),
        CheckConstraint(_in("status", CAPABILITY_STATUSES), name="status"),
        CheckConstraint(_in("verification", VERIFICATION_STATES), name="verification"),
        # The review queue: facts in one verification state, oldest report first.
        Index("ix_centre_capabilities_review", "verification", "reported_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("capability_types.code"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    centre: Mapped[Centre] = relationship(back_populates="capabilities")


class ServiceOffering(_Reported, Base):
    __tablename__ = "service_offerings"
    __table_args__ = (
        UniqueConstraint("centre_id", "code"),
        CheckConstraint(_in("verification", VERIFICATION_STATES), name="verification"),
        CheckConstraint("cost_min IS NULL OR cost_max IS NULL OR cost_min <= cost_max", name="cost"),
        Index("ix_service_offerings_review", "verification", "reported_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("service_types.code"), index=True)
    annual_volume: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost_currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    cost_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wait_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    imaging: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    site_rows: Mapped[list[ServiceSite]] = relationship(
        back_populates="offering", cascade="all, delete-orphan", order_by="ServiceSite.position"
    )
    centre: Mapped[Centre] = relationship(back_populates="services")

    @property
    def sites(self) -> list[str]:
        return [row.site_code for row in self.site_rows]

    @sites.setter
    def sites(self, values: list[str]) -> None:
        sync_children(self.site_rows, values, lambda r: r.site_code, lambda v: ServiceSite(site_code=v))

    @property
    def cost(self) -> dict[str, Any] | None:
        if self.cost_currency is None:
            return None
        return {"currency": self.cost_currency, "min": self.cost_min, "max": self.cost_max}

    @cost.setter
    def cost(self, value: dict[str, Any] | None) -> None:
        value = value or {}
        self.cost_currency = value.get("currency")
        self.cost_min = value.get("min")
        self.cost_max = value.get("max")


class ServiceSite(Base):
    __tablename__ = "service_sites"
    __table_args__ = (UniqueConstraint("offering_id", "site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("service_offerings.id", ondelete="CASCADE"), index=True)
    site_code: Mapped[str] = mapped_column(ForeignKey("lesion_sites.code"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    offering: Mapped[ServiceOffering] = relationship(back_populates="site_rows")


# --- audit and outbox -------------------------------------------------------------------------


class AuditEvent(Base):
    """Who did what to which entity, written in the same transaction as the change."""

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(_in("outcome", AUDIT_OUTCOMES), name="outcome"),
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issuer: Mapped[str] = mapped_column(String(300), default="local")
    client_id: Mapped[str] = mapped_column(String(100), index=True)
    subject: Mapped[str | None] = mapped_column(String(200), nullable=True)
    role: Mapped[str] = mapped_column(String(20))
    actor_centre: Mapped[str | None] = mapped_column(String(64), nullable=True)
    token_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(100))
    entity_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(16), default="success")
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class OutboxEvent(Base):
    """A committed change waiting to reach the search index (and, later, webhooks)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("operation", OUTBOX_OPERATIONS), name="operation"),
        # The worker's claim query reads only pending rows, oldest first.
        Index(
            "ix_outbox_pending",
            "topic",
            "available_at",
            "id",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    topic: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(100))
    entity_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    operation: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


# --- OAuth clients and keys -------------------------------------------------------------------


class OAuthClient(Base):
    __tablename__ = "oauth_clients"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("role <> 'partner' OR centre_id IS NOT NULL", name="partner_centre"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(300))
    #: After a rotation with an overlap, the secret before it, accepted until the time given.
    previous_secret_hash: Mapped[str | None] = mapped_column(String(300), nullable=True)
    previous_secret_until: Mapped[datetime | None] = mapped_column(nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), nullable=True)
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    centre: Mapped[Centre | None] = relationship()


# --- people and their sessions -----------------------------------------------------------------


class User(Base):
    """A person: a coordinator, an admin, or a partner hospital's staff member (bound to their
    centre). Either a local account (issuer ``local``, subject = id; the password is stored as
    an argon2id hash only), or someone who signed in through an external identity provider,
    remembered as the provider last vouched for them (so that notifications reach them too);
    the provider decides whether they may sign in."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", PERSON_ROLES), name="role"),
        CheckConstraint("role <> 'partner' OR centre_id IS NOT NULL", name="partner_centre"),
        UniqueConstraint("issuer", "email"),
        UniqueConstraint("issuer", "subject"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300), default="local", server_default="local")
    #: The person's id at the issuer (a local account's own id).
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: The TOTP seed, sealed (directory.sealing).
    totp_secret: Mapped[str | None] = mapped_column(Text, nullable=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(nullable=True)
    centre: Mapped[Centre | None] = relationship()


class PasswordLink(Base):
    """A one-time link to set a password (a new account, or a reset): only its hash is kept."""

    __tablename__ = "password_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class AuthorizationCode(Base):
    """An OAuth authorization code (PKCE S256): single use, short-lived, kept as a hash."""

    __tablename__ = "authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text, default="")
    nonce: Mapped[str | None] = mapped_column(String(200), nullable=True)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    auth_time: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class WebSession(Base):
    """A person's session in the web app (the browser holds only its id, in a cookie; only the
    id's hash is kept). ``login`` while the sign-in is under way, ``active`` once signed in,
    ``ended`` at sign-out or timeout."""

    __tablename__ = "web_sessions"
    __table_args__ = (CheckConstraint(_in("stage", SESSION_STAGES), name="stage"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), default="login")
    issuer: Mapped[str | None] = mapped_column(String(300), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    client_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    centre: Mapped[str | None] = mapped_column(String(64), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    #: While signing in: what the callback must see again (state, nonce, PKCE verifier).
    login: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The provider's ID token, to end the provider's session at sign-out.
    id_token: Mapped[str | None] = mapped_column(Text, nullable=True)


class SigningKey(Base):
    """The built-in authorization server's keys. The one in the ``signing`` slot signs; every
    key not retired verifies, and is published. The slot is unique, so processes starting at
    once cannot each make a signing key of their own.

    Rotation: the new key takes the slot, is published at once and signs from ``not_before``
    (once every process and every JWKS cache has it); the key it replaces verifies until
    ``retire_after`` (when the last token it signed has expired), then retires and its private
    half is dropped."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(100), primary_key=True)
    slot: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    public_jwk: Mapped[dict[str, Any]]
    #: The private JWK, sealed (directory.sealing); none once retired.
    sealed_private_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When it starts signing (none: at once).
    not_before: Mapped[datetime | None] = mapped_column(nullable=True)
    retire_after: Mapped[datetime | None] = mapped_column(nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(nullable=True)


class RevokedToken(Base):
    """Access tokens revoked before their expiry, by ``jti``; rows past expiry can be purged."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(100), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- referrals --------------------------------------------------------------------------------


class Referral(Base):
    """A case sent to one centre: the minimum needed to decide, never who the patient is."""

    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("requester_issuer", "requester_client_id", "external_ref", name="uq_referrals_requester_ref"),
        UniqueConstraint(
            "requester_issuer", "requester_client_id", "idempotency_key", name="uq_referrals_requester_key"
        ),
        CheckConstraint(_in("status", workflow.STATUSES), name="status"),
        Index("ix_referrals_updated", "updated_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_ref: Mapped[str] = mapped_column(String(100))
    #: The requester: (issuer, id), the id a client's or a person's (see Identity.principal).
    requester_issuer: Mapped[str] = mapped_column(String(300), default="local")
    requester_client_id: Mapped[str] = mapped_column(String(100), index=True)
    requester_role: Mapped[str] = mapped_column(String(20))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    profile: Mapped[dict[str, Any]]
    match_snapshot: Mapped[dict[str, Any]]
    #: Why a coordinator referred a case to a centre that does not fit it (else null).
    override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: A hash of the creating request: a retry carries the same one, a different request not.
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    centre: Mapped[Centre] = relationship()
    transitions: Mapped[list[ReferralTransition]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralTransition.id"
    )
    messages: Mapped[list[ReferralMessage]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralMessage.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ReferralTransition(Base):
    """One step of a referral's timeline: who moved it, when, from where to where, and why."""

    __tablename__ = "referral_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    #: The referral's version once this step was taken (the event a webhook reports).
    version: Mapped[int] = mapped_column(Integer)
    actor_issuer: Mapped[str] = mapped_column(String(300), default="local")
    actor_client_id: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(20))
    #: requester or centre: the side the step belongs to (a coordinator may act for either).
    acting_for: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    referral: Mapped[Referral] = relationship(back_populates="transitions")


class ReferralMessage(Base):
    __tablename__ = "referral_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    author_issuer: Mapped[str] = mapped_column(String(300), default="local")
    author_client_id: Mapped[str] = mapped_column(String(100))
    author_role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    referral: Mapped[Referral] = relationship(back_populates="messages")


# --- webhooks ---------------------------------------------------------------------------------


class Webhook(Base):
    """A client's URL for referral events. The secret signs deliveries, so it is kept sealed
    (directory.sealing), not hashed: sending needs it. After a rotation, the previous secret
    signs too until ``previous_secret_until``, so the receiver can switch at its own pace."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The owner: (issuer, client_id).
    issuer: Mapped[str] = mapped_column(String(300), default="local")
    client_id: Mapped[str] = mapped_column(String(100), index=True)
    #: For a partner's hook, its centre: it hears of that centre's referrals.
    centre: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(Text)
    previous_secret: Mapped[str | None] = mapped_column(Text, nullable=True)
    previous_secret_until: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)


class WebhookDelivery(Base):
    """One event for one webhook. Made once per (webhook, outbox row), however often the
    fan-out runs; sent until the receiver answers 2xx or the attempts run out."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "outbox_id"),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    outbox_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(60))
    referral_id: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempt_log: Mapped[list[WebhookAttempt]] = relationship(cascade="all, delete-orphan", order_by="WebhookAttempt.id")


class Notification(Base):
    """An e-mail to one person about one referral event (a new referral, a status change, a
    message). Made once per (outbox row, person), however often the fan-out runs; sent until
    the mail server takes it or the attempts run out. Its id is the mail's Message-ID."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("outbox_id", "user_id"),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        Index(
            "ix_notifications_due",
            "next_attempt_at",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    outbox_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    event: Mapped[str] = mapped_column(String(60))
    referral_id: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    duration_ms: Mapped[float] = mapped_column(Float)


# --- bulk exports -------------------------------------------------------------------------------

EXPORT_STATUSES = ("in-progress", "completed", "failed", "cancelled")


class ExportJob(Base):
    """A bulk export one client asked for: what, how far it is, and what it wrote (files under
    the instance folder, served to that client only and removed when the job expires)."""

    __tablename__ = "export_jobs"
    __table_args__ = (CheckConstraint(_in("status", EXPORT_STATUSES), name="status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    requester_issuer: Mapped[str] = mapped_column(String(300))
    requester_id: Mapped[str] = mapped_column(String(255), index=True)
    #: system, or a Group's id
    level: Mapped[str] = mapped_column(String(64))
    types: Mapped[list[Any]] = mapped_column(default=list)
    since: Mapped[datetime | None] = mapped_column(nullable=True)
    request_url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="in-progress")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    #: The files written: [{type, name, count}], and the deletions' ([{type: Bundle, name, count}]).
    output: Mapped[list[Any]] = mapped_column(default=list)
    deleted: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Last sign of life of the worker writing it: a job silent too long was interrupted.
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
