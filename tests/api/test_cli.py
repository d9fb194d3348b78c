"""The partner-directory command, with the server's own configuration."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from api import create_app
from api.cli import cli
from api.config import Config


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder to run the command from, with no settings in the environment."""
    for name in ("DATABASE_URL", "INSTANCE_PATH", "ELASTICSEARCH_URL", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_defaults_reach_the_database_the_server_serves(project):
    run("db", "upgrade")
    run("seed")
    created = json.loads(run("clients", "create", "--name", "Intake bot", "--role", "intake", "--json").stdout)
    assert set(created) == {"client_id", "client_secret"}
    assert (project / "instance" / "partner-directory.db").exists()

    # The server, built from the same (empty) environment, knows that client.
    app = create_app(Config.from_env())
    try:
        r = app.test_client().post(
            "/oauth/token",
            data={"grant_type": "client_credentials", **created},
        )
        assert r.status_code == 200, r.get_json()
    finally:
        app.extensions["services"].db.dispose()


def test_partner_clients_need_their_centre(project):
    run("db", "upgrade")
    run("seed")
    result = CliRunner().invoke(cli, ["clients", "create", "--name", "P", "--role", "partner", "--json"])
    assert result.exit_code != 0 and "centre" in result.output
    created = json.loads(
        run("clients", "create", "--name", "P", "--role", "partner", "--centre", "tmc-mumbai", "--json").stdout
    )
    assert created["client_id"].startswith("partner-")
    result = CliRunner().invoke(cli, ["clients", "create", "--name", "P", "--role", "partner", "--centre", "nowhere"])
    assert result.exit_code != 0


def test_demo_clients_are_made_once_and_kept(project):
    run("db", "upgrade")
    run("seed")
    first = run("demo-clients").stdout
    saved = json.loads((project / "instance" / "demo-clients.json").read_text())
    assert set(saved) == {"admin", "coordinator", "partner", "intake"}
    assert (project / "instance" / "demo-clients.json").stat().st_mode & 0o077 == 0
    assert run("demo-clients").stdout == first
    for role, creds in saved.items():
        assert creds["client_secret"] in first, role


def test_seed_twice_reports_nothing_new(project):
    from seeds import loader

    run("db", "upgrade")
    expected = len(loader.read(loader.CENTRES_FILE)["centres"])
    assert f"centres created: {expected}," in run("seed").stderr
    assert "vocabulary unchanged; centres created: 0" in run("seed").stderr


def test_the_help_shows_only_this_services_commands(project):
    shown = run("--help").stdout
    assert "clients" in shown and "users" in shown and "seed" in shown
    for flask_own in ("--app", "--debug", "--env-file", " run ", " shell ", " routes "):
        assert flask_own not in shown, flask_own


def test_clients_list_shows_who_without_secrets(project):
    run("db", "upgrade")
    run("seed")
    created = json.loads(run("clients", "create", "--name", "Intake bot", "--role", "intake", "--json").stdout)
    run("clients", "disable", created["client_id"])
    listed = run("clients", "list").stdout
    line = next(row for row in listed.splitlines() if created["client_id"] in row)
    assert "intake" in line and "disabled" in line and "Intake bot" in line
    assert created["client_secret"] not in listed


def test_ports_and_the_public_url_follow_each_other(monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert Config.from_env({"PORT": "8300"}).public_url == "http://127.0.0.1:8300"
    assert Config.from_env({"PORT": "8300"}).oauth_issuer == "http://127.0.0.1:8300"
    assert Config.from_env({"HOST": "0.0.0.0", "PORT": "9000", "PUBLIC_URL": "https://pd.example"}).public_url == (
        "https://pd.example"
    )
