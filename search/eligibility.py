"""Does a centre fit a case, and why (not)? The one place that decides.

Match (full matches and near misses), the explanation for any named centre ("why not this
centre?"), the snapshot a referral keeps, and every later caller ask :func:`assess`; nothing
else decides whether a centre fits. It reads a centre's search document (both backends hold
the same documents; a referral builds one from the database) and the plan the rules made of
the case (:class:`search.ranking.MatchPlan`).

A centre is *eligible* when it passes every hard filter: vetted (and its review date not past),
accepting referrals, in a destination country (when the case names some), offering the service
for the lesion site, and, when the case sets a maximum budget, with a lowest price known to be
within it. An
eligible centre *fits* when every requirement is met: one of the requirement's capabilities is
``available`` (``limited`` and ``unavailable`` count as missing). An eligible centre that misses
requirements is a near miss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.ranking import MatchPlan


@dataclass(frozen=True)
class Need:
    """A required rule that holds for the case: a centre meets it with any one of ``any_of``."""

    rule: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """A capability a need asked for, as the centre reports it (``not reported``: not at all)."""

    code: str
    status: str
    notes: str | None = None


@dataclass(frozen=True)
class Reason:
    """One reason a centre does or does not fit. ``code`` is one of :data:`REASON_CODES`."""

    code: str
    text: str
    rule: str | None = None
    gaps: tuple[Gap, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"code": self.code, "text": self.text}
        if self.rule is not None:
            found["rule"] = self.rule
            found["gaps"] = [{"code": g.code, "status": g.status, "notes": g.notes} for g in self.gaps]
        return found


REASON_CODES = {
    "not-vetted": "The centre's vetting is not current (pending, suspended or lapsed).",
    "review-overdue": "The centre's vetting review date has passed: it counts as lapsed.",
    "not-accepting-referrals": "The centre does not accept referrals now.",
    "not-in-destination": "The centre is not in one of the case's destination countries.",
    "service-not-offered": "The centre does not offer the service.",
    "site-not-treated": "The centre offers the service, but not for the lesion site.",
    "over-budget-max": "The centre's lowest price is above the case's maximum budget.",
    "cost-unknown": (
        "The centre's cost is unknown in USD (no cost stated, or no exchange rate), so it cannot be shown "
        "to be within the maximum budget."
    ),
    "requirement-missing": "A requirement is not met: none of its capabilities is available.",
    "near-misses-not-asked": "The centre misses requirements, and the match did not ask for near misses.",
    "below-limit": "The centre fits, but ranks below the number of results asked for.",
    "unknown-centre": "There is no centre with this slug.",
    "fits": "The centre passes every filter and meets every requirement.",
    "near-miss": "The centre passes every filter but misses requirements; shown because near misses were asked for.",
}


class Assessment:
    """How one centre answers one case. (A plain slotted class: one is made for every
    candidate of every match, so it is kept cheap to build.)"""

    __slots__ = ("_gaps", "barriers", "document", "met", "offering", "unmet")

    def __init__(
        self,
        document: Mapping[str, Any],
        offering: Mapping[str, Any] | None,
        barriers: tuple[Reason, ...],
        met: tuple[tuple[Need, str], ...],
        unmet: tuple[Need, ...],
    ) -> None:
        self.document = document
        self.offering = offering  # the offering that treats the site (even if barred)
        self.barriers = barriers  # hard filters the centre fails
        self.met = met  # each need met, with the capability that meets it
        self.unmet = unmet
        self._gaps: dict[str, tuple[Gap, ...]] | None = None

    @property
    def slug(self) -> str:
        return self.document["slug"]

    @property
    def eligible(self) -> bool:
        return not self.barriers

    @property
    def fits(self) -> bool:
        return not self.barriers and not self.unmet

    @property
    def gaps(self) -> dict[str, tuple[Gap, ...]]:
        """For each unmet need (by rule), its capabilities as the centre reports them."""
        if self._gaps is None:
            reported = {c["code"]: c for c in self.document["capabilities"]}
            self._gaps = {
                need.rule: tuple(
                    Gap(code, reported[code]["status"], reported[code].get("notes"))
                    if code in reported
                    else Gap(code, "not reported")
                    for code in need.any_of
                )
                for need in self.unmet
            }
        return self._gaps

    def reasons(self, labels: Mapping[str, str] | None = None) -> list[Reason]:
        """Why the centre does not fit: its barriers, then each unmet need with its gaps."""
        labels = labels or {}
        found = list(self.barriers)
        for need in self.unmet:
            gaps = self.gaps[need.rule]
            states = [
                (f"{labels.get(g.code, g.code)} " if len(gaps) > 1 else "")
                + ("not reported by the centre" if g.status == "not reported" else g.status)
                + (f" (the centre's note: {g.notes})" if g.notes else "")
                for g in gaps
            ]
            wanted = " or ".join(labels.get(code, code) for code in need.any_of)
            text = f"Needs {wanted}: {'; '.join(states)}."
            found.append(Reason("requirement-missing", text, need.rule, gaps))
        return found


def offering_for(document: Mapping[str, Any], service: str, site: str) -> Mapping[str, Any] | None:
    """The centre's offering of the service that treats the site (the first, if several do)."""
    for offering in document["services"]:
        if offering["code"] == service and site in offering["sites"]:
            return offering
    return None


