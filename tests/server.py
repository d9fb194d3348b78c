"""The service as ``make run`` serves it (SQLite, local search, the demo data set, gunicorn with
api/gunicorn_conf.py), started on a free port for tests that meet it from outside."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
import urllib3

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, instance: Path, env: dict[str, str]) -> None:
        self.url = url
        self.instance = instance
        self.env = env
        self.credentials: dict[str, dict[str, str]] = json.loads((instance / "demo-clients.json").read_text())
        self.people: dict[str, dict[str, str]] = json.loads((instance / "demo-users.json").read_text())
        self.http = urllib3.PoolManager()

    def token(self, role: str) -> str:
        creds = self.credentials[role]
        response = self.http.request(
            "POST",
            f"{self.url}/oauth/token",
            fields={"grant_type": "client_credentials"},
            headers=urllib3.make_headers(basic_auth=f"{creds['client_id']}:{creds['client_secret']}"),
            encode_multipart=False,
        )
        assert response.status == 200, response.data[:300]
        return json.loads(response.data)["access_token"]

    def cli(self, *args: str) -> str:
        """A ``partner-directory`` command against this server's database."""
        done = subprocess.run(
            [str(BIN / "partner-directory"), *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout


@contextmanager
def postgresql_and_elasticsearch() -> Iterator[dict[str, str]]:
    """Settings for a server on a fresh PostgreSQL database and an Elasticsearch index prefix
    of its own (from TEST_DATABASE_URL and TEST_ELASTICSEARCH_URL), both removed afterwards.
    Under CI=true a missing service fails the test (require_service)."""
    from search.elastic import make_client
    from tests.conftest import empty_postgres_database, require_service

    es_url = os.environ.get("TEST_ELASTICSEARCH_URL")
    if not es_url:
        require_service("Elasticsearch", "set TEST_ELASTICSEARCH_URL (scripts/elasticsearch.sh start prints one)")
    assert es_url
    es = make_client(es_url, timeout=10)
    try:
        es.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as exc:  # noqa: BLE001 (any failure to reach it means: unavailable)
        es.close()
        require_service("Elasticsearch", f"{es_url} does not answer: {exc}")
    prefix = f"test-live-{uuid.uuid4().hex[:8]}"
    try:
        with empty_postgres_database("live") as database_url:
            yield {"DATABASE_URL": database_url, "ELASTICSEARCH_URL": es_url, "SEARCH_INDEX_PREFIX": prefix}
    finally:
        es.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        es.close()


@contextmanager
def running(
    instance: Path, settings: Mapping[str, str] | None = None, workers: int = 2, port: int | None = None
) -> Iterator[Server]:
    """Migrate, seed with the demo data, make the demo clients and people, and serve: on SQLite
    and local search, unless ``settings`` name a database and Elasticsearch (see
    :func:`postgresql_and_elasticsearch`; the index is then built before serving)."""
    port = port or free_port()
    inherited = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    env = {
        **inherited,
        "INSTANCE_PATH": str(instance),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        **(settings or {}),
    }
    cli = str(BIN / "partner-directory")
    commands = [["db", "upgrade"], ["seed", "--demo"], ["demo-clients"], ["demo-users"]]
    if "ELASTICSEARCH_URL" in env:
        commands.append(["search", "reindex"])
    for command in commands:
        subprocess.run([cli, *command], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    log = (instance / "server.log").open("wb")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:api.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "api:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    http = urllib3.PoolManager()
    try:
        for _ in range(300):
            try:
                if http.request("GET", f"{url}/healthz", retries=False).status == 200:
                    break
            except urllib3.exceptions.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail(f"the server did not start: {(instance / 'server.log').read_text()[-2000:]}")
        yield Server(url, instance, env)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        http.clear()
