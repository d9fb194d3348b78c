"""The referral workflow, as data: FHIR Task statuses and who may move a referral where.

Each transition belongs to one side: the requester (the intake service or coordinator that
created the referral) or the centre (a partner client bound to the referral's centre). A
coordinator may act for either side, saying why.
"""

from __future__ import annotations

STATUSES = (
    "draft",
    "requested",
    "received",
    "accepted",
    "rejected",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "failed",
)
REQUESTER, CENTRE = "requester", "centre"

#: (from, to) -> the side it belongs to.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "requested"): REQUESTER,
    ("draft", "cancelled"): REQUESTER,
    ("requested", "cancelled"): REQUESTER,
    ("received", "cancelled"): REQUESTER,
    ("accepted", "cancelled"): REQUESTER,
    ("on-hold", "cancelled"): REQUESTER,
    ("requested", "received"): CENTRE,
    ("received", "accepted"): CENTRE,
    ("received", "rejected"): CENTRE,
    ("accepted", "in-progress"): CENTRE,
    ("accepted", "on-hold"): CENTRE,
    ("in-progress", "on-hold"): CENTRE,
    ("on-hold", "in-progress"): CENTRE,
    ("in-progress", "completed"): CENTRE,
    ("in-progress", "failed"): CENTRE,
    ("on-hold", "failed"): CENTRE,
}

#: Statuses a referral is created in.
INITIAL = ("draft", "requested")
#: A rejection says why, with one of these codes (``other`` with words).
REJECTION_CODES = ("at-capacity", "not-suitable", "needs-more-information", "other")
#: Statuses a referral can still leave: work in hand for someone.
OPEN = tuple(status for status in STATUSES if any(frm == status for frm, _ in TRANSITIONS))
#: The centre does not see a referral before it is sent.
HIDDEN_FROM_CENTRE = ("draft",)


def allowed(status: str, sides: frozenset[str]) -> list[str]:
    """Where a referral in ``status`` may go, for a caller who acts for ``sides``."""
    return [to for (frm, to), side in TRANSITIONS.items() if frm == status and side in sides]


def side_of(status: str, to: str) -> str | None:
    return TRANSITIONS.get((status, to))
