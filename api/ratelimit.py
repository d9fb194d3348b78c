"""Rate limits: per client on every protected operation, per address on the OAuth endpoints.

Counters live in the storage ``RATE_LIMIT_STORAGE`` names: ``memory://`` counts per process
(one machine, one process per counter), ``redis://host:6379`` shares them between processes
and hosts (docker-compose uses Redis). A refusal is 429 with ``Retry-After``. If the storage
fails, requests pass (and it is logged): an outage of the counters is not an outage of the API.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, parse, storage, strategies

from api import metrics
from api.problems import ProblemError

log = logging.getLogger(__name__)


@dataclass
class RateLimits:
    storage_uri: str
    per_client: str
    per_address_on_oauth: str
    _limiter: strategies.MovingWindowRateLimiter = field(init=False)
    _client: RateLimitItem = field(init=False)
    _oauth: RateLimitItem = field(init=False)

    def __post_init__(self) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(self.storage_uri))
        self._client = parse(self.per_client)
        self._oauth = parse(self.per_address_on_oauth)

    def client(self, client_id: str) -> None:
        self._check(self._client, "client", client_id)

    def oauth(self, address: str) -> None:
        self._check(self._oauth, "oauth", address)

    def _check(self, item: RateLimitItem, scope: str, key: str) -> None:
        try:
            if self._limiter.hit(item, scope, key):
                return
            reset = self._limiter.get_window_stats(item, scope, key).reset_time
        except Exception as error:  # noqa: BLE001 (counters down: let the request through)
            log.warning("rate limit storage unavailable: %s", error)
            return
        metrics.refused(scope)
        retry = max(1, math.ceil(reset - time.time()))
        raise ProblemError(
            429,
            f"Too many requests: at most {item} for this {'client' if scope == 'client' else 'address'}.",
            code="rate-limited",
            headers={"Retry-After": str(retry)},
        )
