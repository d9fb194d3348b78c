"""Test fixtures: real databases (SQLite always, PostgreSQL when configured), real tokens.

Each database backend gets a template once per session: migrated from empty, seeded, with one
OAuth client per principal. Every test then gets its own copy of the template (a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), so tests neither see each other's
writes nor pay for seeding.

PostgreSQL comes from ``TEST_DATABASE_URL`` (or a PostgreSQL ``DATABASE_URL``). Without it the
PostgreSQL half of the suite is skipped locally, and fails under ``CI=true``.
"""

from __future__ import annotations

import base64
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api import create_app
from api.config import Config
from directory import migrate
from directory.db import Database
from directory.identity import Identity
from directory.sealing import Sealer, new_master_key
from directory.services import Services
from seeds import loader
from tests.contract import ContractClient

IN_CI = os.environ.get("CI", "").lower() == "true"

#: The master key sealing the secrets of every test database (new each session): the template
#: seals with it, the apps and the servers the tests start open with it (they inherit it).
os.environ.setdefault("SECRETS_KEY", new_master_key())
SEALER = Sealer.from_texts(os.environ["SECRETS_KEY"].split(","))

#: The principals every API test can act as: role, and centre for partners.
PRINCIPALS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", None),
    "coordinator": ("coordinator", None),
    "partner_a": ("partner", "pumch"),
    "partner_b": ("partner", "sysucc"),
    "intake_a": ("intake", None),
    "intake_b": ("intake", None),
}


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    return url if url.startswith("postgresql") else None


def require_service(name: str, reason: str) -> None:
    """Skip locally, fail in CI: a test that needs a missing service must not pass silently."""
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"{name} unavailable: {reason}")


# --- database templates -----------------------------------------------------------------------


@dataclass
class Template:
    """A migrated, seeded database with known clients, and a way to copy it for one test."""

    backend: str
    credentials: dict[str, dict[str, str]]
    copy: Callable[[], tuple[str, Callable[[], None]]]
    close: Callable[[], None] = lambda: None
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)


def _populate(url: str) -> dict[str, dict[str, str]]:
    db = Database(url)
    try:
        migrate.upgrade(db)
        services = Services(db, SEALER)
        loader.load(services, demo=True)
        credentials = {}
        for name, (role, centre) in PRINCIPALS.items():
            new = services.clients.create(Identity.system("tests"), f"Test {name}", role, centre)
            credentials[name] = {"client_id": new.client.client_id, "client_secret": new.secret}
        # Create the signing key now, so that every copy shares it.
        from api.oauth import generate_signing_key

        services.keys.ensure(generate_signing_key)
        return credentials
    finally:
        db.dispose()


def _drop_database(admin: Any, name: str) -> None:
    # WITH (FORCE) ends the sessions still connected (an autovacuum worker, say); that needs
    # pg_signal_backend, which the test cluster grants (scripts/postgres.sh).
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _sqlite_template(tmp: Path) -> Template:
    path = tmp / "template.db"
    credentials = _populate(f"sqlite:///{path}")

    def copy() -> tuple[str, Callable[[], None]]:
        target = tmp / f"test-{uuid.uuid4().hex}.db"
        shutil.copyfile(path, target)
        return f"sqlite:///{target}", lambda: target.unlink(missing_ok=True)

    return Template("sqlite", credentials, copy)


