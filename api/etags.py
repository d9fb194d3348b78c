"""ETags of versioned resources, and the If-Match every write to one must carry.

The ETag is derived from the resource's identity and version counter, never from the body
(which differs by role). ``If-Match: *`` is refused: a writer must say which version it read.
"""

from __future__ import annotations

from flask import request

from api.problems import ProblemError

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag of the version you read (from GET, or the last write's answer). `*` is not "
    "accepted. Without it: 428; naming another version than the current one: 412.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "example": '"pumch.7"',
}
IF_NONE_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "The ETag you hold: while it is still the current version, the answer is 304 with no body.",
    "schema": {"type": "string"},  # any value: one that names no current version is simply not it
    "example": '"pumch.7"',
}
#: The ETag every answer with a versioned resource carries (``headers=`` of a response).
ETAG = {
    "ETag": {
        "description": "The version this answer shows: send it as If-Match to write, or If-None-Match to read again.",
        "required": True,
        "schema": {"type": "string", "example": '"pumch.7"'},
    }
}
MAX_IF_MATCH = 200


def etag(key: str, version: int) -> str:
    return f'"{key}.{version}"'


#: What ``if_match_version`` returns when If-Match names no version of this resource.
NO_MATCH = -1


def if_match_version(key: str) -> int | None:
    """The version the client read, from ``If-Match``: None when it sent none (or ``*``),
    ``NO_MATCH`` when what it sent names no version of this resource. The service decides what
    follows (428 or 412), after it has found the resource and checked the caller's rights."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    if len(header) > MAX_IF_MATCH:
        raise ProblemError(
            400,
            f"If-Match is longer than {MAX_IF_MATCH} characters: send the ETag you read.",
            code="invalid-header",
            errors=[{"location": "headers", "pointer": "/If-Match", "detail": "Too long."}],
        )
    for tag in request.if_match.as_set(include_weak=False):
        name, _, version = tag.rpartition(".")
        if name == key and version.isdigit() and len(version) < 10:
            return int(version)
    return NO_MATCH
