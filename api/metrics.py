"""Prometheus metrics at ``/metrics``, for the bearer token in ``METRICS_TOKEN`` (none set: no
``/metrics``). Under gunicorn every worker's counts are summed (prometheus_client's multiprocess
mode: ``api/gunicorn_conf.py`` gives the workers a shared folder). prometheus_client is imported
only when first used, in the worker: it chooses how to count when it is imported, and gunicorn's
master imports this package (for its settings) before it has made that folder.

Counted as they happen, in the process that serves:
- ``partner_directory_http_requests_total`` and ``..._http_request_duration_seconds``: per
  method, route (the URL rule, never the raw path) and status;
- ``..._match_duration_seconds``: per backend that answered (elasticsearch or local);
- ``..._rate_limit_refusals_total``: per scope (client or address).

Read from the database and the index at each scrape, so that every process (the workers that
deliver webhooks and mail too) is seen through the state it leaves:
- ``..._outbox_pending`` and ``..._outbox_oldest_seconds``: per topic;
- ``..._search_index_documents``, ``..._centres`` and ``..._search_index_drift`` (centres minus
  documents; 0 is in step);
- ``..._webhook_deliveries`` and ``..._notifications``: per status, and
  ``..._webhook_failures_24h`` / ``..._notification_failures_24h``.
"""

from __future__ import annotations

import functools
import hmac
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, current_app, g, request

PREFIX = "partner_directory"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Instruments:
    requests: Any
    latency: Any
    match: Any
    rate_limited: Any


@functools.cache
def instruments() -> Instruments:
    """This process's counters, made on first use (see the module's note on imports)."""
    from prometheus_client import Counter, Histogram

    return Instruments(
        requests=Counter(f"{PREFIX}_http_requests", "HTTP requests answered.", ["method", "route", "status"]),
        latency=Histogram(
            f"{PREFIX}_http_request_duration_seconds",
            "Time to answer, per route.",
            ["method", "route"],
            buckets=BUCKETS,
        ),
        match=Histogram(
            f"{PREFIX}_match_duration_seconds",
            "Time to match a case, per backend that answered.",
            ["backend"],
            buckets=BUCKETS,
        ),
        rate_limited=Counter(f"{PREFIX}_rate_limit_refusals", "Requests refused by a rate limit (429).", ["scope"]),
    )


def matched(backend: str, seconds: float) -> None:
    instruments().match.labels(backend).observe(seconds)


def refused(scope: str) -> None:
    instruments().rate_limited.labels(scope).inc()


def install(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule is not None else "(unmatched)"
        counters = instruments()
        counters.requests.labels(request.method, route, str(response.status_code)).inc()
        started = g.get("metrics_started")
        if started is not None:
            counters.latency.labels(request.method, route).observe(time.perf_counter() - started)
        return response

    app.add_url_rule("/metrics", "metrics", _metrics)


def _metrics() -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

    token = current_app.config["SETTINGS"].metrics_token
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token:
        abort(404)
    if not hmac.compare_digest(offered.encode(), token.encode()):
        return Response("A bearer token is needed (METRICS_TOKEN).\n", 401, {"WWW-Authenticate": "Bearer"})
    instruments()  # every family is listed from the first scrape, if only at zero
    state = CollectorRegistry()
    state.register(State(current_app._get_current_object()))  # type: ignore[attr-defined]
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    body = generate_latest(counted) + generate_latest(state)
    return Response(body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


class State:
    """Gauges read at scrape time from the database and the search index."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        services, search = self.app.extensions["services"], self.app.extensions["search"]
        pending = GaugeMetricFamily(f"{PREFIX}_outbox_pending", "Outbox rows waiting, per topic.", labels=["topic"])
        oldest = GaugeMetricFamily(
            f"{PREFIX}_outbox_oldest_seconds", "Age of the oldest waiting outbox row, per topic.", labels=["topic"]
        )
        for topic, lag in services.outbox.lags().items():
            if topic in search.unsettled_topics:
                continue  # the local backend reads these as a feed and never settles them
            pending.add_metric([topic], float(lag["pending"] or 0))
            oldest.add_metric([topic], float(lag["oldest_age_seconds"] or 0))
        yield pending
        yield oldest
        centres = services.centres.count()
        yield GaugeMetricFamily(f"{PREFIX}_centres", "Centres in the database.", value=centres)
        if search.primary is not None:
            try:
                documents = search.primary.index.count()
            except Exception:  # noqa: BLE001 (an index that does not answer is reported as such)
                documents = -1
            yield GaugeMetricFamily(
                f"{PREFIX}_search_index_documents", "Documents behind the alias (-1: no answer).", value=documents
            )
            yield GaugeMetricFamily(
                f"{PREFIX}_search_index_drift",
                "Centres minus indexed documents (0: in step).",
                value=centres - documents,
            )
        for name, singular, counts in (
            ("webhook_deliveries", "webhook", services.webhooks.counts()),
            ("notifications", "notification", services.notifications.counts()),
        ):
            family = GaugeMetricFamily(f"{PREFIX}_{name}", f"{name.replace('_', ' ')}, per status.", labels=["status"])
            for status, count in sorted(counts.by_status.items()):
                family.add_metric([status], float(count))
            yield family
            yield GaugeMetricFamily(
                f"{PREFIX}_{singular}_failures_24h",
                f"{name.replace('_', ' ')} that failed for good in 24 h.",
                value=counts.failed_24h,
            )
