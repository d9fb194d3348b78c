"""``partner-directory doctor``: the state of one deployment, as an operator asks for it. Each
check says ``ok``, ``warn`` (look at it soon) or ``fail`` (something is wrong now); the command
exits non-zero when any fails.

- the database answers, and no migration is pending;
- on PostgreSQL, the service's role may only add to the audit log and read it: it is no
  superuser, does not own the tables, cannot change the schema (``MIGRATION_DATABASE_URL``);
- search: which backend; with Elasticsearch, the alias, its index (of the current document
  version) and the drift between index and database (missing, stale and extra documents);
- the outbox: what waits, per topic, and for how long;
- webhooks: hooks whose deliveries failed lately, or are being retried;
- signing keys: which, and how old.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask

from directory import migrate
from directory.db import utcnow
from directory.sealing import key_id
from search.documents import DOCUMENT_VERSION

#: An outbox row waiting longer than this is a worker that is down or stuck.
OUTBOX_WARN = timedelta(minutes=1)
OUTBOX_FAIL = timedelta(minutes=15)
#: A signing key older than this should be rotated.
KEY_AGE_WARN = timedelta(days=180)
#: Failed deliveries are looked for this far back.
WEBHOOK_WINDOW = timedelta(days=7)


@dataclass
class Check:
    name: str
    status: str  # ok, warn or fail
    summary: str
    details: dict[str, Any] = field(default_factory=dict)


def examine(app: Flask) -> list[Check]:
    """Every check, in order; one that cannot run is a failure, not an exception."""
    checks = []
    for check in (_database, _migrations, _privileges, _search, _outbox, _webhooks, _keys, _secrets):
        try:
            checks.append(check(app))
        except Exception as error:  # noqa: BLE001 (a doctor reports, it does not crash)
            first = str(error).splitlines()[0] if str(error) else ""
            checks.append(Check(check.__name__.strip("_"), "fail", f"{type(error).__name__}: {first}"))
    return checks


def report(checks: list[Check]) -> dict[str, Any]:
    worst = (
        "fail"
        if any(c.status == "fail" for c in checks)
        else "warn"
        if any(c.status == "warn" for c in checks)
        else "ok"
    )
    return {"status": worst, "checks": [asdict(c) for c in checks]}


def _database(app: Flask) -> Check:
    db = app.extensions["services"].db
    with db.read() as connection:
        connection.exec_driver_sql("SELECT 1")
    return Check("database", "ok", f"{db.engine.dialect.name} answers", {"url": db.engine.url.render_as_string()})


def _migrations(app: Flask) -> Check:
    db = app.extensions["services"].db
    current, head = migrate.current_revision(db), migrate.head_revision(db)
    if current != head:
        return Check(
            "migrations",
            "fail",
            f"at {current or 'none'}, head is {head}: run `db upgrade`",
            {"current": current, "head": head},
        )
    return Check("migrations", "ok", f"at head ({head})", {"current": current, "head": head})


def _privileges(app: Flask) -> Check:
    db = app.extensions["services"].db
    if db.dialect != "postgresql":
        return Check("privileges", "ok", f"{db.dialect}: no database roles")
    with db.read() as connection:
        role = connection.exec_driver_sql("SELECT current_user").scalar_one()
        problems = migrate.privilege_problems(connection, role)
    details = {"role": role, "problems": problems}
    if problems == ["no audit_events table"]:
        return Check("privileges", "warn", f"connects as {role}; no audit_events yet: run `db upgrade`", details)
    if problems:
        return Check(
            "privileges",
            "warn",
            f"connects as {role}, which can change the audit log or the schema ({'; '.join(problems)}): "
            "migrate with MIGRATION_DATABASE_URL, serve as a role of its own",
            details,
        )
    return Check("privileges", "ok", f"connects as {role}: audit_events only read and appended to, no DDL", details)


def _search(app: Flask) -> Check:
    search = app.extensions["search"]
    if search.primary is None:
        return Check("search", "ok", "local backend (no Elasticsearch configured)", {"backend": "local"})
    index = search.primary.index
    current = index.current()
    if current is None:
        return Check("search", "fail", f"no index behind {index.alias}: run `search reindex`", {"alias": index.alias})
    details: dict[str, Any] = {"alias": index.alias, "index": current, "unfinished": index.unfinished()}
    if not index.up_to_date():
        return Check("search", "fail", f"{current} is not of document version {DOCUMENT_VERSION}: reindex", details)
    database = app.extensions["services"].centres.versions()
    indexed = index.versions()
    missing = sorted(set(database) - set(indexed))
    extra = sorted(set(indexed) - set(database))
    stale = sorted(slug for slug, version in indexed.items() if slug in database and version < database[slug])
    details |= {
        "documents": len(indexed),
        "centres": len(database),
        "missing": missing[:20],
        "stale": stale[:20],
        "extra": extra[:20],
    }
    drift = len(missing) + len(stale) + len(extra)
    if drift:
        status = "warn" if app.extensions["services"].outbox.lag("centre")["pending"] else "fail"
        return Check(
            "search", status, f"{drift} documents differ from the database (the worker may be catching up)", details
        )
    return Check("search", "ok", f"{current}: {len(indexed)} documents, as the database", details)


def _outbox(app: Flask) -> Check:
    lags = app.extensions["services"].outbox.lags()
    for topic in app.extensions["search"].unsettled_topics:  # waiting for ever, by design
        lags.pop(topic, None)
    oldest = max((lag["oldest_age_seconds"] or 0 for lag in lags.values()), default=0)
    status = (
        "fail" if oldest > OUTBOX_FAIL.total_seconds() else "warn" if oldest > OUTBOX_WARN.total_seconds() else "ok"
    )
    waiting = sum(int(lag["pending"] or 0) for lag in lags.values())
    return Check("outbox", status, f"{waiting} rows waiting, the oldest {oldest:.0f} s", {"topics": lags})


def _webhooks(app: Flask) -> Check:
    failing = app.extensions["services"].webhooks.failing(utcnow() - WEBHOOK_WINDOW)
    if not failing:
        return Check("webhooks", "ok", "no failing deliveries in 7 days")
    return Check("webhooks", "warn", f"{len(failing)} hooks with failing deliveries (7 days)", {"hooks": failing})


def _keys(app: Flask) -> Check:
    states = [k for k in app.extensions["services"].keys.states() if k.state != "retired"]
    now = utcnow()
    listed = [
        {
            "kid": k.kid,
            "state": k.state,
            "created_at": k.created_at.isoformat(),
            "age_days": (now - k.created_at).days,
            "retire_after": k.retire_after.isoformat() if k.retire_after else None,
        }
        for k in states
    ]
    if not states:
        return Check("keys", "warn", "no signing key yet (one is made when the first token is signed)")
    signing = next((k for k in states if k.state == "signing"), None)
    age = now - signing.created_at if signing else timedelta(0)
    status = "warn" if age > KEY_AGE_WARN else "ok"
    advice = " (rotate it: partner-directory keys rotate)" if status == "warn" else ""
    return Check(
        "keys",
        status,
        f"{len(states)} keys published, the signing one {age.days} days old{advice}",
        {"keys": listed},
    )


def _secrets(app: Flask) -> Check:
    """Every stored secret opens with a configured master key, and which key sealed how many."""
    services = app.extensions["services"]
    by_key = services.keys.sealed_by_key()
    configured = {key_id(k) for k in services.sealer.keys}
    unknown = {kid: n for kid, n in by_key.items() if kid not in configured}
    detail = {"sealed_by_key": by_key, "current_key": services.sealer.current_id}
    if unknown:
        return Check("secrets", "fail", f"secrets sealed with no configured master key: {unknown}", detail)
    stale = sum(n for kid, n in by_key.items() if kid != services.sealer.current_id)
    if stale:
        return Check("secrets", "warn", f"{stale} secrets sealed with an older master key (run secrets reseal)", detail)
    return Check("secrets", "ok", f"{sum(by_key.values())} secrets sealed with the current master key", detail)