def _overdue(document: Mapping[str, Any], plan: MatchPlan) -> bool:
    due = document.get("next_review_due")
    return bool(due) and plan.today is not None and due < plan.today


def _over_budget(offering: Mapping[str, Any] | None, plan: MatchPlan) -> bool:
    if plan.budget_max_usd is None or offering is None:
        return False
    lowest = offering["cost_min_usd"]
    return lowest is None or lowest > plan.budget_max_usd


def _barriers(document: Mapping[str, Any], plan: MatchPlan, offering: Mapping[str, Any] | None) -> tuple[Reason, ...]:
    """The hard filters a centre fails; built only when it fails one (the common case is none)."""
    found = []
    if document["vetting_status"] != "vetted":
        found.append(Reason("not-vetted", f"Vetting is {document['vetting_status']}, not vetted."))
    elif _overdue(document, plan):
        found.append(
            Reason("review-overdue", f"The vetting review was due on {document['next_review_due']}: it has lapsed.")
        )
    if not document["accepting_referrals"]:
        found.append(Reason("not-accepting-referrals", "The centre is not accepting referrals."))
    if plan.countries and document["country"] not in plan.countries:
        found.append(
            Reason(
                "not-in-destination",
                f"The centre is in {document['country']}, not in a destination country ({', '.join(plan.countries)}).",
            )
        )
    if offering is None:
        if any(o["code"] == plan.service for o in document["services"]):
            found.append(
                Reason("site-not-treated", f"The centre offers {plan.service} but does not treat {plan.site}.")
            )
        else:
            found.append(Reason("service-not-offered", f"The centre does not offer {plan.service}."))
    elif _over_budget(offering, plan):
        lowest = offering["cost_min_usd"]
        if lowest is None:
            why = offering["cost_usd"]["why"]
            found.append(
                Reason(
                    "cost-unknown",
                    f"The cost is unknown in USD ({why}), so it cannot be shown to be within the maximum.",
                )
            )
        else:
            found.append(
                Reason(
                    "over-budget-max",
                    f"The lowest price, USD {lowest:,.0f}, is above the maximum of USD {plan.budget_max_usd:,.0f}.",
                )
            )
    return tuple(found)


def barred(document: Mapping[str, Any], offering: Mapping[str, Any] | None, plan: MatchPlan) -> bool:
    """Whether a hard filter bars the centre (``offering``: its :func:`offering_for` the plan);
    :func:`assess` says which."""
    return bool(
        offering is None
        or document["vetting_status"] != "vetted"
        or not document["accepting_referrals"]
        or (plan.countries and document["country"] not in plan.countries)
        or _overdue(document, plan)
        or _over_budget(offering, plan)
    )


def best_met(available: Mapping[str, str], need: Need, evidence: Mapping[str, float]) -> str | None:
    """The capability that meets a need, the best verified of those available (the first of
    equals); None when none is. ``available``: a document's capability code -> verification."""
    best = None
    for code in need.any_of:
        if code in available and (best is None or evidence[available[code]] > evidence[available[best]]):
            best = code
    return best


def assess(document: Mapping[str, Any], plan: MatchPlan) -> Assessment:
    """Whether a centre fits the plan's case, and why: the only place that decides it."""
    offering = offering_for(document, plan.service, plan.site)
    barriers = _barriers(document, plan, offering) if barred(document, offering, plan) else ()
    available = document["available"]  # capability code -> verification, for available ones
    evidence = plan.params.evidence
    met = []
    unmet = []
    for need in plan.requirements:
        best = best_met(available, need, evidence)
        if best is None:
            unmet.append(need)
        else:
            met.append((need, best))
    return Assessment(document, offering, barriers, tuple(met), tuple(unmet))
