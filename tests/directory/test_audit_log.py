"""The audit log is append-only in the database itself, and names tokens only by their id."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from directory.models import AuditEvent
from tests.conftest import basic, etag_of


def test_audit_rows_cannot_be_changed_or_removed(services):
    with services.db.session() as session:
        first = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id))
    for statement in (
        update(AuditEvent).where(AuditEvent.id == first).values(outcome="denied"),
        delete(AuditEvent).where(AuditEvent.id == first),
    ):
        with services.db.session() as session, pytest.raises(DBAPIError, match="append-only"):
            session.execute(statement)
            session.commit()
    if services.db.dialect == "postgresql":
        with services.db.session() as session, pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("TRUNCATE audit_events"))
            session.commit()
    with services.db.session() as session:
        assert session.get(AuditEvent, first).outcome == "success"


def test_audit_records_the_token_id_never_the_token(as_, services, token):
    caller = as_("partner_a")
    caller.patch(
        "/v1/centres/pumch", json={"accepting_referrals": False}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    access = token("partner_a")
    with services.db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "centre.update")).one()
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(access.split(".")[1] + "=="))
    assert event.token_id == payload["jti"]
    row = " ".join(str(v) for v in (event.changes, event.reason, event.token_id, event.subject, event.client_id))
    assert access not in row and access.split(".")[2] not in row


def test_no_token_or_secret_reaches_the_logs(client, template, caplog):
    caplog.set_level(logging.DEBUG)
    creds = template.credentials["intake_a"]
    r = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    access = r.get_json()["access_token"]
    auth = {"Authorization": f"Bearer {access}"}
    client.get("/v1/centres", headers=auth)
    client.get("/v1/centres", headers={"Authorization": f"Bearer {access}x"})  # a refused one too
    hook = client.post("/v1/webhooks", json={"url": "https://93.184.215.14/h"}, headers=auth).get_json()
    client.post(
        "/oauth/revoke",
        data={"token": access},
        headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
    )
    client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": creds["client_id"], "client_secret": "wrong"},
    )
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert caplog.records, "nothing was logged: the check would prove nothing"
    for secret in (access, access.split(".")[2], creds["client_secret"], hook["secret"], "wrong"):
        assert secret not in logged


def test_the_log_output_redacts_anything_like_a_token():
    from api.logs import JsonFormatter, Redact

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "got %s", ("eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl",), None)
    Redact().filter(record)
    assert "eyJ" not in JsonFormatter().format(record) and "[token]" in record.getMessage()
