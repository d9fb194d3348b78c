"""Structured logs: one JSON object per line, each with the request id when there is one."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from flask import g, has_request_context

from api import tracing


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and g.get("request_id"):
            entry["request_id"] = g.request_id
        trace = tracing.trace_id() if "opentelemetry" in sys.modules else None
        if trace:
            entry["trace_id"] = trace
        for key in ("method", "path", "status", "duration_ms", "client_id", "address"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


#: What a bearer token looks like in text: three base64url parts, the first a JSON header.
_JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*")


class Redact(logging.Filter):
    """Defence in depth: whatever a library logs, a JWT never reaches the output."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "eyJ" in message:
            record.msg, record.args = _JWT.sub("[token]", message), None
        return True


#: Libraries whose debug output carries credentials (Authlib logs issued tokens at DEBUG).
QUIET = ("authlib",)


def configure(level: str, fmt: str) -> None:
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    root = logging.getLogger()
    if any(getattr(h, "_partner_directory", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._partner_directory = True  # type: ignore[attr-defined]
    handler.addFilter(Redact())
    handler.setFormatter(
        JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
