"""Centres, their capabilities and service offerings, and their vetting: every read and write."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from directory.db import utcnow
from directory.errors import Conflict, InvalidInput, NotFound
from directory.geo import EARTH_RADIUS_KM
from directory.identity import Identity
from directory.models import (
    AuditEvent,
    CapabilityType,
    Centre,
    CentreAlias,
    CentreCapability,
    CentreLanguage,
    DirectoryState,
    LesionSite,
    ServiceOffering,
    ServiceSite,
    ServiceType,
    User,
)
from directory.services.base import Service, compared
from directory.text import Text

#: How long a vetting stays good before it is due for review.
VETTING_REVIEW_INTERVAL = timedelta(days=365)

CENTRE_LOAD = (
    selectinload(Centre.alias_rows),
    selectinload(Centre.language_rows),
    selectinload(Centre.capabilities),
    selectinload(Centre.services).selectinload(ServiceOffering.site_rows),
)


@dataclass(frozen=True)
class CentreFilter:
    country: str | None = None
    city: str | None = None
    sites: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    vetting_status: str | None = None
    accepting_referrals: bool | None = None
    languages: tuple[str, ...] = ()
    q: str | None = None
    #: The review queue: vetted or lapsed centres whose review falls due before this date.
    review_due_before: date | None = None
    demo: bool | None = None
    slugs: tuple[str, ...] = ()
    #: Name or an alias starting with this (case-insensitive).
    name_starts: str | None = None
    #: Last changed (op, instant): op one of gt, ge, lt, le; all must hold.
    updated: tuple[tuple[str, datetime], ...] = ()
    #: Vetted now (True), or not (False).
    vetted: bool | None = None
    #: Within a distance of a point: (latitude, longitude, kilometres).
    near: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Fact:
    """A capability or service offering awaiting a coordinator's check (the review queue)."""

    centre: str
    centre_name: str
    demo: bool
    kind: str  # capability | service
    code: str
    summary: str
    verification: dict[str, Any]
    centre_version: int


@dataclass(frozen=True)
class Removal:
    """A fact taken off a centre: a capability or a service offering that no longer exists
    (unless reported again later)."""

    centre: str
    kind: str  # capability | service
    code: str
    at: datetime


#: The audit log's actions that remove a fact, and the kind of fact each removes.
REMOVALS = {"capability.remove": "capability", "service.remove": "service"}


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    page_size: int


