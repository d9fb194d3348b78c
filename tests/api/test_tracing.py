"""TRACING=otlp: a span per request, named by its route, carrying the request's id; log lines
carry the trace's id. Off by default: no span."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api import create_app, logs
from tests.conftest import make_config

EXPORTED = InMemorySpanExporter()


@pytest.fixture(scope="module", autouse=True)
def provider() -> Iterator[TracerProvider]:
    """The process's one tracer provider, exporting to memory (install keeps an existing one)."""
    current = trace.get_tracer_provider()
    if not isinstance(current, TracerProvider):
        current = TracerProvider()
        trace.set_tracer_provider(current)
    current.add_span_processor(SimpleSpanProcessor(EXPORTED))
    yield current
    EXPORTED.shutdown()  # the provider stays for the process: later spans are not kept


@pytest.fixture
def backend() -> str:
    return "sqlite"


def test_a_request_is_a_span_with_its_route_and_request_id(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, tracing="otlp"))
    EXPORTED.clear()
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(logs.JsonFormatter())
    access = logging.getLogger("api.access")
    access.addHandler(handler)
    level = access.level
    access.setLevel(logging.INFO)
    try:
        response = app.test_client().get("/v1/centres/pumch")  # 401: no token, a span all the same
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    route = "/v1/centres/<slug:slug>"
    (span,) = [s for s in EXPORTED.get_finished_spans() if s.attributes.get("http.route") == route]
    assert span.attributes["partner_directory.request_id"] == response.headers["X-Request-ID"]
    (line,) = [json.loads(text) for text in written.getvalue().splitlines()]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["trace_id"] == format(span.context.trace_id, "032x")
    app.extensions["services"].db.dispose()


def test_off_by_default_there_is_no_span(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path))
    EXPORTED.clear()
    app.test_client().get("/v1/centres/pumch")
    assert not [s for s in EXPORTED.get_finished_spans() if "http.route" in s.attributes]
    app.extensions["services"].db.dispose()
