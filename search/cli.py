"""``partner-directory search``: the Elasticsearch index and its worker, the outbox consumer of
centre changes. The package's own command group; the service's command adds it, and runs it
inside the service's app (its settings, services and search service)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from flask import current_app
from tqdm import tqdm

from directory.processes import run_until_stopped
from directory.services import Services
from search.elastic import reindex
from search.ranking import RankingParams
from search.worker import Worker


@click.group("search")
def commands() -> None:
    """The Elasticsearch index (needs ELASTICSEARCH_URL)."""


def _services() -> Services:
    return current_app.extensions["services"]


def _elastic() -> tuple[Any, Any]:
    service = current_app.extensions["search"]
    if service.primary is None:
        raise click.ClickException(
            "ELASTICSEARCH_URL is not set: search runs on the local backend, no index to manage."
        )
    return service, service.primary.index


@commands.command("reindex")
@click.option("--batch", default=1000, show_default=True)
@click.option(
    "--fresh",
    is_flag=True,
    help="Start a new index even when one that an outage stopped could be resumed (by default it is).",
)
def search_reindex(batch: int, fresh: bool) -> None:
    """Build a new index from the database and swap the alias to it. A reindex that an outage
    stopped is resumed: only what its index lacks is written."""
    _service, index = _elastic()
    services = _services()
    params = RankingParams.from_vocabulary(services.vocabulary.read())
    with tqdm(total=services.centres.count(), unit="centre", desc="reindex", file=sys.stderr) as bar:
        report = reindex(index, services, params, batch=batch, progress=bar.update, resume=not fresh)
    resumed = f" (resumed: {report.resumed} were there already)" if report.resumed else ""
    click.echo(
        f"{report.documents} centres into {report.index}{resumed} in {report.seconds:.1f} s "
        f"({report.rate:.0f}/s); previous: {report.previous or 'none'}; outbox rows replayed: {report.replayed}",
        err=True,
    )


@commands.command("worker")
@click.option("--batch", default=500, show_default=True)
@click.option("--once", is_flag=True, help="Drain what is due, then stop.")
def search_worker(batch: int, once: bool) -> None:
    """Drain the outbox into Elasticsearch (runs until interrupted)."""
    _, index = _elastic()
    worker = Worker(_services(), index, batch=batch)
    if once:
        worker.prepare()
        click.echo(f"{worker.drain()} outbox rows indexed", err=True)
        return
    click.echo(f"indexing into {index.alias}; Ctrl-C to stop", err=True)
    run_until_stopped(worker.run)


@commands.command("status")
def search_status() -> None:
    """The alias, its index, the document count and the outbox lag."""
    service, index = _elastic()
    health = service.health()
    lag = _services().outbox.lag("centre")
    count = index.count() if health.get("index") else 0
    click.echo(
        json.dumps(
            {
                "alias": index.alias,
                "index": health.get("index"),
                "cluster": health.get("cluster", health.get("error")),
                "documents": count,
                "centres": _services().centres.count(),
                "outbox": lag,
            },
            indent=2,
        )
    )