@dataclass
class CentreService(Service):
    review_interval: timedelta = field(default=VETTING_REVIEW_INTERVAL)

    # --- reads ------------------------------------------------------------------------------

    def list(self, identity: Identity, filters: CentreFilter, page: int = 1, page_size: int = 20) -> Page:
        query = _filtered(filters)
        with self.db.session() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.options(*CENTRE_LOAD).order_by(Centre.slug).offset((page - 1) * page_size).limit(page_size)
            ).all()
        return Page(list(rows), total, page, page_size)

    def offerings(
        self,
        identity: Identity,
        filters: CentreFilter,
        codes: tuple[str, ...] = (),
        sites: tuple[str, ...] = (),
        page: int = 1,
        page_size: int = 20,
    ) -> Page:
        """Service offerings of the centres the filters find, as (slug, service code), ordered
        by centre and service; only of the services ``codes`` names and treating every one of
        ``sites``, when given."""
        centres = _filtered(filters).with_only_columns(Centre.id)
        query = (
            select(Centre.slug, ServiceOffering.code)
            .join(ServiceOffering, ServiceOffering.centre_id == Centre.id)
            .where(Centre.id.in_(centres))
        )
        if codes:
            query = query.where(ServiceOffering.code.in_(codes))
        for site in sites:
            query = query.where(
                exists().where(ServiceSite.offering_id == ServiceOffering.id, ServiceSite.site_code == site)
            )
        with self.db.session() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.execute(
                query.order_by(Centre.slug, ServiceOffering.code).offset((page - 1) * page_size).limit(page_size)
            ).all()
        return Page([(slug, code) for slug, code in rows], total, page, page_size)

    def fact_count(self, identity: Identity, filters: CentreFilter) -> int:
        """The centres the filters find, and their capabilities and service offerings: how many
        things can be verified (a vetting each, and each fact)."""
        centres = _filtered(filters).with_only_columns(Centre.id)
        with self.db.session() as session:
            return sum(
                session.scalar(select(func.count()).select_from(model).where(column.in_(centres))) or 0
                for model, column in (
                    (Centre, Centre.id),
                    (CentreCapability, CentreCapability.centre_id),
                    (ServiceOffering, ServiceOffering.centre_id),
                )
            )

    def get(self, identity: Identity, slug: str) -> Centre:
        with self.db.session() as session:
            return _load(session, slug)

    def count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(Centre)) or 0

    def versions(self) -> dict[str, int]:
        """Every centre's slug and version (what the search index must hold)."""
        with self.db.session() as session:
            return {slug: version for slug, version in session.execute(select(Centre.slug, Centre.version))}

    def facts(
        self, identity: Identity, verification: str = "self-reported", page: int = 1, page_size: int = 50
    ) -> Page:
        """Capabilities and service offerings in a verification state (the coordinators' review
        queue: what partners reported and nobody checked yet), oldest report first."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("review.read", "centre", "*")
            session = uow.session
            found: list[Fact] = []
            total = 0
            for model, kind in ((CentreCapability, "capability"), (ServiceOffering, "service")):
                state = model.verification == verification
                total += session.scalar(select(func.count()).select_from(model).where(state)) or 0
                # Each kind's first rows in the queue's order: enough to fill this page of both.
                rows = session.scalars(
                    select(model)
                    .join(model.centre)
                    .where(state)
                    .order_by(model.reported_at, Centre.slug, model.code)
                    .limit(page * page_size)
                    .options(selectinload(model.centre))
                ).all()
                found += [_fact(row, kind) for row in rows]
        found.sort(key=lambda f: (f.verification["reported_at"], f.centre, f.kind, f.code))
        start = (page - 1) * page_size
        return Page(found[start : start + page_size], total, page, page_size)

    def changes_since(
        self, identity: Identity, slug: str, version: int, actions: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """What changed on a centre after ``version`` (the one a person saw; 0: ever), oldest
        first, of the given ``actions`` (all when none): each change's time, who made it, what it
        was and its fields from and to. Read from the audit log, which records every change with
        the version it made: the vetting history is ``actions=("centre.vetting",)``."""
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)  # as readable as the centre itself
            query = select(AuditEvent).where(
                AuditEvent.entity_type == "centre",
                AuditEvent.entity_id == centre.slug,
                AuditEvent.outcome == "success",
                AuditEvent.entity_version > version,
            )
            if actions:
                query = query.where(AuditEvent.action.in_(actions))
            rows = uow.session.scalars(query.order_by(AuditEvent.id)).all()
            people = dict(
                uow.session.execute(
                    select(User.subject, User.email).where(User.subject.in_({r.subject for r in rows}))
                ).all()
            )
            return [
                {
                    "at": row.at,
                    "by": people.get(row.subject, row.subject) if row.subject else row.client_id,
                    "action": row.action,
                    "changes": row.changes,
                    "reason": row.reason,
                }
                for row in rows
            ]

    def removals(self, identity: Identity, since: datetime | None = None) -> list[Removal]:
        """Capabilities and service offerings removed after ``since`` (None: ever), oldest
        first: what a mirror of the directory must delete. Read from the audit log, which keeps
        every removal with its time and is never pruned."""
        query = select(AuditEvent.entity_id, AuditEvent.action, AuditEvent.changes, AuditEvent.at).where(
            AuditEvent.entity_type == "centre", AuditEvent.action.in_(REMOVALS), AuditEvent.outcome == "success"
        )
        if since is not None:
            query = query.where(AuditEvent.at > since)
        with self.db.session() as session:
            rows = session.execute(query.order_by(AuditEvent.id)).all()
        return [Removal(slug, REMOVALS[action], code, at) for slug, action, changes, at in rows for code in changes]

    def demo_database(self) -> bool:
        """Whether this database was seeded with the demo data set (only then can a demo
        centre be vetted)."""
        with self.db.session() as session:
            return _demo_database(session)

    def allow_demo(self, identity: Identity) -> bool:
        """Mark this database as one that holds the demo data set (``seed --demo``)."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("centre.import", "directory", "demo")
            if _demo_database(uow.session):
                return False
            uow.session.add(DirectoryState(key="demo", value={"demo": True, "by": identity.label}))
            uow.audit("directory.demo", "directory", "demo", changes={"demo": True})
            uow.commit()
            return True

    # --- writes -----------------------------------------------------------------------------

    def create(self, identity: Identity, data: Mapping[str, Any]) -> Centre:
        slug = data["slug"]
        with self.unit_of_work(identity) as uow:
            uow.authorize("centre.create", "centre", slug)
            if uow.session.scalar(select(Centre.id).where(Centre.slug == slug)) is not None:
                raise Conflict(Text("A centre with slug %(slug)r already exists.", slug=slug), slug=slug)
            centre = _new_centre(
                slug=slug,
                provenance={"source": f"Created by {identity.label}.", "verification": "unverified"},
            )
            _assign(centre, {k: v for k, v in data.items() if k not in ("slug", "provenance")})
            uow.session.add(centre)
            uow.audit("centre.create", "centre", slug, centre, changes=_jsonable(data))
            uow.publish("centre", slug, centre)
            try:
                uow.commit()
            except IntegrityError as exc:  # lost a race with a concurrent create
                raise Conflict(Text("A centre with slug %(slug)r already exists.", slug=slug), slug=slug) from exc
            return centre

    def import_(self, identity: Identity, record: Mapping[str, Any]) -> bool:
        """Create a centre with all its facts as a data file states them, unless it exists.

        Used by the seed loader: an existing centre is left alone, since its partner or a
        coordinator may have changed it since. Returns whether the centre was created.
        """
        return self.import_many(identity, [record]) == 1

    def import_many(self, identity: Identity, records: Iterable[Mapping[str, Any]]) -> int:
        """:meth:`import_` for many records in one transaction; returns how many were created."""
        records = list(records)
        slugs = [r["slug"] for r in records]
        with self.unit_of_work(identity) as uow:
            for slug in slugs:
                uow.authorize("centre.import", "centre", slug)
            existing = set(uow.session.scalars(select(Centre.slug).where(Centre.slug.in_(slugs))))
            fresh = [r for r in records if r["slug"] not in existing]
            demo = [r["slug"] for r in fresh if r.get("demo")]
            if demo and not _demo_database(uow.session):
                raise InvalidInput(
                    Text("Demo centres load only into a database seeded with the demo data set (seed --demo)."),
                    {"demo": [Text("%(slug)s is a demo centre.", slug=slug) for slug in demo]},
                )
            for record in fresh:
                for offering in record.get("services", []):
                    _require_sites(uow.session, offering["code"], offering["sites"])
            for record in fresh:
                centre = self._imported_centre(identity, record)
                uow.session.add(centre)
                uow.audit("centre.import", "centre", centre.slug, centre, changes={"source": centre.provenance})
                uow.publish("centre", centre.slug, centre)
            uow.commit()
            return len(fresh)

    def _imported_centre(self, identity: Identity, record: Mapping[str, Any]) -> Centre:
        vetting = record.get("vetting", {"status": "pending"})
        now = utcnow()
        centre = _new_centre(
            slug=record["slug"],
            provenance=dict(record.get("provenance", {})),
            demo=bool(record.get("demo", False)),
            vetting_status=vetting["status"],
            vetting_reason=vetting.get("reason"),
            # A data file's vetting is its claim, not a person's check: unverified, with its words.
            vetting_verification="unverified",
            vetting_source=vetting.get("reason") or "Imported from a data file.",
            vetting_decided_by=identity.label,
            vetting_decided_at=now,
        )
        _assign(centre, {k: record[k] for k in _IMPORTED_FIELDS if k in record})
        if centre.vetting_status == "vetted":
            centre.vetted_at = now
            centre.vetted_by = identity.label
            due = vetting.get("next_review_due")
            centre.next_review_due = date.fromisoformat(str(due)) if due else (now + self.review_interval).date()
        for item in record.get("capabilities", []):
            capability = CentreCapability(code=item["code"], status=item["status"], notes=item.get("notes"))
            _imported(capability, identity, item)
            centre.capabilities.append(capability)
        for item in record.get("services", []):
            offering = ServiceOffering(code=item["code"])
            _describe(offering, item)
            _imported(offering, identity, item)
            centre.services.append(offering)
        return centre

    def update(self, identity: Identity, slug: str, changes: Mapping[str, Any], expected_version: int | None) -> Centre:
        """Change a centre's details; no field at all changes nothing (and writes nothing)."""
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("centre.update", "centre", slug, centre=slug)
            uow.authorize_fields("centre.update", "centre", slug, changes.keys())
            uow.check_version(centre, expected_version)
            if not changes:
                return centre
            before = {name: _jsonable(getattr(centre, name)) for name in changes}
            _assign(centre, changes)
            diff = {
                name: {"from": before[name], "to": _jsonable(getattr(centre, name))}
                for name in changes
                if before[name] != _jsonable(getattr(centre, name))
            }
            return self._finish(uow, centre, "centre.update", diff)

    def set_capability(
        self,
        identity: Identity,
        slug: str,
        code: str,
        status: str,
        notes: str | None,
        expected_version: int | None,
    ) -> Centre:
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("capability.write", "centre", slug, centre=slug)
            _require_code(uow.session, CapabilityType, code, "capability")
            uow.check_version(centre, expected_version)
            capability = centre.capability(code)
            before = _capability_state(capability)
            if capability is None:
                capability = CentreCapability(code=code)
                centre.capabilities.append(capability)
            capability.status = status
            capability.notes = notes
            _reported(capability, identity)
            diff = {code: {"from": before, "to": _capability_state(capability)}}
            return self._finish(uow, centre, "capability.set", diff)

    def remove_capability(self, identity: Identity, slug: str, code: str, expected_version: int | None) -> Centre:
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("capability.write", "centre", slug, centre=slug)
            capability = centre.capability(code)
            if capability is None:
                raise NotFound(Text("Centre %(slug)r reports no capability %(code)r.", slug=slug, code=code))
            uow.check_version(centre, expected_version)
            centre.capabilities.remove(capability)
            diff = {code: {"from": _capability_state(capability), "to": None}}
            return self._finish(uow, centre, "capability.remove", diff)

    def verify_capability(
        self, identity: Identity, slug: str, code: str, expected_version: int | None, note: str | None
    ) -> Centre:
        """A coordinator confirms a capability as reported."""
        return self._verify(identity, slug, "capability", code, expected_version, note)

    def verify_service(
        self, identity: Identity, slug: str, code: str, expected_version: int | None, note: str | None
    ) -> Centre:
        """A coordinator confirms an offering as reported (sites, cost, wait, volume)."""
        return self._verify(identity, slug, "service", code, expected_version, note)

    def _verify(
        self, identity: Identity, slug: str, kind: str, code: str, expected_version: int | None, note: str | None
    ) -> Centre:
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize(f"{kind}.verify", "centre", slug, centre=slug)
            fact = centre.capability(code) if kind == "capability" else centre.service(code)
            if fact is None:
                raise NotFound(Text("Centre %(slug)r has no %(kind)s %(code)r.", slug=slug, kind=kind, code=code))
            uow.check_version(centre, expected_version)
            before = fact.verification_info
            _verified(fact, identity, note)
            diff = {code: {"from": _jsonable(before), "to": _jsonable(fact.verification_info)}}
            return self._finish(uow, centre, f"{kind}.verify", diff, reason=note)

    def set_service(
        self,
        identity: Identity,
        slug: str,
        code: str,
        data: Mapping[str, Any],
        expected_version: int | None,
    ) -> Centre:
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("service.write", "centre", slug, centre=slug)
            _require_code(uow.session, ServiceType, code, "service")
            _require_sites(uow.session, code, data.get("sites", []))
            _require_imaging(uow.session, data.get("imaging", []))
            uow.check_version(centre, expected_version)
            offering = centre.service(code)
            before = _service_state(offering)
            if offering is None:
                offering = ServiceOffering(code=code)
                centre.services.append(offering)
            _describe(offering, data)
            _reported(offering, identity)
            diff = {code: {"from": before, "to": _service_state(offering)}}
            return self._finish(uow, centre, "service.set", diff)

    def remove_service(self, identity: Identity, slug: str, code: str, expected_version: int | None) -> Centre:
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("service.write", "centre", slug, centre=slug)
            offering = centre.service(code)
            if offering is None:
                raise NotFound(Text("Centre %(slug)r offers no service %(code)r.", slug=slug, code=code))
            uow.check_version(centre, expected_version)
            centre.services.remove(offering)
            diff = {code: {"from": _service_state(offering), "to": None}}
            return self._finish(uow, centre, "service.remove", diff)

    def set_vetting(
        self,
        identity: Identity,
        slug: str,
        status: str,
        reason: str | None,
        expected_version: int | None,
        next_review_due: date | None = None,
    ) -> Centre:
        """A person's vetting decision: verified, with who, when and why. Vetting sets the next
        review date (given, or a year on); when it passes the centre lapses (see
        :meth:`lapse_overdue`)."""
        with self.unit_of_work(identity) as uow:
            centre = _load(uow.session, slug)
            uow.authorize("centre.vetting", "centre", slug, centre=slug)
            today = utcnow().date()
            if next_review_due is not None and status != "vetted":
                raise InvalidInput(
                    Text("Only a vetting sets a review date."),
                    {"next_review_due": [Text("Give it with status vetted only.")]},
                )
            if next_review_due is not None and next_review_due <= today:
                raise InvalidInput(
                    Text("The review date has passed."), {"next_review_due": [Text("Must be after today.")]}
                )
            if status == "vetted" and centre.demo and not _demo_database(uow.session):
                raise InvalidInput(
                    Text("A demo centre cannot be vetted in a database without the demo data set."),
                    {"status": [Text("%(slug)s is a fictional demo centre.", slug=slug)]},
                )
            uow.check_version(centre, expected_version)
            before = _jsonable(centre.vetting)
            now = utcnow()
            centre.vetting_status = status
            centre.vetting_reason = reason
            centre.vetting_decided_by, centre.vetting_decided_at = identity.label, now
            centre.vetting_verification = "unverified" if identity.is_system else "verified"
            centre.vetting_source = f"Set to {status} by {identity.label} on {now.date().isoformat()}."
            if status == "vetted":
                centre.vetted_at = now
                centre.vetted_by = identity.label
                centre.next_review_due = next_review_due or (now + self.review_interval).date()
            diff = {"vetting": {"from": before, "to": _jsonable(centre.vetting)}}
            return self._finish(uow, centre, "centre.vetting", diff, reason=reason)

    def lapse_overdue(self, identity: Identity, today: date | None = None) -> list[str]:
        """Move every vetted centre whose review date has passed to ``lapsed`` (audited, and
        out of matching); returns their slugs. Run by the worker, or ``vetting lapse``."""
        today = today or utcnow().date()
        lapsed = []
        with self.unit_of_work(identity) as uow:
            uow.authorize("centre.lapse", "centre", "*")
            overdue = uow.session.scalars(
                select(Centre)
                .where(Centre.vetting_status == "vetted", Centre.next_review_due < today)
                .options(*CENTRE_LOAD)
                .order_by(Centre.slug)
            ).all()
            now = utcnow()
            for centre in overdue:
                before = _jsonable(centre.vetting)
                reason = f"The vetting review was due on {centre.next_review_due.isoformat()}."  # type: ignore[union-attr]
                centre.vetting_status, centre.vetting_reason = "lapsed", reason
                centre.vetting_decided_by, centre.vetting_decided_at = identity.label, now
                centre.vetting_verification, centre.vetting_source = "unverified", reason
                centre.updated_at = now
                uow.audit(
                    "centre.lapse",
                    "centre",
                    centre.slug,
                    centre,
                    changes={"vetting": {"from": before, "to": _jsonable(centre.vetting)}},
                    reason=reason,
                )
                uow.publish("centre", centre.slug, centre)
                lapsed.append(centre.slug)
            uow.commit()
        return lapsed

    def _finish(
        self,
        uow: Any,
        centre: Centre,
        action: str,
        diff: dict[str, Any],
        reason: str | None = None,
    ) -> Centre:
        # Touching the row bumps the version even when only child rows changed: the version
        # is the ETag of the whole centre, children included.
        centre.updated_at = utcnow()
        uow.audit(action, "centre", centre.slug, centre, changes=diff, reason=reason)
        uow.publish("centre", centre.slug, centre)
        uow.commit()
        return centre