def _postgres_template(base_url: str) -> Template:
    url = make_url(base_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    # A name of its own per session, so that two test sessions on one server do not drop
    # each other's template.
    template_name = f"{url.database}_template_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{template_name}"'))
    except Exception as exc:  # noqa: BLE001 (any failure to reach the server means: unavailable)
        admin.dispose()
        require_service("PostgreSQL", f"cannot prepare a test database at {url.render_as_string()}: {exc}")
    credentials = _populate(url.set(database=template_name).render_as_string(hide_password=False))

    def copy() -> tuple[str, Callable[[], None]]:
        name = f"{url.database}_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))

        def drop() -> None:
            _drop_database(admin, name)

        return url.set(database=name).render_as_string(hide_password=False), drop

    def close() -> None:
        _drop_database(admin, template_name)
        admin.dispose()

    return Template("postgresql", credentials, copy, close)


class Templates:
    """One template per backend, made on first use."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.made: dict[str, Template] = {}

    def get(self, backend: str) -> Template:
        if backend not in self.made:
            if backend == "sqlite":
                self.made[backend] = _sqlite_template(self.tmp)
            else:
                url = postgres_url()
                if url is None:
                    require_service("PostgreSQL", "set TEST_DATABASE_URL to a PostgreSQL URL")
                self.made[backend] = _postgres_template(url)  # type: ignore[arg-type]
        return self.made[backend]


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    made = Templates(tmp_path_factory.mktemp("db"))
    yield made
    for template in made.made.values():
        template.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def template(templates: Templates, backend: str) -> Template:
    return templates.get(backend)


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, not even the schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with empty_postgres_database("empty") as url:
        yield url


@contextmanager
def empty_postgres_database(purpose: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside TEST_DATABASE_URL's, dropped afterwards (under
    CI=true a missing PostgreSQL fails the test)."""
    base = postgres_url()
    if base is None:
        require_service("PostgreSQL", "set TEST_DATABASE_URL to a PostgreSQL URL")
    url = make_url(base)  # type: ignore[arg-type]
    name = f"{url.database}_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        require_service("PostgreSQL", str(exc))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


@pytest.fixture
def database_url(template: Template) -> Iterator[str]:
    url, drop = template.copy()
    yield url
    drop()


def make_config(database_url: str, tmp_path: Path, **overrides: Any) -> Config:
    env = {
        "INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "SECRETS_KEY": os.environ["SECRETS_KEY"],
    }
    return Config.from_env(env, testing=True, **overrides)


@pytest.fixture
def config(database_url: str, tmp_path: Path) -> Config:
    return make_config(database_url, tmp_path)


@pytest.fixture
def app(config: Config) -> Iterator[Flask]:
    app = create_app(config)
    app.test_client_class = ContractClient
    yield app
    app.extensions["services"].db.dispose()


@pytest.fixture
def services(app: Flask) -> Services:
    return app.extensions["services"]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- tokens -----------------------------------------------------------------------------------


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def token(client: FlaskClient, template: Template) -> Callable[[str], str]:
    """A real access token for a principal, from the token endpoint (cached while fresh)."""

    def get(principal: str) -> str:
        cached = template.tokens.get(principal)
        if cached and cached[1] > time.time() + 60:
            return cached[0]
        creds = template.credentials[principal]
        response = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        template.tokens[principal] = (body["access_token"], time.time() + body["expires_in"])
        return body["access_token"]

    return get


@dataclass
class Caller:
    """Calls the API as one principal (or anonymously, with ``principal=None``)."""

    client: FlaskClient
    bearer: str | None

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        merged = dict(headers or {})
        if self.bearer:
            merged.setdefault("Authorization", f"Bearer {self.bearer}")
        return merged

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.client.post(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self.client.put(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self.client.patch(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete(path, headers=self._headers(kw.pop("headers", None)), **kw)


@pytest.fixture
def as_(client: FlaskClient, token: Callable[[str], str]) -> Callable[[str | None], Caller]:
    def make(principal: str | None) -> Caller:
        return Caller(client, token(principal) if principal else None)

    return make


def etag_of(caller: Caller, slug: str) -> str:
    response = caller.get(f"/v1/centres/{slug}")
    assert response.status_code == 200
    return response.headers["ETag"]


def caller_for(app: Flask, template) -> Callable[[str], object]:
    """Call an app's API as a principal, with a real token from that app's token endpoint."""
    client = app.test_client()
    tokens: dict[str, str] = {}

    def make(principal: str) -> Caller:
        if principal not in tokens:
            creds = template.credentials[principal]
            r = client.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                headers={"Authorization": basic(creds["client_id"], creds["client_secret"])},
            )
            tokens[principal] = r.get_json()["access_token"]
        return Caller(client, tokens[principal])

    return make
