"""Least privilege on PostgreSQL: the migrations run as the owner of the tables
(MIGRATION_DATABASE_URL), the service connects as a role of its own that may only add to the
audit log and read it, and change no table's shape, and the service's whole work still succeeds
as that role.

Each refusal is PostgreSQL's privilege check (SQLSTATE 42501, "permission denied" or "must be
owner"), not the audit log's append-only triggers, which stay as a second line behind it.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from api import create_app
from api.cli import cli
from api.config import Config
from directory.identity import Identity
from directory.models import AuditEvent, Centre
from seeds import loader
from tests.conftest import basic, empty_postgres_database, postgres_url, require_service

SYSTEM = Identity.system("tests")
PROFILE = {"lesion_site": "spine", "lytic": True, "destination_countries": ["CN"], "budget_usd": 6000}


@dataclass
class Deployment:
    owner_url: str
    app_url: str
    owner: str
    app_role: str
    instance: Path
    secrets_key: str = field(default_factory=lambda: base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "DATABASE_URL": self.app_url,
            "MIGRATION_DATABASE_URL": self.owner_url,
            "INSTANCE_PATH": str(self.instance),
            "ELASTICSEARCH_URL": "",
            "SECRETS_KEY": self.secrets_key,
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def command(self, *args: str, **env: str):
        result = CliRunner().invoke(cli, list(args), env=self.env(**env), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    def engine(self, url: str) -> Engine:
        return create_engine(url, isolation_level="AUTOCOMMIT")

    @contextmanager
    def app(self) -> Iterator[Flask]:
        """The service as it is deployed: DATABASE_URL is the service's role."""
        app = create_app(Config.from_env(self.env(), testing=True))
        try:
            yield app
        finally:
            app.extensions["services"].db.dispose()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """Two roles of their own, a database the owner owns, migrated by the real command as the
    owner with the service's role in DATABASE_URL; roles and database dropped afterwards."""
    base = postgres_url()
    if base is None:
        require_service("PostgreSQL", "set TEST_DATABASE_URL to a PostgreSQL URL")
    url = make_url(base)  # type: ignore[arg-type]
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"directory_owner_{suffix}", f"directory_app_{suffix}"
    secrets = {owner: uuid.uuid4().hex, app: uuid.uuid4().hex}
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for role, secret in secrets.items():
                conn.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{secret}'"))
            # To hand the database to the owner, the creating role must be able to act as it.
            conn.execute(text(f'GRANT "{owner}" TO CURRENT_USER'))
    except Exception as exc:  # noqa: BLE001 (any failure to reach the server means: unavailable)
        admin.dispose()
        require_service("PostgreSQL", f"cannot make roles (scripts/postgres.sh grants CREATEROLE): {exc}")
    try:
        with empty_postgres_database("roles") as database:
            name = make_url(database).database
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" OWNER TO "{owner}"'))
            at = make_url(database)
            made = Deployment(
                owner_url=at.set(username=owner, password=secrets[owner]).render_as_string(hide_password=False),
                app_url=at.set(username=app, password=secrets[app]).render_as_string(hide_password=False),
                owner=owner,
                app_role=app,
                instance=tmp_path_factory.mktemp("instance"),
            )
            migrated = made.command("db", "upgrade")
            assert f"granted {app}" in migrated.output, migrated.output
            yield made
    finally:
        with admin.connect() as conn:
            for role in (app, owner):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def refused(engine: Engine, statement: str, because: str = "permission denied") -> DBAPIError:
    """The statement fails on a privilege (42501) with PostgreSQL's own words, not the trigger's."""
    with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(text(statement))
    error = caught.value
    assert error.orig.sqlstate == "42501", (statement, str(error))
    assert because in str(error.orig) and "append-only" not in str(error.orig), (statement, str(error.orig))
    return error


