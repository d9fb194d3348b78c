"""The local backend: the same documents, held in this process, searched in Python.

It is the embedded default and the fallback when Elasticsearch cannot answer. It needs no
worker: before answering, it reads the outbox as a change feed (rows after the last one it
saw, and a short look-back for transactions that committed out of id order) and reloads the
centres whose version it does not have. Every process keeps its own copy, checked against the
database this way, so several gunicorn workers agree.
"""

from __future__ import annotations

import bisect
import gc
import math
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from directory import geo
from directory.services import Services
from directory.services.rates import Rate
from search import text
from search.documents import REBUILD_TOPICS, centre_document
from search.elastic import Hit, SearchHits
from search.queries import CANDIDATE_MARGIN, FACET_SIZE, FACETS, SearchRequest, Suggestion, ordered
from search.ranking import MatchPlan, RankingParams, ceiling, order

#: A candidate is passed over only when its ceiling is this far below the bar: scores are
#: compared rounded (search.ranking.order_key), and a tie is decided by the slug.
BAR_MARGIN = 1e-6
#: A document, with its offering for one service:site.
Offer = tuple[dict[str, Any], dict[str, Any]]

#: Outbox rows re-read behind the last one seen (up to 500 ids back, if under a minute old): on
#: PostgreSQL, ids are handed out at insert and may commit out of order.
LOOK_BACK = (500, timedelta(minutes=1))


def allowed_edits(term: str) -> int:
    """Elasticsearch's ``fuzziness: AUTO``."""
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one), stopping past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class TextQuery:
    """A query as the Elasticsearch body of :func:`search.queries.text_query` reads it."""

    whole: str
    words: tuple[str, ...]  # every word of the query, Chinese characters one by one (phrases)
    terms: tuple[tuple[str, int], ...]  # the word match's terms, with the typos each allows
    romanised: tuple[tuple[str, int], ...]
    bigrams: frozenset[str]
    bigrams_needed: int

    @classmethod
    @lru_cache(maxsize=1024)
    def of(cls, q: str) -> TextQuery:
        words = text.query_words(q)
        bigrams = frozenset(text.bigrams(q)) if text.has_cjk(q) else frozenset()
        return cls(
            whole=q.strip().lower(),
            words=tuple(dict.fromkeys(text.tokens(q))),
            terms=tuple((t, allowed_edits(t)) for t in text.tokens(words)),
            romanised=tuple((t, allowed_edits(t)) for t in text.tokens(text.fold(words))),
            bigrams=bigrams,
            bigrams_needed=text.bigrams_needed(len(bigrams)),
        )


#: Word-match weights relative to a name's word (1.0), as the Elasticsearch query boosts them.
_KINDS = tuple((kind, weight / text.WEIGHTS["names"]) for kind, weight in text.WEIGHTS.items() if kind != "romanised")
_ROMANISED = text.WEIGHTS["romanised"] / text.WEIGHTS["names"]
#: A word within the typos allowed counts this much of an exact one.
NEAR = 0.6


def text_fields(document: Mapping[str, Any]) -> dict[str, list[str]]:
    """A document's free-text values, by kind (see search.text.WEIGHTS)."""
    return {
        "names": [document["name"], *document["aliases"]],
        "romanised": document["romanised"],
        "places": document["places"],
        "offered": document["offered"],
        "accreditations": document["accreditations"],
    }


@lru_cache(maxsize=262_144)
def _words_of(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.tokens(value)))


