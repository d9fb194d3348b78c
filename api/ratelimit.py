"""Rate limits: per client on every protected operation, per address on the OAuth endpoints.

Counters live in the storage ``RATE_LIMIT_STORAGE`` names: ``memory://`` counts per process
(one machine, one process per counter), ``redis://host:6379`` shares them between processes
and hosts (docker-compose uses Redis). Both count a moving window: at most N requests in any
period of the limit's length. A refusal is 429 with ``Retry-After``. If the storage fails,
requests pass (and it is logged): an outage of the counters is not an outage of the API.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

from limits import RateLimitItem, parse, storage, strategies

from api import metrics
from api.problems import ProblemError

log = logging.getLogger(__name__)

#: How often the in-process windows forget the keys that have had no request for a whole window.
SWEEP_SECONDS = 60.0


class Windows(Protocol):
    def hit(self, item: RateLimitItem, *identifiers: str) -> float | None:
        """Count a request if the limit allows it (None); else the seconds until it does."""
        ...


class ProcessWindows:
    """Moving windows counted in this process (``memory://``): for each key, the times of its
    requests within the last window, oldest first.

    The limits library's memory storage counts the same, but starts a timer thread to expire
    its entries on nearly every request, which cost about 1 ms a request."""

    def __init__(self) -> None:
        self._hits: dict[str, tuple[float, deque[float]]] = {}  # key -> (window, times)
        self._lock = threading.Lock()
        self._swept = time.monotonic()

    def hit(self, item: RateLimitItem, *identifiers: str) -> float | None:
        now = time.monotonic()
        window = float(item.get_expiry())
        key = item.key_for(*identifiers)
        with self._lock:
            if now - self._swept > SWEEP_SECONDS:
                self._sweep(now)
            _, times = self._hits.setdefault(key, (window, deque()))
            while times and times[0] < now - window:
                times.popleft()
            if len(times) < item.amount:
                times.append(now)
                return None
            return times[0] + window - now

    def _sweep(self, now: float) -> None:
        self._hits = {key: (w, times) for key, (w, times) in self._hits.items() if times and times[-1] >= now - w}
        self._swept = now


class SharedWindows:
    """Moving windows in a storage every process shares (Redis), through the limits library."""

    def __init__(self, uri: str) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(uri))

    def hit(self, item: RateLimitItem, *identifiers: str) -> float | None:
        if self._limiter.hit(item, *identifiers):
            return None
        return self._limiter.get_window_stats(item, *identifiers).reset_time - time.time()


def windows_for(uri: str) -> Windows:
    return ProcessWindows() if uri.startswith("memory://") else SharedWindows(uri)


@dataclass
class RateLimits:
    storage_uri: str
    per_client: str
    per_address_on_oauth: str
    _windows: Windows = field(init=False)
    _client: RateLimitItem = field(init=False)
    _oauth: RateLimitItem = field(init=False)

    def __post_init__(self) -> None:
        self._windows = windows_for(self.storage_uri)
        self._client = parse(self.per_client)
        self._oauth = parse(self.per_address_on_oauth)

    def client(self, client_id: str) -> None:
        self._check(self._client, "client", client_id)

    def oauth(self, address: str) -> None:
        self._check(self._oauth, "oauth", address)

    def _check(self, item: RateLimitItem, scope: str, key: str) -> None:
        try:
            wait = self._windows.hit(item, scope, key)
        except Exception as error:  # noqa: BLE001 (counters down: let the request through)
            log.warning("rate limit storage unavailable: %s", error)
            return
        if wait is None:
            return
        metrics.refused(scope)
        raise ProblemError(
            429,
            f"Too many requests: at most {item} for this {'client' if scope == 'client' else 'address'}.",
            code="rate-limited",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
