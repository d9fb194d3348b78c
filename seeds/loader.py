"""Load the seed files through the services: idempotent, so loading twice changes nothing.

The vocabulary is owned by its file: it is brought in line with it (its version is a hash of
the content). Centres are created when absent and otherwise left alone, since partners and
coordinators may have changed them since.
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


@dataclass
class SeedReport:
    vocabulary_changed: bool = False
    centres_created: list[str] = field(default_factory=list)
    centres_present: list[str] = field(default_factory=list)


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load(
    services: Services,
    identity: Identity | None = None,
    vocabulary_file: Path = VOCABULARY_FILE,
    centres_file: Path | None = CENTRES_FILE,
) -> SeedReport:
    identity = identity or Identity.system("seed")
    report = SeedReport()
    report.vocabulary_changed = services.vocabulary.load(identity, read(vocabulary_file))
    if centres_file is not None:
        for record in read(centres_file)["centres"]:
            created = services.centres.import_(identity, record)
            (report.centres_created if created else report.centres_present).append(record["slug"])
    return report
