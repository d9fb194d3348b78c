"""Elasticsearch: the one place the client is built, the versioned index behind its alias,
external-version writes, the full reindex, and the backend that answers queries."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.helpers import scan

from directory.services import Services
from search.documents import DOCUMENT_VERSION, centre_document
from search.mapping import index_body
from search.queries import SearchRequest, Suggestion, match_body, ordered, search_body, suggest_body
from search.ranking import MatchPlan, RankingParams

log = logging.getLogger(__name__)

#: Errors that mean "Elasticsearch is not answering", as opposed to "it refused this request".
UNAVAILABLE = (ESConnectionError, TransportError)

#: After a reindex, outbox rows this much older than its start are replayed too: a change whose
#: transaction began before the scan but committed after it is caught all the same.
REPLAY_MARGIN = timedelta(minutes=5)


def make_client(url: str, timeout: float = 2.0) -> Elasticsearch:
    """The only Elasticsearch client construction in the code base."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def unavailable(error: Exception) -> bool:
    """Whether an error means the cluster (or our index) cannot answer now: down, overloaded
    (429), or no index yet (404). A refused request (other 4xx) is a bug, not an outage."""
    if isinstance(error, ApiError):
        return error.meta.status >= 500 or error.meta.status in (404, 429)
    return isinstance(error, (*UNAVAILABLE, IndexMissing))


class IndexMissing(Exception):
    """The alias points nowhere (a fresh or wiped cluster): the index must be built first."""