# --- helpers ----------------------------------------------------------------------------------


def _load(session: Session, slug: str) -> Centre:
    centre = session.scalar(select(Centre).where(Centre.slug == slug).options(*CENTRE_LOAD))
    if centre is None:
        raise NotFound(Text("No centre with slug %(slug)r.", slug=slug))
    return centre


def _new_centre(**values: Any) -> Centre:
    """A new centre with its collections loaded (empty), so it can be read after commit."""
    return Centre(alias_rows=[], language_rows=[], capabilities=[], services=[], **values)


def _named_like(pattern: str) -> ColumnElement[bool]:
    """The centre's name or one of its aliases is LIKE the (lower-case, escaped) pattern."""
    return or_(
        func.lower(Centre.name).like(pattern, escape="\\"),
        exists().where(CentreAlias.centre_id == Centre.id, func.lower(CentreAlias.alias).like(pattern, escape="\\")),
    )


def _filtered(f: CentreFilter) -> Select[tuple[Centre]]:
    query = select(Centre)
    if f.country:
        query = query.where(Centre.country == f.country.upper())
    if f.city:
        query = query.where(func.lower(Centre.city) == f.city.lower())
    if f.vetting_status:
        query = query.where(Centre.vetting_status == f.vetting_status)
    if f.accepting_referrals is not None:
        query = query.where(Centre.accepting_referrals.is_(f.accepting_referrals))
    if f.vetted is not None:
        query = query.where((Centre.vetting_status == "vetted") if f.vetted else (Centre.vetting_status != "vetted"))
    if f.review_due_before is not None:
        query = query.where(
            Centre.vetting_status.in_(("vetted", "lapsed")), Centre.next_review_due < f.review_due_before
        )
    if f.demo is not None:
        query = query.where(Centre.demo.is_(f.demo))
    if f.slugs:
        query = query.where(Centre.slug.in_(f.slugs))
    if f.name_starts:
        query = query.where(_named_like(f"{_escape(f.name_starts.lower())}%"))
    for op, instant in f.updated:
        query = query.where(compared(Centre.updated_at, op, instant))
    if f.near is not None:
        query = query.where(_within(*f.near))
    for site in f.sites:
        query = query.where(
            exists()
            .where(ServiceOffering.centre_id == Centre.id)
            .where(ServiceSite.offering_id == ServiceOffering.id)
            .where(ServiceSite.site_code == site)
        )
    for code in f.capabilities:
        query = query.where(
            exists().where(
                and_(
                    CentreCapability.centre_id == Centre.id,
                    CentreCapability.code == code,
                    CentreCapability.status == "available",
                )
            )
        )
    if f.languages:
        # Languages compare by their primary subtag, as in search: en, en-GB and en-IN are one.
        bases = {tag.split("-")[0].lower() for tag in f.languages}
        query = query.where(
            exists().where(
                CentreLanguage.centre_id == Centre.id,
                or_(
                    *(
                        or_(
                            func.lower(CentreLanguage.tag) == base,
                            func.lower(CentreLanguage.tag).like(f"{_escape(base)}-%", escape="\\"),
                        )
                        for base in bases
                    )
                ),
            )
        )
    if f.q:
        query = query.where(_named_like(f"%{_escape(f.q.lower())}%"))
    return query