@dataclass
class Lexicon:
    """Free text's inverted index over the documents: for each kind of field, which centres
    have each word; which names have each Chinese bigram; and each centre's names. A query
    then reads the postings of its words (and of the words within its typos) instead of every
    document."""

    postings: dict[str, dict[str, set[str]]] = field(default_factory=lambda: {kind: {} for kind in text.WEIGHTS})
    bigrams: dict[str, set[tuple[str, int]]] = field(default_factory=dict)  # bigram -> (slug, name number)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> names, lower-cased
    by_initial: dict[str, set[str]] = field(default_factory=dict)  # first letter -> words, for typos
    _near: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, documents: Iterable[Mapping[str, Any]]) -> Lexicon:
        lexicon = cls()
        for document in documents:
            lexicon.add(document)
        return lexicon

    def add(self, document: Mapping[str, Any]) -> None:
        slug, fields = document["slug"], text_fields(document)
        for kind, values in fields.items():
            postings = self.postings[kind]
            for value in values:
                for word in _words_of(value):
                    postings.setdefault(word, set()).add(slug)
                    self.by_initial.setdefault(word[:1], set()).add(word)
        for number, name in enumerate(fields["names"]):
            for bigram in text.bigrams(name):
                self.bigrams.setdefault(bigram, set()).add((slug, number))
        self.names[slug] = tuple(n.lower() for n in fields["names"])
        self._near.clear()

    def remove(self, document: Mapping[str, Any]) -> None:
        """The document's postings go; its words stay known (a word no centre has any more costs
        a little typo checking, nothing else)."""
        slug, fields = document["slug"], text_fields(document)
        for kind, values in fields.items():
            for value in values:
                for word in _words_of(value):
                    self.postings[kind].get(word, set()).discard(slug)
        for number, name in enumerate(fields["names"]):
            for bigram in text.bigrams(name):
                self.bigrams.get(bigram, set()).discard((slug, number))
        self.names.pop(slug, None)

    def near(self, term: str, limit: int) -> frozenset[str]:
        """Known words within ``limit`` typos of a term, sharing its first letter (as
        ``prefix_length: 1`` does), the term itself excluded."""
        key = (term, limit)
        if key not in self._near:
            found = frozenset(
                w for w in self.by_initial.get(term[:1], ()) if w != term and edit_distance(term, w, limit) <= limit
            )
            self._near[key] = found
        return self._near[key]

    def score(self, query: TextQuery) -> dict[str, float]:
        """Each matching centre's score: exact names, then phrases, then words (exact, or within
        the typos ``AUTO`` fuzziness allows), weighted by the kind of field they are in (the best
        kind for each word); romanised names; and Chinese name bigrams, most of which must be
        in one name."""
        scores: dict[str, float] = {}
        for term, limit in query.terms:
            self._add_best(scores, term, limit, _KINDS)
        for term, limit in query.romanised:
            self._add_best(scores, term, limit, (("romanised", _ROMANISED),))
        if query.bigrams:
            found: dict[tuple[str, int], int] = {}
            for bigram in query.bigrams:
                for name in self.bigrams.get(bigram, ()):
                    found[name] = found.get(name, 0) + 1
            best: dict[str, int] = {}
            for (slug, _), count in found.items():
                best[slug] = max(best.get(slug, 0), count)
            for slug, count in best.items():
                if count >= query.bigrams_needed:
                    scores[slug] = scores.get(slug, 0.0) + count / len(query.bigrams)
        if query.words:  # a phrase or a whole name: every word of it is a word of a name
            having = set.intersection(*(self.postings["names"].get(w, set()) for w in query.words))
            for slug in having:
                names = self.names[slug]
                bonus = (5.0 if query.whole in names else 0.0) + (2.0 if any(query.whole in n for n in names) else 0.0)
                if bonus:
                    scores[slug] = scores.get(slug, 0.0) + bonus
        return scores

    def _add_best(self, scores: dict[str, float], term: str, limit: int, kinds: tuple[tuple[str, float], ...]) -> None:
        near = self.near(term, limit) if limit else frozenset()
        best: dict[str, float] = {}
        for kind, weight in kinds:
            postings = self.postings[kind]
            for slug in postings.get(term, ()):
                if best.get(slug, 0.0) < weight:
                    best[slug] = weight
            for word in near:
                for slug in postings.get(word, ()):
                    if best.get(slug, 0.0) < weight * NEAR:
                        best[slug] = weight * NEAR
        for slug, value in best.items():
            scores[slug] = scores.get(slug, 0.0) + value


def text_score(query: TextQuery, document: Mapping[str, Any]) -> float:
    """One document's score for a query, as a search over many gives it."""
    return Lexicon.of([document]).score(query).get(document["slug"], 0.0)


def distance_km(a: tuple[float, float], b: Mapping[str, float]) -> float:
    return geo.distance_km(a[0], a[1], b["lat"], b["lon"])