@dataclass(frozen=True)
class BulkPolicy:
    """How bulk writes (reindex and the outbox worker) meet a slow or busy cluster. They wait
    longer than a query may (``timeout``), and retry with exponential backoff a request that
    timed out, could not connect, or was refused as busy (429, 502-504), and items refused as
    busy (429): safe, since every write carries an external version, so a write that landed the
    first time is a no-op the second. A request holds at most ``max_bytes`` of documents,
    whatever the batch's count, so that a batch of large documents does not time out whole."""

    timeout: float = 60.0
    attempts: int = 6
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_bytes: int = 5 * 1024 * 1024

    def pause(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


def retryable(error: Exception) -> bool:
    """A failure another try may not meet: a timeout, no connection, or a busy cluster."""
    if isinstance(error, ApiError):
        return error.meta.status in (429, 502, 503, 504)
    return isinstance(error, (ConnectionTimeout, ESConnectionError))


@dataclass(frozen=True)
class Hit:
    document: dict[str, Any]
    score: float | None = None
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchHits:
    hits: list[Hit]
    total: int
    facets: dict[str, list[dict[str, Any]]]


@dataclass
class ElasticIndex:
    """The live alias and the versioned indices behind it."""

    client: Elasticsearch
    prefix: str
    replicas: int = 0
    bulk: BulkPolicy = field(default_factory=BulkPolicy)
    sleep: Callable[[float], None] = time.sleep

    @property
    def alias(self) -> str:
        return f"{self.prefix}-centres"

    def new_name(self) -> str:
        return f"{self.alias}-v{DOCUMENT_VERSION}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def up_to_date(self) -> bool:
        """An index stands behind the alias, built for the current document version."""
        current = self.current()
        return current is not None and current.startswith(f"{self.alias}-v{DOCUMENT_VERSION}-")

    def current(self) -> str | None:
        if not self.client.indices.exists_alias(name=self.alias):
            return None
        return sorted(self.client.indices.get_alias(name=self.alias))[-1]

    def write(
        self, documents: Iterable[dict[str, Any]], deletions: Iterable[tuple[str, int]] = (), index: str | None = None
    ) -> dict[str, str | None]:
        """Bulk-write with external versions; per slug, ``None`` when Elasticsearch confirmed
        it (an older version than the stored one counts: the newer one stays), else the error.
        Requests are bounded by bytes and retried as :class:`BulkPolicy` says."""
        target = index or self.alias
        actions: list[tuple[str, list[dict[str, Any]]]] = []
        for doc in documents:
            meta = {"_index": target, "_id": doc["slug"], "version": doc["version"], "version_type": "external"}
            actions.append((doc["slug"], [{"index": meta}, doc]))
        for slug, version in deletions:
            meta = {"_index": target, "_id": slug, "version": version, "version_type": "external"}
            actions.append((slug, [{"delete": meta}]))
        outcome: dict[str, str | None] = {}
        for chunk in _chunks(actions, self.bulk.max_bytes):
            outcome.update(self._bulk(chunk, target, require_alias=index is None))
        return outcome

    def _bulk(
        self, actions: list[tuple[str, list[dict[str, Any]]]], target: str, require_alias: bool
    ) -> dict[str, str | None]:
        outcome: dict[str, str | None] = {}
        pending = actions
        client = self.client.options(request_timeout=self.bulk.timeout)
        for attempt in range(1, self.bulk.attempts + 1):
            last = attempt == self.bulk.attempts
            try:
                # require_alias: a missing alias must fail, not auto-create a plain index in its
                # place (with a guessed mapping that would break every nested and geo query).
                response = client.bulk(operations=[op for _, ops in pending for op in ops], require_alias=require_alias)
            except Exception as error:
                if last or not retryable(error):
                    raise
                log.warning("bulk write to %s failed (%s), attempt %s: retrying", target, type(error).__name__, attempt)
                self.sleep(self.bulk.pause(attempt))
                continue
            busy = []
            for action, item in zip(pending, response["items"], strict=True):
                ((kind, result),) = item.items()
                status = result.get("status", 500)
                if result.get("error", {}).get("type") == "index_not_found_exception":
                    raise IndexMissing(f"no index behind {target}")
                if status == 429 and not last:
                    busy.append(action)
                    continue
                ok = status < 300 or status == 409 or (kind == "delete" and status == 404)
                outcome[result["_id"]] = None if ok else str(result.get("error", status))[:500]
            if not busy:
                break
            log.warning("%s of %s bulk items to %s refused as busy: retrying", len(busy), len(pending), target)
            pending = busy
            self.sleep(self.bulk.pause(attempt))
        return outcome

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    def versions(self, index: str | None = None) -> dict[str, int]:
        """Every document's slug and version, by scrolling (never a plain search, which stops
        at 10,000 hits)."""
        return {
            hit["_id"]: hit["_source"]["version"]
            for hit in scan(
                self.client, index=index or self.alias, query={"query": {"match_all": {}}}, _source=["version"]
            )
        }

    def unfinished(self) -> list[str]:
        """Indices of the current document version that a reindex began and never put behind
        the alias (it stopped on an outage), newest first."""
        found = self.client.indices.get(index=f"{self.alias}-v{DOCUMENT_VERSION}-*", ignore_unavailable=True)
        serving = (
            set(self.client.indices.get_alias(name=self.alias))
            if self.client.indices.exists_alias(name=self.alias)
            else set()
        )
        return sorted((name for name in found if name not in serving), reverse=True)

    def documents(self) -> Iterator[dict[str, Any]]:
        for hit in scan(self.client, index=self.alias, query={"query": {"match_all": {}}}):
            yield hit["_source"]


@dataclass
class ReindexReport:
    index: str
    previous: str | None
    documents: int
    seconds: float
    replayed: int
    #: Documents an unfinished index held already (a resumed reindex): not written again.
    resumed: int = 0

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def reindex(
    es: ElasticIndex,
    services: Services,
    params: RankingParams,
    batch: int = 1000,
    progress: Callable[[int], None] | None = None,
    resume: bool = True,
) -> ReindexReport:
    """Build a new index from the database and swap the alias to it in one step.

    The new index is loaded with refresh off and no replicas, then given its settings back.
    Until the swap, the alias points at the old index, which keeps serving. If Elasticsearch
    stops answering (past :class:`BulkPolicy`'s retries), the unfinished index is kept, never
    served, and the next reindex resumes it (``resume``): it writes only what the unfinished one
    lacks, as long as it was built from the same inputs (document version, vocabulary, ranking
    parameters, exchange rates; a fingerprint in its mapping says). Any other failure deletes it.
    Recent outbox rows are replayed afterwards, so that a change committed while the scan ran
    reaches the new index too (external versions make the replay harmless).
    """
    started = datetime.now(UTC)
    rates = services.rates.current()
    inputs = fingerprint(services.vocabulary.version(), params, rates)
    admin = es.client.options(request_timeout=es.bulk.timeout)
    previous = es.current()
    name, present = _resumable(es, inputs) if resume else (None, {})
    if name is None:
        name = es.new_name()
        body = index_body(replicas=0, refresh_interval="-1")
        admin.indices.create(index=name, **{**body, "mappings": {**body["mappings"], "_meta": {"inputs": inputs}}})
    else:
        log.info("resuming %s: %s documents are there already", name, len(present))
    written = 0

    def settle(sent: Future[dict[str, str | None]], count: int) -> None:
        nonlocal written
        failed = {slug: error for slug, error in sent.result().items() if error}
        if failed:
            raise RuntimeError(f"{len(failed)} documents were refused, e.g. {next(iter(failed.items()))}")
        written += count
        if progress:
            progress(count)

    try:
        # One batch is written while the next is read and built: Elasticsearch indexes on its
        # own threads while Python builds documents, instead of each waiting for the other.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reindex") as writer:
            in_flight: tuple[Future[dict[str, str | None]], int] | None = None
            for centres in services.snapshots.batches(batch):
                missing = [c for c in centres if present.get(c.slug) != c.version]
                if progress and len(missing) < len(centres):
                    progress(len(centres) - len(missing))
                documents = [centre_document(c, params, rates) for c in missing]
                if in_flight:
                    settle(*in_flight)
                in_flight = (writer.submit(es.write, documents, index=name), len(documents))
            if in_flight:
                settle(*in_flight)
        admin.indices.put_settings(
            index=name, settings={"index": {"refresh_interval": "1s", "number_of_replicas": es.replicas}}
        )
        admin.indices.refresh(index=name)
        holders = [i for i in es.client.indices.get_alias(name=es.alias) if i != name] if previous else []
        admin.indices.update_aliases(
            actions=[{"remove": {"index": old, "alias": es.alias}} for old in holders]
            + [{"add": {"index": name, "alias": es.alias}}]
        )
    except BaseException as error:
        if isinstance(error, Exception) and unavailable(error):
            log.warning("reindex stopped (%s): %s is kept, and the next reindex resumes it", error, name)
        else:
            es.client.indices.delete(index=name, ignore_unavailable=True)
        raise
    # What served before, and unfinished builds: another reindex's live index is not ours to drop.
    for old in [*holders, *(i for i in es.unfinished() if i != name)]:
        es.client.indices.delete(index=old, ignore_unavailable=True)
    replayed = services.outbox.replay_since("centre", datetime.now(UTC) - started + REPLAY_MARGIN)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return ReindexReport(name, previous, written, seconds, replayed, resumed=len(present))


def fingerprint(vocabulary_version: str, params: RankingParams, rates: dict[str, Any]) -> str:
    """What a document depends on besides its centre: equal fingerprints, equal documents."""
    data = {
        "document": DOCUMENT_VERSION,
        "vocabulary": vocabulary_version,
        "params": repr(params),
        "rates": sorted((code, repr(rate)) for code, rate in rates.items()),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def _resumable(es: ElasticIndex, inputs: str) -> tuple[str | None, dict[str, int]]:
    """The newest unfinished index built from these inputs, and what it holds."""
    for name in es.unfinished():
        meta = es.client.indices.get_mapping(index=name)[name]["mappings"].get("_meta", {})
        if meta.get("inputs") == inputs:
            es.client.indices.refresh(index=name)  # it was loaded with refresh off
            return name, es.versions(name)
    return None, {}


def _chunks(
    actions: list[tuple[str, list[dict[str, Any]]]], max_bytes: int
) -> Iterator[list[tuple[str, list[dict[str, Any]]]]]:
    """Actions in requests of at most ``max_bytes`` (one oversized action goes alone)."""
    chunk: list[tuple[str, list[dict[str, Any]]]] = []
    size = 0
    for action in actions:
        cost = sum(len(json.dumps(op, ensure_ascii=False).encode()) + 1 for op in action[1])
        if chunk and size + cost > max_bytes:
            yield chunk
            chunk, size = [], 0
        chunk.append(action)
        size += cost
    if chunk:
        yield chunk


@dataclass
class ElasticsearchBackend:
    index: ElasticIndex
    name: str = field(default="elasticsearch", init=False)

    def search(self, request: SearchRequest) -> SearchHits:
        response = self.index.client.search(index=self.index.alias, **search_body(request))
        hits = []
        for hit in response["hits"]["hits"]:
            distance = float(hit["sort"][0]) if request.order == "distance" else None
            if distance is not None and not math.isfinite(distance):
                distance = None  # a centre with no location sorts last, at "Infinity"
            hits.append(Hit(hit["_source"], hit.get("_score"), distance))
        facets = {
            name: [{"value": b["key"], "count": b["doc_count"]} for b in agg["buckets"]]
            for name, agg in response["aggregations"].items()
        }
        return SearchHits(hits, response["hits"]["total"]["value"], facets)

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        response = self.index.client.search(index=self.index.alias, **suggest_body(prefix, limit))
        found = []
        for kind, name in (("centre", "centres"), ("city", "cities")):
            for option in response["suggest"][name][0]["options"]:
                source = option["_source"]
                found.append(
                    Suggestion(
                        kind=kind,
                        text=source["name"] if kind == "centre" else option["text"],
                        matched=option["text"],
                        weight=int(option["_score"]),
                        country=source["country"],
                        slug=source["slug"] if kind == "centre" else None,
                        city=source["city"] if kind == "centre" else None,
                    )
                )
        return ordered(found, limit)

    def candidates(self, plan: MatchPlan) -> list[dict[str, Any]]:
        response = self.index.client.search(
            index=self.index.alias, filter_path=["hits.hits._source"], **match_body(plan)
        )
        return [hit["_source"] for hit in response.get("hits", {}).get("hits", [])]

    def fetch(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Documents by slug, as the index holds them (absent: not in the index)."""
        slugs = list(slugs)
        if not slugs:
            return {}
        response = self.index.client.mget(index=self.index.alias, ids=slugs)
        return {doc["_id"]: doc["_source"] for doc in response["docs"] if doc.get("found")}

    def health(self) -> dict[str, Any]:
        health = self.index.client.cluster.health(timeout="1s")
        index = self.index.current()
        return {
            "ok": health["status"] in ("green", "yellow") and index is not None,
            "cluster": health["status"],
            "alias": self.index.alias,
            "index": index,
        }
