"""Faults, for real: PostgreSQL restarted under the app, workers killed mid-batch.

Elasticsearch killed during a write burst is in tests/search/test_indexing.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from api import create_app
from directory import migrate
from directory.db import Database
from directory.identity import Identity
from directory.models import OutboxEvent, WebhookDelivery
from directory.services import Services
from seeds import loader
from tests.conftest import Caller, basic, caller_for, make_config, require_service

ROOT = Path(__file__).resolve().parents[1]


# --- PostgreSQL restarted ---------------------------------------------------------------------


class PostgresNode:
    """A PostgreSQL cluster of its own (scripts/postgres.sh), to stop and start under the app."""

    def __init__(self) -> None:
        self.env = {**os.environ, "PG_HOME": str(ROOT / ".cache" / "postgres-faults"), "PG_PORT": "55433"}

    def _run(self, command: str) -> str:
        result = subprocess.run(
            [str(ROOT / "scripts" / "postgres.sh"), command], env=self.env, capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"postgres.sh {command}: {result.stderr[-1500:]}")
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    def start(self) -> str:
        return self._run("start")

    def stop(self) -> None:
        self._run("stop")


@pytest.fixture(scope="session")
def postgres_node() -> Iterator[PostgresNode]:
    node = PostgresNode()
    try:
        node.url = node.start()  # type: ignore[attr-defined]
    except (RuntimeError, OSError) as exc:
        require_service("PostgreSQL (restartable cluster)", str(exc))
    yield node
    node.stop()


def test_postgresql_restart_gives_503_then_recovers(postgres_node, tmp_path):
    base = make_url(postgres_node.url)
    name = f"faults_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    migrate.upgrade(db)
    services = Services(db)
    loader.load(services)
    new = services.clients.create(Identity.system("faults"), "Fault intake", "intake")
    db.dispose()
    app = create_app(make_config(url, tmp_path))
    client = app.test_client()
    auth = {"Authorization": basic(new.client.client_id, new.secret)}
    try:
        token = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=auth).get_json()
        caller = Caller(client, token["access_token"])
        assert caller.get("/v1/centres").status_code == 200

        postgres_node.stop()
        for request in (
            lambda: caller.get("/v1/centres"),
            lambda: caller.post("/v1/match", json={"lesion_site": "rib"}),
            lambda: client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=auth),
        ):
            r = request()
            assert r.status_code == 503, r.get_data(as_text=True)
            assert r.mimetype == "application/problem+json" and r.headers["Retry-After"] == "5"
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200  # the process is up

        postgres_node.start()
        statuses = [caller.get("/v1/centres").status_code for _ in range(3)]
        assert statuses[-1] == 200 and set(statuses) <= {200, 503}  # at most a stale connection or two
        assert client.get("/readyz").status_code == 200
        assert caller.post("/v1/match", json={"lesion_site": "rib"}).status_code == 200
    finally:
        app.extensions["services"].db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- workers killed mid-batch -----------------------------------------------------------------


def run_cli(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """The partner-directory command of this environment, as its own process; what it says
    goes to cli.log in its INSTANCE_PATH."""
    log = Path(env["INSTANCE_PATH"]) / "cli.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "partner-directory"), *args],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=output,
        )


def pending_count(services: Services, topic: str) -> int:
    with services.db.session() as session:
        return (
            session.scalar(select(func.count()).where(OutboxEvent.topic == topic, OutboxEvent.processed_at.is_(None)))
            or 0
        )


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class SlowReceiver:
    """Hangs on the first delivery (so that the sender can be killed while it waits), then
    answers at once. Applies each delivery id once, as a receiver should."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.applied: set[str] = set()
        self.hang = threading.Event()
        self.hang.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                delivery = self.headers["Partner-Directory-Delivery"]
                receiver.seen.append(delivery)
                if receiver.hang.is_set():
                    receiver.hang.clear()
                    time.sleep(20)  # the sender is killed meanwhile
                receiver.applied.add(json.loads(body)["delivery_id"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_webhook_sender_killed_mid_delivery_sends_again_under_the_same_id(database_url, tmp_path, template):
    app = create_app(make_config(database_url, tmp_path, webhook_allow_private=True))
    services = app.extensions["services"]
    receiver = SlowReceiver()
    env = {
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "LOG_LEVEL": "WARNING",
        "WEBHOOK_ALLOW_PRIVATE": "on",
    }
    try:
        caller = caller_for(app, template)("intake_a")
        hook = caller.post("/v1/webhooks", json={"url": receiver.url}).get_json()
        caller.post(
            "/v1/referrals", json={"external_ref": "kill-1", "centre": "pumch", "profile": {"lesion_site": "rib"}}
        )

        sender = run_cli(env, "webhooks", "worker")
        wait_until(lambda: len(receiver.seen) == 1, 30, "the first delivery to reach the receiver")
        sender.send_signal(signal.SIGKILL)  # killed while waiting for the answer
        sender.wait(timeout=10)
        with services.db.session() as session:
            (delivery,) = session.scalars(select(WebhookDelivery)).all()
        assert delivery.status == "pending" and delivery.attempts == 0  # nothing was settled

        again = run_cli(env, "webhooks", "worker", "--once")
        assert again.wait(timeout=60) == 0
        assert receiver.seen == [delivery.id, delivery.id]  # sent again, under the same id
        assert receiver.applied == {delivery.id}  # so the receiver applies it once
        log = caller.get(f"/v1/webhooks/{hook['id']}/deliveries").get_json()
        assert log["total"] == 1 and log["items"][0]["status"] == "delivered"
    finally:
        receiver.close()
        app.extensions["services"].db.dispose()
