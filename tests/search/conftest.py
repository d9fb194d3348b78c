"""Search fixtures: a real Elasticsearch (``TEST_ELASTICSEARCH_URL`` or ``ELASTICSEARCH_URL``),
an index of its own for every test (a unique prefix), and apps on either backend.

Without Elasticsearch, its tests are skipped locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from api import create_app
from search.elastic import make_client, reindex
from search.ranking import RankingParams
from search.worker import Worker
from tests.conftest import caller_for, make_config, require_service


def elasticsearch_url() -> str | None:
    return os.environ.get("TEST_ELASTICSEARCH_URL") or os.environ.get("ELASTICSEARCH_URL") or None


@pytest.fixture(scope="session")
def es_url() -> str:
    url = elasticsearch_url()
    if url is None:
        require_service("Elasticsearch", "set TEST_ELASTICSEARCH_URL (scripts/elasticsearch.sh start prints one)")
    client = make_client(url, timeout=5)  # type: ignore[arg-type]
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as exc:  # noqa: BLE001
        require_service("Elasticsearch", f"{url} does not answer: {exc}")
    finally:
        client.close()
    return url  # type: ignore[return-value]


@pytest.fixture
def index_prefix(es_url: str) -> Iterator[str]:
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = make_client(es_url, timeout=10)
    client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
    client.close()


def build_app(database_url: str, tmp_path: Path, es_url: str | None = None, prefix: str = "") -> Flask:
    if es_url:
        return create_app(make_config(database_url, tmp_path, elasticsearch_url=es_url, search_index_prefix=prefix))
    return create_app(make_config(database_url, tmp_path))


@pytest.fixture
def es_app(database_url: str, tmp_path: Path, es_url: str, index_prefix: str) -> Iterator[Flask]:
    """An app answering from Elasticsearch, its index built from the test's database."""
    app = build_app(database_url, tmp_path, es_url, index_prefix)
    search = app.extensions["search"]
    services = app.extensions["services"]
    reindex(search.primary.index, services, RankingParams.from_vocabulary(services.vocabulary.read()))
    yield app
    search.primary.index.client.close()
    services.db.dispose()


@pytest.fixture
def local_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = build_app(database_url, tmp_path)
    yield app
    app.extensions["services"].db.dispose()


@pytest.fixture(params=["local", "elasticsearch"])
def search_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def search_app(search_backend: str, database_url: str, request: pytest.FixtureRequest) -> Flask:
    # database_url is named so that the database parametrisation reaches this fixture.
    return request.getfixturevalue("es_app" if search_backend == "elasticsearch" else "local_app")


@pytest.fixture
def worker(es_app: Flask) -> Worker:
    search = es_app.extensions["search"]
    return Worker(es_app.extensions["services"], search.primary.index, idle_seconds=0.01)


@pytest.fixture
def call(search_app: Flask, template) -> Callable[[str], object]:
    return caller_for(search_app, template)


# --- a node of our own, to stop and kill ------------------------------------------------------

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "elasticsearch.sh"


class Node:
    """A second local Elasticsearch node that a test may kill and start again."""

    def __init__(self) -> None:
        self.env = {**os.environ, "ES_NODE_NAME": "faults", "ES_PORT": "9251", "ES_TRANSPORT_PORT": "9351"}
        self.url = "http://127.0.0.1:9251"

    def _run(self, command: str) -> None:
        import subprocess

        result = subprocess.run([str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"elasticsearch.sh {command} failed: {result.stderr[-2000:]}")

    def start(self) -> None:
        self._run("start")

    def kill(self) -> None:
        self._run("kill")

    def stop(self) -> None:
        self._run("stop")


@pytest.fixture(scope="session")
def node(es_url: str) -> Iterator[Node]:
    """Needs what scripts/elasticsearch.sh needs (Java, Maven or its cache): as in CI."""
    import shutil

    if shutil.which("java") is None and not Path("/usr/lib/jvm").exists():
        require_service("Elasticsearch (restartable node)", "no Java to run a second node")
    node = Node()
    try:
        node.start()
    except RuntimeError as exc:
        require_service("Elasticsearch (restartable node)", str(exc))
    yield node
    node.stop()
