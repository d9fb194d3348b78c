"""Referrals: created by the intake service or a coordinator, answered by the centre.

Who sees what: a coordinator sees every referral; an intake client the ones it created; a
partner the ones sent to its centre (not drafts). Anything else does not exist for the caller:
404, and the attempt is audited. Every read and every change is in the audit log.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from directory import workflow
from directory.db import utcnow
from directory.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from directory.identity import Identity
from directory.models import Centre, Referral, ReferralMessage, ReferralTransition
from directory.services.base import Service, compared
from directory.services.centres import Page
from directory.text import Text
from directory.uow import UnitOfWork

REFERRAL_LOAD = (
    selectinload(Referral.centre),
    selectinload(Referral.transitions),
    selectinload(Referral.messages),
)
MESSAGE_SIDES = {"coordinator": "coordinator", "partner": workflow.CENTRE}


@dataclass(frozen=True)
class ReferralFilter:
    statuses: tuple[str, ...] = ()
    centre: str | None = None
    updated_since: datetime | None = None
    ids: tuple[str, ...] = ()
    #: Last changed (op, instant): op one of gt, ge, lt, le; all must hold.
    updated: tuple[tuple[str, datetime], ...] = ()


@dataclass(frozen=True)
class Created:
    referral: Referral
    #: False when an earlier request with the same key or external_ref made it.
    new: bool


def sides(identity: Identity, referral: Referral) -> frozenset[str]:
    """The sides of the workflow the caller may act for on this referral."""
    if identity.role == "coordinator" or identity.is_system:
        return frozenset({workflow.REQUESTER, workflow.CENTRE})
    found = set()
    if identity.principal == requester(referral):
        found.add(workflow.REQUESTER)
    if identity.role == "partner" and identity.centre == referral.centre.slug:
        found.add(workflow.CENTRE)
    return frozenset(found)


def requester(referral: Referral) -> tuple[str, str]:
    """Who sent a referral: (issuer, id), as :attr:`Identity.principal`."""
    return (referral.requester_issuer, referral.requester_client_id)


def _requested_by(identity: Identity) -> tuple[Any, ...]:
    return (Referral.requester_issuer == identity.issuer, Referral.requester_client_id == identity.principal_id)


def visible(identity: Identity, referral: Referral) -> bool:
    if identity.role == "coordinator" or identity.is_system:
        return True
    if identity.role == "intake":
        return requester(referral) == identity.principal
    if identity.role == "partner":
        return identity.centre == referral.centre.slug and referral.status not in workflow.HIDDEN_FROM_CENTRE
    return False


def request_hash(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class ReferralService(Service):
    # --- creating -----------------------------------------------------------------------------

    def create(
        self,
        identity: Identity,
        data: Mapping[str, Any],
        snapshot: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> Created:
        """Create a referral, or hand back the one an earlier identical request created.

        The same ``external_ref`` (or ``Idempotency-Key``) from the same client is the same
        referral, also when retries race: the unique constraints decide, and the loser reads
        the winner's row. Reused for a different request, it is a conflict.
        """
        fingerprint = request_hash(data)
        existing = self._existing(identity, data["external_ref"], idempotency_key, fingerprint)
        if existing is not None:
            return Created(existing, new=False)
        try:
            return Created(self._insert(identity, data, snapshot, idempotency_key, fingerprint), new=True)
        except IntegrityError:
            existing = self._existing(identity, data["external_ref"], idempotency_key, fingerprint)
            if existing is None:
                raise
            return Created(existing, new=False)

    def _existing(self, identity: Identity, external_ref: str, key: str | None, fingerprint: str) -> Referral | None:
        with self.db.session() as session:
            query = select(Referral).where(*_requested_by(identity))
            by_key = (
                session.scalar(query.where(Referral.idempotency_key == key).options(*REFERRAL_LOAD)) if key else None
            )
            by_ref = session.scalar(query.where(Referral.external_ref == external_ref).options(*REFERRAL_LOAD))
        found = by_key or by_ref
        if found is None:
            return None
        if found.request_hash != fingerprint or (by_key and by_ref and by_key.id != by_ref.id):
            what = "Idempotency-Key" if by_key else "external_ref"
            raise Conflict(
                Text(
                    "This %(what)s was already used for a different referral (%(referral)s).",
                    what=what,
                    referral=found.id,
                ),
                referral=found.id,
            )
        return found

    def _insert(
        self,
        identity: Identity,
        data: Mapping[str, Any],
        snapshot: Mapping[str, Any],
        key: str | None,
        fingerprint: str,
    ) -> Referral:
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.create", "referral", data["external_ref"])
            centre = uow.session.scalar(select(Centre).where(Centre.slug == data["centre"]))
            if centre is None:
                raise InvalidInput(
                    Text("Unknown centre."), {"centre": [Text("No centre %(slug)r.", slug=data["centre"])]}
                )
            override = _check_fit(uow, data, snapshot)
            status = data["status"]
            if status == "requested":
                _check_open(centre)
            referral = Referral(
                id=secrets.token_hex(16),
                external_ref=data["external_ref"],
                requester_issuer=identity.issuer,
                requester_client_id=identity.principal_id,
                requester_role=identity.role,
                centre=centre,
                status=status,
                profile=dict(data["profile"]),
                match_snapshot=dict(snapshot),
                override_reason=override,
                idempotency_key=key,
                request_hash=fingerprint,
                transitions=[],
                messages=[],
            )
            uow.session.add(referral)
            uow.session.flush()
            referral.transitions.append(
                _step(identity, None, status, referral.version, workflow.REQUESTER, None, override)
            )
            changes = {"status": status, **({"override_reason": override} if override else {})}
            uow.audit("referral.create", "referral", referral.id, referral, changes=changes, reason=override)
            uow.publish("referral", referral.id, referral)
            uow.commit()
            return referral

    # --- reading ------------------------------------------------------------------------------

    def get(self, identity: Identity, referral_id: str) -> Referral:
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.read", "referral", referral_id)
            referral = self._visible(uow, referral_id, "referral.read")
            uow.audit("referral.read", "referral", referral.id, referral)
            uow.commit()
            return referral

    def list(self, identity: Identity, f: ReferralFilter, page: int = 1, page_size: int = 20) -> Page:
        """Oldest change first, so that polling with ``updated_since`` pages forward."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.read", "referral", "*")
            query = _filtered(_scoped(identity, select(Referral)), f)
            total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = list(
                uow.session.scalars(
                    query.options(*REFERRAL_LOAD)
                    .order_by(Referral.updated_at, Referral.id)
                    .offset((page - 1) * page_size)
                    .limit(page_size)
                )
            )
            for referral in rows:
                uow.audit("referral.read", "referral", referral.id, referral)
            uow.commit()
        return Page(rows, total, page, page_size)

    def ids(self, identity: Identity, f: ReferralFilter) -> list[str]:
        """The ids of the referrals the caller may see that the filter finds, in id order: a
        fixed list to read in chunks (reads by offset skip rows that change meanwhile)."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.read", "referral", "*")
            query = _filtered(_scoped(identity, select(Referral.id)), f)
            return list(uow.session.scalars(query.order_by(Referral.id)))

    def allowed_for(self, identity: Identity, referral: Referral) -> list[str]:
        return workflow.allowed(referral.status, sides(identity, referral))

    # --- changing -----------------------------------------------------------------------------

    def transition(
        self,
        identity: Identity,
        referral_id: str,
        to: str,
        reason: str | None,
        reason_code: str | None,
        expected_version: int | None,
    ) -> Referral:
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.transition", "referral", referral_id)
            referral = self._visible(uow, referral_id, "referral.transition")
            mine = sides(identity, referral)
            side = workflow.side_of(referral.status, to)
            if side is None or side not in mine:
                allowed = workflow.allowed(referral.status, mine)
                error = Conflict(
                    Text(
                        "A referral that is %(status)s cannot become %(to)s by this client; allowed: %(allowed)s.",
                        status=referral.status,
                        to=to,
                        allowed=", ".join(allowed) or "none",
                    ),
                    allowed=allowed,
                )
                uow.record_denial("referral.transition", "referral", referral_id, error)
                raise error
            acting_for_another = identity.role == "coordinator" and not (
                side == workflow.REQUESTER and identity.principal == requester(referral)
            )
            _check_reasons(to, reason, reason_code, acting_for_another)
            if to == "requested":
                _check_open(referral.centre)
            uow.check_version(referral, expected_version)
            before = referral.status
            referral.status = to
            referral.updated_at = utcnow()
            uow.session.flush()  # the new version, for the timeline
            referral.transitions.append(_step(identity, before, to, referral.version, side, reason_code, reason))
            uow.audit(
                "referral.transition",
                "referral",
                referral.id,
                referral,
                changes={"status": {"from": before, "to": to}, "reason_code": reason_code, "acting_for": side},
                reason=reason,
            )
            uow.publish("referral", referral.id, referral)
            uow.commit()
            return referral

    def post_message(self, identity: Identity, referral_id: str, body: str) -> ReferralMessage:
        """A message between the coordinators and the centre; the intake client reads it."""
        with self.unit_of_work(identity) as uow:
            uow.authorize("referral.read", "referral", referral_id)
            referral = self._visible(uow, referral_id, "referral.message")
            uow.authorize("referral.message", "referral", referral_id)
            message = ReferralMessage(
                author_issuer=identity.issuer,
                author_client_id=identity.principal_id,
                author_role=identity.role,
                side=MESSAGE_SIDES[identity.role],
                body=body,
            )
            referral.messages.append(message)
            referral.updated_at = utcnow()  # pollers see the activity
            uow.session.flush()  # the message's id, for its event
            uow.audit("referral.message", "referral", referral.id, referral, changes={"length": len(body)})
            uow.publish("message", referral.id, None, version=message.id)
            uow.commit()
            return message

    # --- helpers ------------------------------------------------------------------------------

    def _visible(self, uow: UnitOfWork, referral_id: str, action: str) -> Referral:
        """The referral if the caller may see it; else 404, and the attempt audited."""
        referral = uow.session.scalar(select(Referral).where(Referral.id == referral_id).options(*REFERRAL_LOAD))
        if referral is None or not visible(uow.identity, referral):
            error = NotFound(Text("No referral %(id)r.", id=referral_id))
            if referral is not None:  # it exists, but not for this caller
                uow.record_denial(action, "referral", referral_id, error)
            raise error
        return referral


def _filtered(query: Select[Any], f: ReferralFilter) -> Select[Any]:
    if f.statuses:
        query = query.where(Referral.status.in_(f.statuses))
    if f.centre:
        query = query.where(Referral.centre_id.in_(select(Centre.id).where(Centre.slug == f.centre)))
    if f.updated_since:
        query = query.where(Referral.updated_at > f.updated_since)
    if f.ids:
        query = query.where(Referral.id.in_(f.ids))
    for op, instant in f.updated:
        query = query.where(compared(Referral.updated_at, op, instant))
    return query


def _scoped(identity: Identity, query: Select[Any]) -> Select[Any]:
    """What the caller may see, as a query (the same rule as :func:`visible`)."""
    if identity.role == "coordinator" or identity.is_system:
        return query
    if identity.role == "intake":
        return query.where(*_requested_by(identity))
    if identity.role == "partner" and identity.centre:
        return query.where(
            Referral.centre_id.in_(select(Centre.id).where(Centre.slug == identity.centre)),
            Referral.status.not_in(workflow.HIDDEN_FROM_CENTRE),
        )
    raise PermissionDenied(Text("This client may not read referrals."))


def _check_fit(uow: UnitOfWork, data: Mapping[str, Any], snapshot: Mapping[str, Any]) -> str | None:
    """A referral goes only where the case fits (the snapshot holds the eligibility verdict),
    unless a coordinator overrides it with a reason; returns that reason."""
    override = data.get("override_reason")
    if snapshot.get("fits"):
        if override:
            raise InvalidInput(
                Text("The centre fits the case: there is nothing to override."),
                {"override_reason": [Text("Leave it out: the centre fits the case.")]},
            )
        return None
    reasons = list(snapshot.get("reasons", []))
    if not override:
        raise InvalidInput(
            Text(
                "The centre does not fit the case: see errors and reasons. A coordinator may refer it "
                "anyway with override_reason."
            ),
            {"centre": [reason["text"] for reason in reasons]},
            reasons=reasons,
        )
    uow.authorize("referral.override", "referral", data["external_ref"])
    return str(override)


def _check_open(centre: Centre) -> None:
    if centre.vetting_status != "vetted" or not centre.accepting_referrals:
        raise Conflict(
            Text(
                "Centre %(slug)r does not take referrals now "
                "(vetting: %(vetting)s, accepting referrals: %(accepting)s).",
                slug=centre.slug,
                vetting=centre.vetting_status,
                accepting=centre.accepting_referrals,
            )
        )


def _check_reasons(to: str, reason: str | None, reason_code: str | None, acting_for_another: bool) -> None:
    errors: dict[str, list[str]] = {}
    if to == "rejected":
        if reason_code not in workflow.REJECTION_CODES:
            errors["reason_code"] = [
                Text("A rejection needs one of: %(codes)s.", codes=", ".join(workflow.REJECTION_CODES))
            ]
        elif reason_code == "other" and not (reason or "").strip():
            errors["reason"] = [Text("Say why, when the code is other.")]
    elif reason_code is not None:
        errors["reason_code"] = [Text("Only a rejection takes a reason code.")]
    if acting_for_another and not (reason or "").strip() and "reason" not in errors:
        errors["reason"] = [Text("A coordinator acting for the requester or the centre says why.")]
    if errors:
        raise InvalidInput(Text("The transition needs a reason."), errors)


def _step(
    identity: Identity,
    frm: str | None,
    to: str,
    version: int,
    side: str,
    reason_code: str | None,
    reason: str | None,
) -> ReferralTransition:
    return ReferralTransition(
        from_status=frm,
        to_status=to,
        version=version,
        actor_issuer=identity.issuer,
        actor_client_id=identity.principal_id,
        actor_role=identity.role,
        acting_for=side,
        reason_code=reason_code,
        reason=reason,
    )
