"""The domain's words in the reader's language: what it refuses, and the codes it stores.

The domain says why it refuses in English, as :class:`directory.text.Text` (a str that keeps
its template and values; ``make messages`` extracts the templates). The API sends that English
as it is; the web app shows it through :func:`translated`. Codes the domain stores (referral
statuses, vetting, roles ...) stay codes in forms and CSS classes; people read :func:`word`.
Both are Jinja filters: ``{{ problem|translated }}``, ``{{ r.status|word("referral") }}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import get_locale, gettext, pgettext

from directory.text import Text


def translated(text: Any) -> Any:
    """A domain sentence in the reader's language: its template through gettext, then its
    values. Anything else (the app's own words, already translated; data) is shown as it is."""
    if not isinstance(text, Text):
        return text
    template = gettext(text.template)  # no values here: flask-babel would apply them itself
    return template % text.values if text.values else template


# --- codes as words: lower case as they read in a sentence or a table cell ---------------------------


def _referral_statuses() -> dict[str, str]:
    return {
        "draft": pgettext("referral status", "draft"),
        "requested": pgettext("referral status", "requested"),
        "received": pgettext("referral status", "received"),
        "accepted": pgettext("referral status", "accepted"),
        "rejected": pgettext("referral status", "rejected"),
        "in-progress": pgettext("referral status", "in progress"),
        "on-hold": pgettext("referral status", "on hold"),
        "completed": pgettext("referral status", "completed"),
        "cancelled": pgettext("referral status", "cancelled"),
        "failed": pgettext("referral status", "failed"),
    }


def _rejection_reasons() -> dict[str, str]:
    return {
        "at-capacity": pgettext("rejection reason", "at capacity"),
        "not-suitable": pgettext("rejection reason", "not suitable"),
        "needs-more-information": pgettext("rejection reason", "needs more information"),
        "other": pgettext("rejection reason", "other"),
    }


def _sides() -> dict[str, str]:
    return {
        "requester": pgettext("referral side", "requester"),
        "centre": pgettext("referral side", "centre"),
        "coordinator": pgettext("referral side", "coordinator"),
    }


def _vetting_statuses() -> dict[str, str]:
    return {
        "pending": pgettext("vetting status", "pending"),
        "vetted": pgettext("vetting status", "vetted"),
        "suspended": pgettext("vetting status", "suspended"),
        "lapsed": pgettext("vetting status", "lapsed"),
    }


def _capability_statuses() -> dict[str, str]:
    return {
        "available": pgettext("capability status", "available"),
        "limited": pgettext("capability status", "limited"),
        "unavailable": pgettext("capability status", "unavailable"),
    }


def _verification_states() -> dict[str, str]:
    return {
        "verified": pgettext("verification", "verified"),
        "self-reported": pgettext("verification", "self-reported"),
        "unverified": pgettext("verification", "unverified"),
    }


def _roles() -> dict[str, str]:
    return {
        "admin": pgettext("role", "admin"),
        "coordinator": pgettext("role", "coordinator"),
        "partner": pgettext("role", "partner"),
        "intake": pgettext("role", "intake"),
    }


# --- ... and capitalised as they stand alone: a badge, an option ---------------------------------------


def _side_titles() -> dict[str, str]:
    return {"requester": gettext("Requester"), "centre": gettext("Centre"), "coordinator": gettext("Coordinator")}


def _vetting_titles() -> dict[str, str]:
    return {
        "pending": gettext("Pending"),
        "vetted": gettext("Vetted"),
        "suspended": gettext("Suspended"),
        "lapsed": gettext("Lapsed"),
    }


def _capability_titles() -> dict[str, str]:
    return {
        "not-reported": gettext("Not reported"),
        "available": gettext("Available"),
        "limited": gettext("Limited"),
        "unavailable": gettext("Unavailable"),
    }


def _verification_titles() -> dict[str, str]:
    return {
        "verified": gettext("Verified"),
        "self-reported": gettext("Self-reported"),
        "unverified": gettext("Unverified"),
    }


Words = Callable[[], dict[str, str]]
#: kind -> (its words in running text, its words standing alone or None: the same).
KINDS: dict[str, tuple[Words, Words | None]] = {
    "referral": (_referral_statuses, None),
    "rejection": (_rejection_reasons, None),
    "side": (_sides, _side_titles),
    "vetting": (_vetting_statuses, _vetting_titles),
    "capability": (_capability_statuses, _capability_titles),
    "verification": (_verification_states, _verification_titles),
    "role": (_roles, None),
}


def word(code: Any, kind: str, title: bool = False) -> Any:
    """The word for a code of a ``kind`` (see :data:`KINDS`) in the reader's language: as it
    reads in running text, or (``title``) as it stands alone. An unknown code is shown as is."""
    running, alone = KINDS[kind]
    return ((alone or running) if title else running)().get(code, code)


def install(app: Flask) -> None:
    # The page's language, as the reader's browser asked for it (among those the app has).
    app.jinja_env.globals["page_language"] = lambda: str(get_locale() or "en").replace("_", "-")
    app.jinja_env.filters["translated"] = translated
    app.jinja_env.filters["word"] = word
