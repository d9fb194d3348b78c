"""The indexer: drains the outbox into Elasticsearch.

Each batch: claim pending rows, re-read the current centres (never trust what the row said),
bulk-write them with their version as the external version, and mark done exactly the rows
whose centre Elasticsearch confirmed. A version conflict means a newer version is already
there: done too. Anything else is retried later, with backoff; nothing is lost while
Elasticsearch is down, since the rows stay pending. A vocabulary change (new ranking data) or a
change of exchange rates rebuilds the index.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from directory.services import Services
from search.documents import REBUILD_TOPICS, centre_document
from search.elastic import ElasticIndex, reindex, unavailable
from search.ranking import RankingParams

log = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """Elasticsearch did not answer; the batch stays pending."""


@dataclass
class Worker:
    services: Services
    index: ElasticIndex
    batch: int = 500
    idle_seconds: float = 0.1
    #: How long to wait after Elasticsearch failed to answer at all (doubling, up to the max).
    pause_seconds: float = 0.5
    max_pause_seconds: float = 10.0
    stats: dict[str, int] = field(default_factory=lambda: {"indexed": 0, "retried": 0, "batches": 0})
    _params: tuple[str, RankingParams] | None = field(default=None, init=False)

    def params(self) -> RankingParams:
        """The ranking data in force (reread only when the vocabulary's version changes)."""
        version = self.services.vocabulary.version()
        if self._params is None or self._params[0] != version:
            self._params = (version, RankingParams.from_vocabulary(self.services.vocabulary.read()))
        return self._params[1]

    def drain_once(self) -> int:
        """Process one batch; return how many rows were settled as done.

        Raises :class:`IndexUnavailable` when Elasticsearch does not answer; the batch stays
        pending as it was.
        """
        done = self._rebuilds()
        with self.services.outbox.claim("centre", self.batch) as claim:
            if not claim.rows:
                return done
            self.stats["batches"] += 1
            slugs = {row.entity_id for row in claim.rows}
            current = self.services.snapshots.by_slug(slugs)
            params, rates = self.params(), self.services.rates.current()
            # Gone from the database: delete, with a version above any the centre had.
            deletions = [
                (slug, max(r.entity_version or 0 for r in claim.rows if r.entity_id == slug) + 1)
                for slug in slugs - set(current)
            ]
            try:
                outcome = self.index.write((centre_document(c, params, rates) for c in current.values()), deletions)
            except Exception as error:
                if unavailable(error):
                    # The claim rolls back: the rows stay pending, untouched, for the next try.
                    raise IndexUnavailable(f"{type(error).__name__}: {error}") from error
                raise
            ok = [r.id for r in claim.rows if r.entity_id in outcome and outcome[r.entity_id] is None]
            failed = [r for r in claim.rows if r.id not in set(ok)]
            claim.done(ok)
            if failed:
                # Refused items (not an outage): retried later with backoff, the error kept.
                reasons = sorted({str(outcome.get(r.entity_id, "not in the response")) for r in failed})
                claim.retry([r.id for r in failed], "; ".join(reasons))
                self.stats["retried"] += len(failed)
            self.stats["indexed"] += len(ok)
            return done + len(ok)

    def _rebuilds(self) -> int:
        """New ranking data or exchange rates change every document: rebuild the index once
        for the lot."""
        settled = 0
        for topic in REBUILD_TOPICS:
            with self.services.outbox.claim(topic, 1000) as claim:
                if not claim.rows:
                    continue
                report = reindex(self.index, self.services, self.params())
                log.info("%s changed: reindexed %s documents into %s", topic, report.documents, report.index)
                claim.done([row.id for row in claim.rows])
                settled += len(claim.rows)
        return settled

    def drain(self, max_batches: int | None = None) -> int:
        """Process batches until nothing is due; for tests and one-off catch-ups."""
        total, batches = 0, 0
        while max_batches is None or batches < max_batches:
            settled = self.drain_once()
            batches += 1
            if not settled:
                return total
            total += settled
        return total

    def prepare(self) -> bool:
        """Build the index when none stands behind the alias, or one of an older document
        version (a fresh or wiped cluster, a new release); True if it did."""
        if self.index.up_to_date():
            return False
        report = reindex(self.index, self.services, self.params())
        log.info("built %s with %s documents", report.index, report.documents)
        return True

    def run(self, stop: threading.Event, on_batch: Callable[[int], None] | None = None) -> None:
        """Poll until stopped. While Elasticsearch is down, wait longer between tries (up to
        ``max_pause_seconds``); writes meanwhile pile up in the outbox, and nothing is lost."""
        ready = False
        pause = self.pause_seconds
        while not stop.is_set():
            try:
                if not ready:
                    self.prepare()
                    ready = True
                settled = self.drain_once()
            except Exception as error:  # noqa: BLE001 (the loop must outlive any one failure)
                ready = False  # the cluster may come back empty: check the index again
                log.warning("indexing paused for %.1f s: %s", pause, error)
                stop.wait(pause)
                pause = min(pause * 2, self.max_pause_seconds)
                continue
            pause = self.pause_seconds
            if on_batch and settled:
                on_batch(settled)
            if not settled:
                stop.wait(self.idle_seconds)
