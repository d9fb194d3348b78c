"""Load the seed files through the services: idempotent, so loading twice changes nothing.

The vocabulary is owned by its file: it is brought in line with it (its version is a hash of
the content). Centres are created when absent and otherwise left alone, since partners and
coordinators may have changed them since. The named hospitals load into every database; the
fictional demo centres (and their illustrative exchange rates) only with ``demo=True``, which
marks the database as a demo one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.identity import Identity
from directory.services import Services

SEEDS = Path(__file__).parent
VOCABULARY_FILE = SEEDS / "vocabulary.toml"
CENTRES_FILE = SEEDS / "centres.toml"
DEMO_FILE = SEEDS / "demo-centres.toml"


@dataclass
class SeedReport:
    vocabulary_changed: bool = False
    centres_created: list[str] = field(default_factory=list)
    centres_present: list[str] = field(default_factory=list)
    rates_set: list[str] = field(default_factory=list)


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load(
    services: Services,
    identity: Identity | None = None,
    vocabulary_file: Path = VOCABULARY_FILE,
    centres_file: Path | None = CENTRES_FILE,
    demo: bool = False,
    demo_file: Path = DEMO_FILE,
) -> SeedReport:
    identity = identity or Identity.system("seed")
    report = SeedReport()
    report.vocabulary_changed = services.vocabulary.load(identity, read(vocabulary_file))
    files = [centres_file] if centres_file is not None else []
    if demo:
        services.centres.allow_demo(identity)
        files.append(demo_file)
    for path in files:
        data = read(path)
        for record in data.get("centres", []):
            created = services.centres.import_(identity, record)
            (report.centres_created if created else report.centres_present).append(record["slug"])
        known = services.rates.current()
        for rate in data.get("exchange_rates", []):
            if rate["currency"] not in known:
                services.rates.set(identity, rate["currency"], rate["usd_per_unit"], rate["as_of"], rate["source"])
                report.rates_set.append(rate["currency"])
    return report
