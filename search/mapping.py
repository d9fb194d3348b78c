"""The index: settings and mapping of centre documents (core Elasticsearch features only)."""

from __future__ import annotations

from typing import Any

KEYWORD = {"type": "keyword"}
LOWER_KEYWORD = {"type": "keyword", "normalizer": "lowercase", "ignore_above": 256}
#: A name: its words (standard analyzer), the whole name (exact match), and neighbouring-token
#: bigrams for Chinese (see search.text).
NAME = {
    "type": "text",
    "fields": {"keyword": LOWER_KEYWORD, "bigrams": {"type": "text", "analyzer": "bigrams"}},
}

#: As-you-type completions (see search.text.completion_key): words compared without what is
#: between them.
COMPLETION = {"type": "completion", "analyzer": "standard", "preserve_separators": False, "max_input_length": 50}

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "analysis": {
        "normalizer": {"lowercase": {"type": "custom", "filter": ["lowercase"]}},
        "filter": {
            "bigram_shingles": {
                "type": "shingle",
                "min_shingle_size": 2,
                "max_shingle_size": 2,
                "output_unigrams": False,
                "token_separator": "",
            }
        },
        "analyzer": {
            "bigrams": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "bigram_shingles"]}
        },
    },
}

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "slug": KEYWORD,
        "name": NAME,
        "aliases": NAME,
        # Free text besides names (see search.documents): plain words.
        "romanised": {"type": "text"},
        "places": {"type": "text"},
        "offered": {"type": "text"},
        "suggest": COMPLETION,
        "suggest_city": COMPLETION,
        "country": KEYWORD,
        "city": LOWER_KEYWORD,
        "location": {"type": "geo_point"},
        "languages": KEYWORD,
        "language_bases": KEYWORD,
        "accreditations": {"type": "keyword", "fields": {"text": {"type": "text"}}},
        "demo": {"type": "boolean"},
        "vetting_status": KEYWORD,
        "next_review_due": {"type": "date"},
        # Shown, not searched: the vetting decision's provenance.
        "vetting": {"type": "object", "enabled": False},
        "accepting_referrals": {"type": "boolean"},
        "capabilities": {
            "type": "nested",
            "properties": {
                "code": KEYWORD,
                "status": KEYWORD,
                "verification": KEYWORD,
                # The centre's own note, shown when a requirement is missing: not searched.
                "notes": {"type": "text", "index": False},
                "provenance": {"type": "object", "enabled": False},
            },
        },
        "capabilities_available": KEYWORD,
        # What can meet a match requirement: available capabilities and the offerings' imaging.
        "requirement_codes": KEYWORD,
        # code -> verification of the available capabilities: read by ranking, not searched.
        "available": {"type": "object", "enabled": False},
        "capability_evidence": KEYWORD,
        "services": {
            "type": "nested",
            "properties": {
                "code": KEYWORD,
                "sites": KEYWORD,
                "annual_volume": {"type": "integer"},
                "cost_currency": KEYWORD,
                "cost_min": {"type": "integer"},
                "cost_max": {"type": "integer"},
                "cost_min_usd": {"type": "double"},
                "cost_max_usd": {"type": "double"},
                "cost_usd": {"type": "object", "enabled": False},
                "wait_days": {"type": "integer"},
                "imaging": KEYWORD,
                "verification": KEYWORD,
                "provenance": {"type": "object", "enabled": False},
                "experience": {"type": "double"},
                "access": {"type": "double"},
                "cost_free": {"type": "double"},
                "evidence": {"type": "double"},
            },
        },
        "offers": KEYWORD,
        "sites": KEYWORD,
        "version": {"type": "long"},
        "updated_at": {"type": "date"},
    },
}


def index_body(replicas: int = 0, refresh_interval: str = "1s") -> dict[str, Any]:
    return {
        "settings": {**SETTINGS, "number_of_replicas": replicas, "refresh_interval": refresh_interval},
        "mappings": MAPPINGS,
    }
