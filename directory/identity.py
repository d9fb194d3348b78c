"""Who is calling: the identity every service takes first, and what each role may ask for."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every scope the API knows, with what it lets a token do.
SCOPES: dict[str, str] = {
    "centres:read": "Read centres, the vocabulary and search results.",
    "centres:write": "Create centres and change their details.",
    "capabilities:write": "Report a centre's capabilities and service offerings.",
    "capabilities:verify": "Mark a reported capability as verified.",
    "vetting:write": "Change a centre's vetting status.",
    "match": "Run a case match.",
    "referrals:read": "Read referrals.",
    "referrals:write": "Create, request and cancel referrals.",
    "referrals:respond": "Answer referrals sent to one's own centre.",
    "webhooks:manage": "Register webhooks for referral events, and read their delivery log.",
    "audit:read": "Read the audit log.",
    "rates:write": "Set exchange rates.",
    "clients:manage": "Rotate the secrets of the service's OAuth clients.",
}

#: The scopes a client of each role may be granted (a token may ask for fewer).
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    "admin": ("centres:read", "centres:write", "vetting:write", "audit:read", "rates:write", "clients:manage"),
    "coordinator": (
        "centres:read",
        "centres:write",
        "capabilities:write",
        "capabilities:verify",
        "vetting:write",
        "match",
        "referrals:read",
        "referrals:write",
    ),
    "partner": (
        "centres:read",
        "centres:write",
        "capabilities:write",
        "referrals:read",
        "referrals:respond",
        "webhooks:manage",
    ),
    "intake": ("centres:read", "match", "referrals:read", "referrals:write", "webhooks:manage"),
}

#: Not an OAuth role: the operator running a command on the server itself (seeds, CLI).
SYSTEM_ROLE = "system"
#: The issuer of principals this service knows itself: its built-in clients, local user
#: accounts, the command line. An external identity provider's principals carry its issuer URL.
LOCAL_ISSUER = "local"


@dataclass(frozen=True)
class Identity:
    """Who is acting. Every principal is (issuer, id): the id is the client for a program and
    the person's subject for a person (``user``), so a provider's client or user can never be
    taken for one of ours, nor ours for one of its, whatever their names."""

    client_id: str  # the program: an OAuth client, or the web app a person works in
    role: str
    scopes: frozenset[str] = field(default_factory=frozenset)
    #: The slug of the centre a partner belongs to.
    centre: str | None = None
    subject: str | None = None
    token_id: str | None = None
    request_id: str | None = None
    issuer: str = LOCAL_ISSUER
    #: The person acting (their subject at the issuer), when a person signed in to the web app.
    user: str | None = None

    @classmethod
    def system(cls, name: str = "cli") -> Identity:
        return cls(client_id=f"system:{name}", role=SYSTEM_ROLE, subject=name)

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM_ROLE

    @property
    def principal_id(self) -> str:
        return self.user if self.user is not None else self.client_id

    @property
    def principal(self) -> tuple[str, str]:
        """(issuer, id): what ownership, rate limits and audit compare."""
        return (self.issuer, self.principal_id)

    @property
    def label(self) -> str:
        """Who acted, in one string, for provenance and messages (never for comparisons, which
        use :attr:`principal`): a person by the email they signed in with, a program by its
        client id, with the issuer when it is an external provider."""
        name = self.subject if self.user is not None and self.subject else self.principal_id
        return name if self.issuer == LOCAL_ISSUER else f"{name} ({self.issuer})"
