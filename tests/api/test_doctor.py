"""``partner-directory doctor`` tells an operator what is wrong, and only that: a healthy
deployment passes; a pending migration, an index that drifted from the database, an old outbox
row, a failing webhook and an old signing key are each named."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from api.cli import cli


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "INSTANCE_PATH", "ELASTICSEARCH_URL", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


def doctor(*args: str):
    return CliRunner().invoke(cli, ["doctor", *args], catch_exceptions=False)


def by_name(found) -> dict:
    return {c["name"]: c for c in found["checks"]}


def test_a_fresh_deployment_is_healthy_and_a_pending_migration_fails_it(project):
    for command in (["db", "upgrade"], ["seed"]):
        assert CliRunner().invoke(cli, command).exit_code == 0
    with sqlite3.connect(project / "instance" / "partner-directory.db") as connection:
        connection.execute("UPDATE outbox SET created_at = '2020-01-01 00:00:00'")  # the seed's rows, long ago
    healthy = doctor("--json")
    assert healthy.exit_code == 0, healthy.output
    checks = by_name(json.loads(healthy.stdout))
    assert checks["database"]["status"] == checks["migrations"]["status"] == "ok"
    assert checks["search"]["details"]["backend"] == "local"
    # The local backend reads centre and rebuild rows as a feed and never settles them: not a lag.
    assert checks["outbox"]["status"] == "ok", checks["outbox"]

    assert CliRunner().invoke(cli, ["db", "downgrade", "0010"]).exit_code == 0
    behind = doctor()
    assert behind.exit_code == 1
    assert "fail  migrations  at 0010, head is 0012" in behind.stdout


def test_no_database_is_a_failure_not_a_crash(project):
    found = doctor()
    assert found.exit_code == 1 and "fail  database" in found.stdout
