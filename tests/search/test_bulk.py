"""Bulk writes meet a slow or busy Elasticsearch: the real node, behind a proxy that delays,
refuses or takes down ``_bulk`` requests on cue.

- A bulk request slower than the bulk timeout is retried, and the reindex completes with the
  index equal to the database (the first, timed-out write had landed: external versions make
  the second a no-op).
- A whole request refused as busy (429), and single items refused as busy, are retried.
- Requests are bounded by bytes as well as by count.
- A reindex stopped by an outage keeps its unfinished index (never served: the alias stays on
  the old one); the next reindex resumes it, writing only what it lacks; a fresh reindex of
  other inputs does not resume it, and removes it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import urllib3

from directory.identity import Identity
from search.elastic import BulkPolicy, ElasticIndex, make_client, reindex
from seeds import generate
from tests.search.test_indexing import assert_index_equals_database, params_of

FAST = BulkPolicy(timeout=1.0, attempts=4, backoff=0.05, max_backoff=0.2)


class Proxy:
    """An HTTP proxy to Elasticsearch. Each ``_bulk`` request takes the next step of ``plan``
    (then passes): ``slow`` forwards it and answers after the client gave up, ``busy`` answers
    429 without forwarding, ``down`` answers 503 without forwarding, ``busy-item`` forwards it and
    marks its first item refused as busy. ``bodies`` keeps each bulk request's size."""

    def __init__(self, upstream: str, delay: float = 1.5) -> None:
        self.upstream, self.delay = upstream.rstrip("/"), delay
        self.plan: list[str] = []
        self.always: str | None = None
        self.bodies: list[int] = []
        self.http = urllib3.PoolManager(maxsize=8)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                step = None
                if "/_bulk" in self.path:
                    proxy.bodies.append(len(body))
                    step = proxy.plan.pop(0) if proxy.plan else proxy.always
                if step in ("busy", "down"):
                    return self._answer(429 if step == "busy" else 503, b'{"error":"refused by the proxy"}', {})
                upstream = proxy.http.request(
                    self.command,
                    proxy.upstream + self.path,
                    body=body or None,
                    headers={k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")},
                    decode_content=True,
                    retries=False,
                )
                data = upstream.data
                if step == "busy-item":
                    answer = json.loads(data)
                    (kind,) = answer["items"][0]
                    answer["items"][0][kind].update(status=429, error={"type": "es_rejected_execution_exception"})
                    answer["errors"] = True
                    data = json.dumps(answer).encode()
                if step == "slow":
                    time.sleep(proxy.delay)
                headers = {
                    k: v for k, v in upstream.headers.items() if k.lower() in ("content-type", "x-elastic-product")
                }
                self._answer(upstream.status, data, headers)

            def _answer(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(es_url: str) -> Iterator[Proxy]:
    started = Proxy(es_url)
    yield started
    started.close()


@pytest.fixture
def backend() -> str:
    return "sqlite"  # Elasticsearch's pace, not the database's, is what varies here


@pytest.fixture
def slow_index(es_app, proxy: Proxy) -> Iterator[ElasticIndex]:
    """The test's index, reached through the proxy, with bulk writes that give up quickly."""
    index = es_app.extensions["search"].primary.index
    generate.load(es_app.extensions["services"], 240, random_seed=5)
    through = ElasticIndex(make_client(proxy.url), index.prefix, bulk=FAST, sleep=lambda _: None)
    yield through
    through.client.close()


def test_a_bulk_request_slower_than_its_timeout_is_retried(es_app, proxy, slow_index):
    services = es_app.extensions["services"]
    proxy.plan = ["slow", "slow"]
    report = reindex(slow_index, services, params_of(services), batch=100)
    assert report.documents == services.centres.count()
    assert len(proxy.bodies) == 3 + 2  # three batches, two of them sent twice
    assert_index_equals_database(es_app)


def test_busy_requests_and_busy_items_are_retried(es_app, proxy, slow_index):
    services = es_app.extensions["services"]
    proxy.plan = ["busy", "pass", "busy-item"]
    report = reindex(slow_index, services, params_of(services), batch=100)
    assert report.documents == services.centres.count()
    assert len(proxy.bodies) == 3 + 1 + 1
    assert min(proxy.bodies) < proxy.bodies[0] / 10  # only the refused item went again
    assert_index_equals_database(es_app)


def test_bulk_requests_are_bounded_by_bytes(es_app, proxy, slow_index):
    services = es_app.extensions["services"]
    slow_index.bulk = BulkPolicy(max_bytes=40_000)
    reindex(slow_index, services, params_of(services), batch=1000)
    assert len(proxy.bodies) > 2  # one batch of every centre, in several requests
    assert max(proxy.bodies) <= 40_000 + 8_000  # within the bound, give or take one document
    assert_index_equals_database(es_app)


def test_a_reindex_stopped_by_an_outage_is_resumed(es_app, proxy, slow_index):
    services = es_app.extensions["services"]
    serving = slow_index.current()
    proxy.plan = ["pass"]
    proxy.always = "down"
    with pytest.raises(Exception, match="503"):
        reindex(slow_index, services, params_of(services), batch=100)
    assert slow_index.current() == serving  # the old index still serves
    (unfinished,) = slow_index.unfinished()
    slow_index.client.indices.refresh(index=unfinished)
    assert len(slow_index.versions(unfinished)) == 100  # the first batch landed

    proxy.always = None
    report = reindex(slow_index, services, params_of(services), batch=100)
    assert report.index == unfinished == slow_index.current()
    assert report.resumed == 100 and report.documents == services.centres.count() - 100
    assert slow_index.unfinished() == []
    assert not slow_index.client.indices.exists(index=serving)
    assert_index_equals_database(es_app)


def test_an_unfinished_index_of_other_inputs_is_not_resumed(es_app, proxy, slow_index):
    services = es_app.extensions["services"]
    proxy.plan = ["pass"]
    proxy.always = "down"
    with pytest.raises(Exception, match="503"):
        reindex(slow_index, services, params_of(services), batch=100)
    (unfinished,) = slow_index.unfinished()
    proxy.always = None
    services.rates.set(Identity.system("test"), "EUR", 1.1, date(2026, 12, 1), "a test rate")  # other inputs
    report = reindex(slow_index, services, params_of(services), batch=100)
    assert report.resumed == 0 and report.index != unfinished
    assert slow_index.unfinished() == []  # the stale one is gone
    assert_index_equals_database(es_app)
