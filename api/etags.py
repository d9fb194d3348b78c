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
    "description": "The ETag of the version you read (from GET). `*` is not accepted.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}


def etag(key: str, version: int) -> str:
    return f'"{key}.{version}"'


def required_version(key: str) -> int:
    """The version the client read, from ``If-Match``; 428 without one, 412 if it cannot match."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ProblemError(
            428,
            "Send If-Match with the ETag you read, so that a concurrent change is not overwritten.",
            code="if-match-required",
        )
    if header == "*":
        raise ProblemError(428, "If-Match: * is not accepted here; send the ETag you read.", code="if-match-required")
    for tag in request.if_match.as_set(include_weak=False):
        name, _, version = tag.rpartition(".")
        if name == key and version.isdigit() and len(version) < 10:
            return int(version)
    raise ProblemError(412, "If-Match does not name a version of this resource.", code="version-mismatch")