def matches_filters(document: Mapping[str, Any], request: SearchRequest) -> bool:
    if request.countries and document["country"] not in request.countries:
        return False
    if any(site not in document["sites"] for site in request.sites):
        return False
    if any(code not in document["capabilities_available"] for code in request.capabilities):
        return False
    if request.languages and not set(request.languages) & set(document["language_bases"]):
        return False
    if request.vetting_status and document["vetting_status"] != request.vetting_status:
        return False
    if request.near and request.radius_km is not None:
        location = document["location"]
        return location is not None and distance_km(request.near, location) <= request.radius_km
    return True


def facet_counts(documents: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Terms-aggregation counts, in Elasticsearch's order: count descending, then value."""
    counters = {name: Counter[str]() for name in FACETS}
    for document in documents:
        for name, field_name in FACETS.items():
            value = document[field_name]
            counters[name].update(value if isinstance(value, list) else [value])
    return {
        name: [
            {"value": v, "count": c} for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        ]
        for name, counter in counters.items()
    }


@dataclass
class Filing:
    """The documents that can be matched at all (vetted, accepting referrals), by the
    service:site they offer, each with its offering for it; and within each, who has which
    capability that can meet a requirement: a strict match's candidates by set intersection, as
    Elasticsearch's filters give them, instead of a scan.

    Like Elasticsearch, it answers a match with a bounded number of candidates, the best by the
    ranking's own order (:func:`search.ranking.order`); :func:`search.ranking.rank` then orders
    them. Assessing and scoring every candidate in full cost about 9 µs each, 17 ms a match
    at 10,000 centres."""

    offers: dict[str, dict[str, Offer]] = field(default_factory=dict)  # key -> slug -> offer
    countries: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # key -> country -> slugs
    holders: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # key -> code -> slugs

    def add(self, document: dict[str, Any]) -> None:
        if document["vetting_status"] != "vetted" or not document["accepting_referrals"]:
            return
        slug = document["slug"]
        for offering in document["services"]:
            for site in offering["sites"]:
                key = f"{offering['code']}:{site}"
                offers = self.offers.setdefault(key, {})
                if slug in offers:  # an earlier offering treats the site: the one a match reads
                    continue
                offers[slug] = (document, offering)
                self.countries.setdefault(key, {}).setdefault(document["country"], set()).add(slug)
                holders = self.holders.setdefault(key, {})
                for code in document["requirement_codes"]:
                    holders.setdefault(code, set()).add(slug)

    def remove(self, document: dict[str, Any]) -> None:
        slug = document["slug"]
        for key in document["offers"]:
            self.offers.get(key, {}).pop(slug, None)
            self.countries.get(key, {}).get(document["country"], set()).discard(slug)
            for code in document["requirement_codes"]:
                self.holders.get(key, {}).get(code, set()).discard(slug)

    def candidates(self, plan: MatchPlan, count: int) -> list[dict[str, Any]]:
        """The best ``count`` candidates of a match, best first."""
        key = f"{plan.service}:{plan.site}"
        offers = self.offers.get(key, {})
        slugs: set[str] | None = None  # None: every one that offers the service for the site
        if plan.countries:
            where = self.countries.get(key, {})
            slugs = set().union(*(where.get(country, ()) for country in plan.countries))
        if plan.requirements and not plan.include_near_misses:
            holders = self.holders.get(key, {})
            for need in plan.requirements:
                having = set().union(*(holders.get(code, ()) for code in need.any_of))
                slugs = having if slugs is None else slugs & having
        found = offers.values() if slugs is None else (offers[slug] for slug in slugs if slug in offers)
        return best_of(found, plan, count)


def best_of(offers: Iterable[Offer], plan: MatchPlan, count: int) -> list[dict[str, Any]]:
    """The first ``count`` documents by :func:`search.ranking.order`, best first.

    Once ``count`` full matches are at hand, a centre whose :func:`search.ranking.ceiling` is
    below the last of them cannot take its place, and is passed over without its order."""
    best: list[tuple[tuple[int, float, str], dict[str, Any]]] = []  # sorted; orders end with the slug
    bar = -math.inf  # the last one's score, while there are count full matches; else no bar
    highest = ceiling(plan)
    for document, offering in offers:
        if highest(offering) < bar - BAR_MARGIN:
            continue
        at = order(document, offering, plan)
        if at is None or (len(best) == count and at >= best[-1][0]):
            continue
        bisect.insort(best, (at, document))
        if len(best) > count:
            best.pop()
        if len(best) == count and best[-1][0][0] == 0:
            bar = -best[-1][0][1]
    return [document for _, document in best]


#: A completion input: (compared form, -weight, order among equals, kind, slug, input).
Entry = tuple[str, int, str, str, str, str]


@dataclass
class Completions:
    """Every completion input of every document, in the order of what a completion field
    compares (:func:`search.text.completion_key`): a prefix's completions are one contiguous
    run, found by bisection."""

    entries: list[Entry] = field(default_factory=list)

    @staticmethod
    def of_document(document: Mapping[str, Any]) -> list[Entry]:
        slug = document["slug"]
        given = [(given, group["weight"], "centre") for group in document["suggest"] for given in group["input"]]
        given += [(city, 1, "city") for city in document["suggest_city"]]
        found = [
            (text.completion_key(g), -weight, text.completion_order(g), kind, slug, g) for g, weight, kind in given
        ]
        return [entry for entry in found if entry[0]]

    @classmethod
    def of(cls, documents: Iterable[Mapping[str, Any]]) -> Completions:
        return cls(sorted(entry for document in documents for entry in cls.of_document(document)))

    def add(self, document: Mapping[str, Any]) -> None:
        for entry in self.of_document(document):
            bisect.insort(self.entries, entry)

    def remove(self, document: Mapping[str, Any]) -> None:
        for entry in self.of_document(document):
            at = bisect.bisect_left(self.entries, entry)
            if at < len(self.entries) and self.entries[at] == entry:
                del self.entries[at]

    def find(self, prefix: str, limit: int, documents: Mapping[str, Mapping[str, Any]]) -> list[Suggestion]:
        """Each centre once, by its best completion (the heaviest, then the first, as
        Elasticsearch's document-oriented suggester gives it); each city once
        (``skip_duplicates``)."""
        key = text.completion_key(prefix)
        best: dict[tuple[str, str], Entry] = {}
        at = bisect.bisect_left(self.entries, (key,))
        while key and at < len(self.entries) and self.entries[at][0].startswith(key):
            entry = self.entries[at]
            who = (entry[3], entry[4] if entry[3] == "centre" else entry[5])
            if who not in best or entry[1:3] + entry[4:5] < best[who][1:3] + best[who][4:5]:
                best[who] = entry
            at += 1
        found = []
        chosen = [
            entry
            for kind in ("centre", "city")
            for entry in sorted((e for e in best.values() if e[3] == kind), key=lambda e: (e[1], e[2], e[4]))[:limit]
        ]
        for _, weight, _, kind, slug, given in chosen:
            document = documents[slug]
            found.append(
                Suggestion(
                    kind=kind,
                    text=document["name"] if kind == "centre" else given,
                    matched=given,
                    weight=-weight,
                    country=document["country"],
                    slug=slug if kind == "centre" else None,
                    city=document["city"] if kind == "centre" else None,
                )
            )
        return ordered(found, limit)


@dataclass
class LocalBackend:
    services: Services
    name: str = field(default="local", init=False)
    _documents: dict[str, dict[str, Any]] = field(default_factory=dict, init=False)
    #: Free text's inverted index; every document's completions.
    _lexicon: Lexicon = field(default_factory=Lexicon, init=False)
    _completions: Completions = field(default_factory=Completions, init=False)
    _mark: int = field(default=0, init=False)
    _params: RankingParams | None = field(default=None, init=False)
    _rates: dict[str, Rate] = field(default_factory=dict, init=False)
    #: Outbox rows of the topics that change every document, already reflected here.
    _rebuild_rows: set[int] = field(default_factory=set, init=False)
    #: The documents a match can choose from, filed for finding them without a scan.
    _filing: Filing = field(default_factory=Filing, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    # --- keeping current ------------------------------------------------------------------------

    def sync(self) -> None:
        """Bring this process's documents up to date with the database.

        The mark moves only once the changes are applied: if reading them fails, the next
        query tries again.
        """
        with self._lock:
            if self._params is None:
                self._load_all()
                return
            changes = self.services.outbox.changes_since(self._mark, look_back=LOOK_BACK)
            if not changes:
                return
            if any(c.topic in REBUILD_TOPICS and c.id not in self._rebuild_rows for c in changes):
                self._load_all()  # new ranking data or rates: every document's parts change
                return
            stale = {
                c.entity_id
                for c in changes
                if c.topic == "centre"
                and (c.entity_id not in self._documents or self._documents[c.entity_id]["version"] < (c.version or 0))
            }
            if stale:
                self._refresh(stale)
            self._mark = max(self._mark, changes[-1].id)

    def _load_all(self) -> None:
        mark = self.services.outbox.high_water_mark()
        rebuild_rows = {c.id for topic in REBUILD_TOPICS for c in self.services.outbox.changes_since(0, topic=topic)}
        params = RankingParams.from_vocabulary(self.services.vocabulary.read())
        rates = self.services.rates.current()
        documents: dict[str, dict[str, Any]] = {}
        for centres in self.services.snapshots.batches():
            for centre in centres:
                documents[centre.slug] = centre_document(centre, params, rates)
        filing = Filing()
        for document in documents.values():
            filing.add(document)
        lexicon = Lexicon.of(documents.values())
        completions = Completions.of(documents.values())
        # Swapped in together, once complete.
        self._documents, self._filing, self._mark, self._params = documents, filing, mark, params
        self._lexicon, self._completions = lexicon, completions
        self._rates, self._rebuild_rows = rates, rebuild_rows
        # Tens of thousands of small dicts make every full garbage collection walk them all: a
        # pause of ~150 ms at 10,000 centres. They are long-lived and acyclic, so move them out
        # of the collector's way (they are still freed by reference counting when replaced).
        gc.collect()
        gc.freeze()

    def _refresh(self, slugs: set[str]) -> None:
        assert self._params is not None
        current = self.services.snapshots.by_slug(slugs)
        for slug in slugs:
            old = self._documents.pop(slug, None)
            if old is not None:
                self._filing.remove(old)
                self._lexicon.remove(old)
                self._completions.remove(old)
            if slug in current:
                self._documents[slug] = document = centre_document(current[slug], self._params, self._rates)
                self._lexicon.add(document)
                self._filing.add(document)
                self._completions.add(document)

    def documents(self) -> list[dict[str, Any]]:
        self.sync()
        with self._lock:
            return list(self._documents.values())

    # --- answering ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchHits:
        self.sync()
        with self._lock:
            if request.order == "relevance":  # only the centres the text finds
                scores = self._lexicon.score(TextQuery.of(request.q or ""))
                documents = [self._documents[slug] for slug, score in scores.items() if score > 0]
            else:
                documents = list(self._documents.values())
        found = [d for d in documents if matches_filters(d, request)]
        hits: list[Hit]
        if request.order == "relevance":
            scored = [(scores[d["slug"]], d) for d in found]
            scored.sort(key=lambda sd: (-sd[0], sd[1]["slug"]))
            found = [d for _, d in scored]
            hits = [Hit(d, s) for s, d in scored]
        elif request.order == "distance":
            near = request.near
            assert near is not None
            keyed = sorted(
                found,
                key=lambda d: (distance_km(near, d["location"]) if d["location"] else math.inf, d["slug"]),
            )
            found = keyed
            hits = [Hit(d, None, distance_km(near, d["location"]) if d["location"] else None) for d in keyed]
        else:
            found.sort(key=lambda d: d["slug"])
            hits = [Hit(d) for d in found]
        start = (request.page - 1) * request.page_size
        return SearchHits(hits[start : start + request.page_size], len(found), facet_counts(found))

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        self.sync()
        with self._lock:
            return self._completions.find(prefix, limit, self._documents)

    def candidates(self, plan: MatchPlan) -> list[dict[str, Any]]:
        self.sync()
        with self._lock:
            return self._filing.candidates(plan, plan.limit + CANDIDATE_MARGIN)

    def fetch(self, slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
        self.sync()
        with self._lock:
            return {slug: self._documents[slug] for slug in slugs if slug in self._documents}

    def health(self) -> dict[str, Any]:
        return {"ok": True, "documents": len(self._documents)}