def test_the_service_role_may_only_append_to_the_audit_log_and_read_it(deployment):
    engine = deployment.engine(deployment.app_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == deployment.app_role
            conn.execute(
                text(
                    "INSERT INTO audit_events (at, issuer, client_id, role, action, entity_type, entity_id, "
                    "outcome, changes) VALUES (now(), 'local', 'tests', 'system', 'test.append', 'test', 'x', "
                    "'success', '{}')"
                )
            )
            assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'test.append'")).scalar() == 1
        refused(engine, "UPDATE audit_events SET outcome = 'denied'")
        refused(engine, "DELETE FROM audit_events")
        refused(engine, "TRUNCATE audit_events")
    finally:
        engine.dispose()


def test_the_service_role_cannot_touch_the_triggers_or_the_schema(deployment):
    engine = deployment.engine(deployment.app_url)
    try:
        for statement, because in (
            ("DROP TRIGGER audit_events_append_only ON audit_events", "must be owner"),
            ("DROP TRIGGER audit_events_no_truncate ON audit_events", "must be owner"),
            ("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only", "must be owner"),
            ("ALTER TABLE audit_events DISABLE TRIGGER ALL", "must be owner"),
            ("DROP FUNCTION audit_events_append_only()", "must be owner"),
            ("DROP TABLE audit_events", "must be owner"),
            ("DROP TABLE centres", "must be owner"),
            ("ALTER TABLE centres ADD COLUMN extra text", "must be owner"),
            ("CREATE TABLE public.extra (id int)", "permission denied"),
            (
                "CREATE TRIGGER sneak BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION "
                "audit_events_append_only()",
                "permission denied",
            ),
            ("TRUNCATE outbox", "permission denied"),
            ("UPDATE alembic_version SET version_num = 'x'", "permission denied"),
        ):
            refused(engine, statement, because)
        # Nor can it give itself more: without a grant option PostgreSQL grants nothing (a warning).
        with engine.connect() as conn:
            conn.execute(text("GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO CURRENT_USER"))
        refused(engine, "UPDATE audit_events SET outcome = 'denied'")
    finally:
        engine.dispose()


def test_the_triggers_still_refuse_the_owner(deployment):
    """Behind the privileges, the triggers hold the audit log even against the owner."""
    engine = deployment.engine(deployment.owner_url)
    try:
        for statement in ("UPDATE audit_events SET outcome = 'denied'", "DELETE FROM audit_events"):
            with engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_the_services_work_as_the_service_role(deployment):
    with deployment.app() as app:
        services = app.extensions["services"]
        loader.load(services, demo=True)
        loader.load(services, demo=True)  # again is harmless, as the service's role too
        centre = services.centres.get(SYSTEM, "pumch")
        services.centres.update(SYSTEM, "pumch", {"city": "Beijing (Dongcheng)"}, centre.version)
        with services.db.session() as session:
            assert session.scalar(select(Centre.city).where(Centre.slug == "pumch")) == "Beijing (Dongcheng)"
            assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "centre.update")) is not None
    deployment.command("housekeeping", "prune")


def test_the_app_serves_requests_as_the_service_role(deployment):
    with deployment.app() as app:
        services = app.extensions["services"]
        loader.load(services, demo=True)
        made = {
            role: services.clients.create(SYSTEM, f"Least privilege {role}", role, None)
            for role in ("intake", "coordinator", "admin")
        }
        client = app.test_client()
        tokens = {}
        for role, new in made.items():
            r = client.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                headers={"Authorization": basic(new.client.client_id, new.secret)},
            )
            assert r.status_code == 200, r.get_json()
            tokens[role] = {"Authorization": f"Bearer {r.get_json()['access_token']}"}
        assert client.get("/v1/centres", headers=tokens["coordinator"]).status_code == 200
        referral = client.post(
            "/v1/referrals",
            json={"external_ref": f"case-{uuid.uuid4().hex[:8]}", "centre": "pumch", "profile": PROFILE},
            headers=tokens["intake"],
        )
        assert referral.status_code == 201, referral.get_json()
        audit = client.get("/v1/audit", headers=tokens["admin"])
        assert audit.status_code == 200, audit.get_json()
        assert any(e["action"] == "referral.create" for e in audit.get_json()["items"]), audit.get_json()


def test_migrating_again_covers_new_tables_and_takes_back_extra_rights(deployment):
    owner = deployment.engine(deployment.owner_url)
    app = deployment.engine(deployment.app_url)
    try:
        with owner.connect() as conn:
            conn.execute(text("CREATE TABLE later_table (id serial PRIMARY KEY, note text)"))
            conn.execute(text(f'GRANT UPDATE, TRUNCATE ON audit_events TO "{deployment.app_role}"'))
            conn.execute(text(f'GRANT CREATE ON SCHEMA public TO "{deployment.app_role}"'))
        deployment.command("db", "upgrade")
        with app.connect() as conn:
            conn.execute(text("INSERT INTO later_table (note) VALUES ('added by the service')"))
            assert conn.execute(text("SELECT count(*) FROM later_table")).scalar() == 1
        refused(app, "UPDATE audit_events SET outcome = 'denied'")
        refused(app, "TRUNCATE audit_events")
        refused(app, "CREATE TABLE public.extra (id int)")
        refused(app, "TRUNCATE later_table")
    finally:
        with owner.connect() as conn:
            conn.execute(text("DROP TABLE IF EXISTS later_table"))
        owner.dispose()
        app.dispose()


def test_the_doctor_names_an_owner_role_and_passes_the_service_role(deployment):
    def privileges(database_url: str) -> dict:
        result = CliRunner().invoke(cli, ["doctor", "--json"], env=deployment.env(DATABASE_URL=database_url))
        return {c["name"]: c for c in json.loads(result.stdout)["checks"]}["privileges"]

    served = privileges(deployment.app_url)
    assert served["status"] == "ok", served
    assert served["details"]["role"] == deployment.app_role
    as_owner = privileges(deployment.owner_url)
    assert as_owner["status"] == "warn", as_owner
    assert f"{deployment.owner} owns audit_events" in as_owner["summary"]


def test_a_migration_role_for_another_database_is_refused(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["db", "upgrade"],
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'here.db'}",
            "MIGRATION_DATABASE_URL": "postgresql+psycopg://owner:secret@127.0.0.1:1/elsewhere",
            "INSTANCE_PATH": str(tmp_path),
            "LOG_LEVEL": "WARNING",
        },
    )
    assert result.exit_code == 1
    assert "MIGRATION_DATABASE_URL must be a PostgreSQL URL of the same database" in result.output
    assert not (tmp_path / "here.db").exists()
