"""Search: index mapping, document builder, query builder, backends (Elasticsearch, local),
the outbox indexer and the full reindex. ``search`` reads ``directory``; never the reverse."""

from __future__ import annotations

from directory.services import Services
from search.elastic import ElasticIndex, ElasticsearchBackend, make_client
from search.local import LocalBackend
from search.service import SearchService


def make_search(
    services: Services, elasticsearch_url: str = "", index_prefix: str = "partner-directory"
) -> SearchService:
    """Elasticsearch when a URL is configured (with the local backend as its fallback), else local."""
    primary = None
    if elasticsearch_url:
        primary = ElasticsearchBackend(ElasticIndex(make_client(elasticsearch_url), index_prefix))
    return SearchService(services, LocalBackend(services), primary)