def _within(latitude: float, longitude: float, km: float) -> ColumnElement[bool]:
    """The centre's position is within ``km`` of the point (great-circle distance on the same
    sphere as search's, by the haversine formula in SQL: PostgreSQL and SQLite 3.35+ have the
    functions). A box first, so that an index or a cheap comparison rules most rows out."""
    located = and_(Centre.latitude.is_not(None), Centre.longitude.is_not(None))
    if km >= math.pi * EARTH_RADIUS_KM:  # half way round or more: everywhere
        return located
    lat, lon = func.radians(Centre.latitude), func.radians(Centre.longitude)
    here_lat, here_lon = math.radians(latitude), math.radians(longitude)
    spread = km / EARTH_RADIUS_KM
    half = func.sin((lat - here_lat) / 2) * func.sin((lat - here_lat) / 2) + math.cos(here_lat) * func.cos(
        lat
    ) * func.sin((lon - here_lon) / 2) * func.sin((lon - here_lon) / 2)
    box = Centre.latitude.between(latitude - math.degrees(spread), latitude + math.degrees(spread))
    return and_(located, box, half <= math.sin(spread / 2) ** 2)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _assign(centre: Centre, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        setattr(centre, name, list(value) if isinstance(value, (list, tuple)) else value)


def _require_code(session: Session, model: type, code: str, kind: str) -> None:
    if session.get(model, code) is None:
        raise NotFound(Text("Unknown %(kind)s code %(code)r: see the vocabulary.", kind=kind, code=code))


def _require_sites(session: Session, service: str, sites: Iterable[str]) -> None:
    """Every site is a lesion site the service treats."""
    sites = list(sites)
    treated = session.scalar(select(ServiceType.sites).where(ServiceType.code == service)) or []
    unknown = [s for s in sites if s not in treated]
    if unknown:
        known = set(session.scalars(select(LesionSite.code).where(LesionSite.code.in_(unknown))))
        raise InvalidInput(
            Text("Unknown lesion site codes."),
            {
                "sites": [
                    Text("%(site)r is not a site %(service)s treats: see the vocabulary.", site=s, service=service)
                    if s in known
                    else Text("Unknown lesion site %(site)r: see the vocabulary.", site=s)
                    for s in unknown
                ]
            },
        )


_IMPORTED_FIELDS = (
    "name",
    "aliases",
    "country",
    "city",
    "location",
    "languages",
    "accreditations",
    "accepting_referrals",
    "contact",
)


def _imported(fact: CentreCapability | ServiceOffering, identity: Identity, item: Mapping[str, Any]) -> None:
    """A fact from a data file keeps the verification state and source the file gives it."""
    fact.reported_by = identity.label
    fact.reported_at = utcnow()
    fact.verification = item.get("verification", "unverified")
    fact.source = item.get("source") or "Imported from a data file."
    if fact.verification == "verified":
        fact.verified_by = identity.label
        fact.verified_at = fact.reported_at
        fact.evidence = item.get("evidence")


def _require_imaging(session: Session, codes: Iterable[str]) -> None:
    codes = list(codes)
    known = set(
        session.scalars(
            select(CapabilityType.code).where(CapabilityType.code.in_(codes), CapabilityType.category == "imaging")
        )
    )
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InvalidInput(
            Text("Unknown imaging codes."),
            {"imaging": [Text("%(code)r is not an imaging capability: see the vocabulary.", code=c) for c in unknown]},
        )


def _describe(offering: ServiceOffering, data: Mapping[str, Any]) -> None:
    offering.sites = list(data.get("sites", []))
    offering.annual_volume = data.get("annual_volume")
    offering.cost = data.get("cost")
    offering.wait_days = data.get("wait_days")
    offering.imaging = list(data.get("imaging", []))
    offering.notes = data.get("notes")


def _verified(fact: CentreCapability | ServiceOffering, identity: Identity, evidence: str | None) -> None:
    """A coordinator's check replaces whatever the fact's source said before."""
    now = utcnow()
    fact.verification = "verified"
    fact.verified_by = identity.label
    fact.verified_at = now
    fact.evidence = evidence
    fact.source = f"Verified by {identity.label} on {now.date().isoformat()}."


def _reported(fact: CentreCapability | ServiceOffering, identity: Identity) -> None:
    """A partner's report is self-reported; anyone else's starts unverified."""
    now = utcnow()
    fact.reported_by = identity.label
    fact.reported_at = now
    fact.verification = "self-reported" if identity.role == "partner" else "unverified"
    fact.verified_by = None
    fact.verified_at = None
    fact.evidence = None
    fact.source = f"Reported by {identity.label} on {now.date().isoformat()}."


def _demo_database(session: Session) -> bool:
    state = session.get(DirectoryState, "demo")
    return bool(state and state.value.get("demo"))


def _fact(row: CentreCapability | ServiceOffering, kind: str) -> Fact:
    if isinstance(row, CentreCapability):
        summary = row.status + (f": {row.notes}" if row.notes else "")
    else:
        cost = row.cost
        parts = [", ".join(row.sites) or "no sites"]
        if cost:
            parts.append(f"{cost['currency']} {cost['min']}–{cost['max']}")
        if row.wait_days is not None:
            parts.append(f"wait {row.wait_days} days")
        summary = "; ".join(parts)
    centre = row.centre
    return Fact(centre.slug, centre.name, centre.demo, kind, row.code, summary, row.verification_info, centre.version)


def _capability_state(capability: CentreCapability | None) -> dict[str, Any] | None:
    if capability is None:
        return None
    return {
        "status": capability.status,
        "notes": capability.notes,
        "verification": capability.verification,
    }


def _service_state(offering: ServiceOffering | None) -> dict[str, Any] | None:
    if offering is None:
        return None
    return {
        "sites": offering.sites,
        "annual_volume": offering.annual_volume,
        "cost": offering.cost,
        "wait_days": offering.wait_days,
        "imaging": list(offering.imaging),
        "verification": offering.verification,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
