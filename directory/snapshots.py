"""Read-only snapshots of centres, loaded with plain SQL rows instead of ORM objects.

Indexing reads every centre with all its children; as ORM objects that is some seventeen
instances a centre, and their bookkeeping, not the database, sets the pace. A snapshot carries
the same attributes the search document needs, at a fraction of the cost. Writes never use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from directory.db import Database
from directory.models import Centre, CentreAlias, CentreCapability, CentreLanguage, ServiceOffering, ServiceSite


@dataclass(frozen=True)
class Provenance:
    """Who reported a fact, how far it is verified, and where it comes from."""

    verification: str
    reported_by: str
    reported_at: datetime
    verified_by: str | None
    verified_at: datetime | None
    evidence: str | None
    source: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.verification,
            "reported_by": self.reported_by,
            "reported_at": self.reported_at.isoformat(),
            "verified_by": self.verified_by,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
            "evidence": self.evidence,
            "source": self.source,
        }


@dataclass(frozen=True)
class CapabilitySnapshot:
    code: str
    status: str
    notes: str | None
    provenance: Provenance

    @property
    def verification(self) -> str:
        return self.provenance.verification


@dataclass(frozen=True)
class OfferingSnapshot:
    code: str
    annual_volume: int | None
    cost_currency: str | None
    cost_min: int | None
    cost_max: int | None
    wait_days: int | None
    imaging: list[str]
    notes: str | None
    provenance: Provenance
    sites: list[str] = field(default_factory=list)

    @property
    def verification(self) -> str:
        return self.provenance.verification


@dataclass(frozen=True)
class CentreSnapshot:
    id: int
    slug: str
    name: str
    country: str
    city: str
    latitude: float | None
    longitude: float | None
    accreditations: list[str]
    vetting_status: str
    vetting_reason: str | None
    vetting_decided_by: str | None
    vetting_decided_at: datetime | None
    vetting_verification: str
    vetting_source: str | None
    next_review_due: date | None
    demo: bool
    accepting_referrals: bool
    version: int
    updated_at: datetime
    contact: dict[str, Any]
    aliases: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    capabilities: list[CapabilitySnapshot] = field(default_factory=list)
    services: list[OfferingSnapshot] = field(default_factory=list)

    @property
    def location(self) -> dict[str, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return {"lat": self.latitude, "lon": self.longitude}

    @property
    def vetting(self) -> dict[str, Any]:
        verified = self.vetting_verification == "verified"
        return {
            "status": self.vetting_status,
            "next_review_due": self.next_review_due.isoformat() if self.next_review_due else None,
            "verification": {
                "status": self.vetting_verification,
                "decided_by": self.vetting_decided_by,
                "decided_at": self.vetting_decided_at.isoformat() if self.vetting_decided_at else None,
                "evidence": self.vetting_reason if verified else None,
                "source": self.vetting_source,
            },
        }


_CENTRE_COLUMNS = (
    Centre.id,
    Centre.slug,
    Centre.name,
    Centre.country,
    Centre.city,
    Centre.latitude,
    Centre.longitude,
    Centre.accreditations,
    Centre.vetting_status,
    Centre.vetting_reason,
    Centre.vetting_decided_by,
    Centre.vetting_decided_at,
    Centre.vetting_verification,
    Centre.vetting_source,
    Centre.next_review_due,
    Centre.demo,
    Centre.accepting_referrals,
    Centre.version,
    Centre.updated_at,
    Centre.contact,
)


def _provenance_columns(model: Any) -> tuple[Any, ...]:
    return (
        model.verification,
        model.reported_by,
        model.reported_at,
        model.verified_by,
        model.verified_at,
        model.evidence,
        model.source,
    )


def _load(session: Session, query: Select[Any]) -> list[CentreSnapshot]:
    centres = [CentreSnapshot(*row) for row in session.execute(query)]
    if not centres:
        return []
    ids = [c.id for c in centres]
    by_id = {c.id: c for c in centres}
    for centre_id, alias in session.execute(
        select(CentreAlias.centre_id, CentreAlias.alias)
        .where(CentreAlias.centre_id.in_(ids))
        .order_by(CentreAlias.position)
    ):
        by_id[centre_id].aliases.append(alias)
    for centre_id, tag in session.execute(
        select(CentreLanguage.centre_id, CentreLanguage.tag)
        .where(CentreLanguage.centre_id.in_(ids))
        .order_by(CentreLanguage.position)
    ):
        by_id[centre_id].languages.append(tag)
    for centre_id, code, status, notes, *provenance in session.execute(
        select(
            CentreCapability.centre_id,
            CentreCapability.code,
            CentreCapability.status,
            CentreCapability.notes,
            *_provenance_columns(CentreCapability),
        )
        .where(CentreCapability.centre_id.in_(ids))
        .order_by(CentreCapability.code)
    ):
        by_id[centre_id].capabilities.append(CapabilitySnapshot(code, status, notes, Provenance(*provenance)))
    offerings: dict[int, OfferingSnapshot] = {}
    for offering_id, centre_id, *values in session.execute(
        select(
            ServiceOffering.id,
            ServiceOffering.centre_id,
            ServiceOffering.code,
            ServiceOffering.annual_volume,
            ServiceOffering.cost_currency,
            ServiceOffering.cost_min,
            ServiceOffering.cost_max,
            ServiceOffering.wait_days,
            ServiceOffering.imaging,
            ServiceOffering.notes,
            *_provenance_columns(ServiceOffering),
        )
        .where(ServiceOffering.centre_id.in_(ids))
        .order_by(ServiceOffering.code)
    ):
        offering = OfferingSnapshot(*values[:8], Provenance(*values[8:]))
        offerings[offering_id] = offering
        by_id[centre_id].services.append(offering)
    if offerings:
        sites: dict[int, list[str]] = defaultdict(list)
        for offering_id, site in session.execute(
            select(ServiceSite.offering_id, ServiceSite.site_code)
            .where(ServiceSite.offering_id.in_(list(offerings)))
            .order_by(ServiceSite.position)
        ):
            sites[offering_id].append(site)
        for offering_id, offering in offerings.items():
            offering.sites.extend(sites[offering_id])
    return centres


@dataclass
class Snapshots:
    db: Database

    def by_slug(self, slugs: Iterable[str]) -> dict[str, CentreSnapshot]:
        slugs = list(slugs)
        with self.db.session() as session:
            found = _load(session, select(*_CENTRE_COLUMNS).where(Centre.slug.in_(slugs)))
        return {c.slug: c for c in found}

    def batches(
        self, size: int = 1000, changed_after: datetime | None = None, vetted: bool | None = None
    ) -> Iterator[Sequence[CentreSnapshot]]:
        """Every centre (changed after a time, vetted or not, when asked), in batches by id."""
        last = 0
        while True:
            query = select(*_CENTRE_COLUMNS).where(Centre.id > last)
            if changed_after is not None:
                query = query.where(Centre.updated_at > changed_after)
            if vetted is not None:
                query = query.where(
                    (Centre.vetting_status == "vetted") if vetted else (Centre.vetting_status != "vetted")
                )
            with self.db.session() as session:
                batch = _load(session, query.order_by(Centre.id).limit(size))
            if not batch:
                return
            yield batch
            last = batch[-1].id
