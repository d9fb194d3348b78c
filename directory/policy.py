"""Who may do what, as data, and the two checks every service calls.

Scopes (checked by the API) say what a token may ask for; this module says what a role may do
to which object. Both must allow an action. A partner acts only on its own centre.
"""

from __future__ import annotations

from collections.abc import Iterable

from directory.errors import InvalidInput, PermissionDenied
from directory.identity import SYSTEM_ROLE, Identity
from directory.text import Text

#: action -> roles allowed to perform it (the system role may do everything).
ACTIONS: dict[str, frozenset[str]] = {
    "centre.create": frozenset({"admin", "coordinator"}),
    "centre.update": frozenset({"admin", "coordinator", "partner"}),
    "centre.vetting": frozenset({"admin", "coordinator"}),
    "capability.write": frozenset({"coordinator", "partner"}),
    "capability.verify": frozenset({"coordinator"}),
    "service.verify": frozenset({"coordinator"}),
    "service.write": frozenset({"coordinator", "partner"}),
    "audit.read": frozenset({"admin"}),
    # The coordinators' review queue: facts waiting for a check, vettings falling due.
    "review.read": frozenset({"admin", "coordinator"}),
    "rate.set": frozenset({"admin"}),
    "client.read": frozenset({"admin"}),
    "client.create": frozenset({"admin"}),
    "client.disable": frozenset({"admin"}),
    "client.rotate": frozenset({"admin"}),
    "user.read": frozenset({"admin"}),
    "user.create": frozenset({"admin"}),
    "user.disable": frozenset({"admin"}),
    "user.reset": frozenset({"admin"}),
    "referral.create": frozenset({"intake", "coordinator"}),
    # Referring a case to a centre that does not fit it, with a reason.
    "referral.override": frozenset({"coordinator"}),
    "referral.read": frozenset({"intake", "coordinator", "partner"}),
    "referral.transition": frozenset({"intake", "coordinator", "partner"}),
    "referral.message": frozenset({"coordinator", "partner"}),
    "webhook.manage": frozenset({"intake", "partner"}),
    # Setting a required clinical rule aside for one case is a clinical judgement.
    "rule.waive": frozenset({"coordinator"}),
    # Operator actions, from the command line only (the system role).
    "centre.import": frozenset(),
    "centre.lapse": frozenset(),
    "housekeeping.prune": frozenset(),
    "key.rotate": frozenset(),
    "secrets.reseal": frozenset(),
    "vocabulary.load": frozenset(),
}

#: Actions a partner may perform only on the centre its client is bound to.
OWN_CENTRE_ONLY = frozenset({"centre.update", "capability.write", "service.write"})

#: Centre fields each role may change through ``centre.update``. Vetting is never among them:
#: it has an action of its own.
CENTRE_FIELDS: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {
            "name",
            "aliases",
            "country",
            "city",
            "location",
            "languages",
            "accreditations",
            "accepting_referrals",
            "contact",
        }
    ),
    "partner": frozenset({"contact", "languages", "accepting_referrals"}),
}
CENTRE_FIELDS["coordinator"] = CENTRE_FIELDS["admin"]
CENTRE_FIELDS[SYSTEM_ROLE] = CENTRE_FIELDS["admin"]


def allowed(identity: Identity, action: str, centre_slug: str | None = None) -> bool:
    if identity.is_system:
        return True
    if identity.role not in ACTIONS[action]:
        return False
    if identity.role == "partner" and action in OWN_CENTRE_ONLY:
        return centre_slug is not None and centre_slug == identity.centre
    return True


def require(identity: Identity, action: str, centre_slug: str | None = None) -> None:
    if allowed(identity, action, centre_slug):
        return
    if identity.role == "partner" and identity.role in ACTIONS[action]:
        raise PermissionDenied(Text("A partner client may act only on its own centre."), action=action)
    raise PermissionDenied(
        Text("The %(role)s role may not perform %(action)s.", role=identity.role, action=action), action=action
    )


def require_fields(identity: Identity, fields: Iterable[str]) -> None:
    """Refuse, field by field, any centre field the caller's role may not change."""
    writable = CENTRE_FIELDS.get(identity.role, frozenset())
    refused = sorted(set(fields) - writable)
    if refused:
        raise InvalidInput(
            Text("Some fields may not be changed by this client."),
            {name: [Text("Not writable by a %(role)s client.", role=identity.role)] for name in refused},
        )
