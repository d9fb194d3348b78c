"""The local backend chooses a match's candidates among many without assessing each in full:
what it chooses must be exactly what ranking every centre would put first."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from directory.db import Database
from directory.services import Services
from search.eligibility import assess, offering_for
from search.local import LocalBackend
from search.ranking import ceiling, order, rank, score, sort_key
from search.service import plan_for
from seeds import generate

SITES = ["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"]


def profiles(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        profile: dict[str, Any] = {
            "lesion_site": rng.choice(SITES),
            "lytic": rng.random() < 0.5,
            "cortical_involvement_pct": rng.choice([20, 40, 60, 80]),
            "limit": rng.choice([1, 3, 10]),
        }
        if rng.random() < 0.4:
            profile["destination_countries"] = rng.sample(["CN", "IN", "TH", "TR", "MY", "SG", "KR"], 2)
        if rng.random() < 0.5:
            profile["budget_usd"] = rng.choice([3000, 6000, 10000])
            if rng.random() < 0.3:
                profile["budget_max"] = profile["budget_usd"] * 1.5
        if rng.random() < 0.3:
            profile["languages"] = [rng.choice(["en", "zh", "hi", "th"])]
        if rng.random() < 0.4:
            profile["include_near_misses"] = True
        made.append(profile)
    return made


@pytest.fixture
def local(database_url: str) -> Any:
    services = Services(Database(database_url))
    generate.load(services, 400, random_seed=7)
    local = LocalBackend(services)
    local.sync()
    yield local
    services.db.dispose()


def test_the_chosen_candidates_are_the_best_of_all(local: LocalBackend) -> None:
    documents = local.documents()
    vocabulary = local.services.vocabulary.read()
    rates = local.services.rates.current()
    for number, profile in enumerate(profiles(150, seed=3)):
        plan = plan_for(vocabulary, profile, rates).plan
        if number % 3 == 0:  # a later day: some vettings have lapsed
            plan = dataclasses.replace(plan, today="2027-09-01")
        everyone = rank(documents, plan)[: plan.limit]
        # Exactly as many as asked: no margin to hide a wrong choice.
        chosen = rank(local._filing.candidates(plan, plan.limit), plan)
        assert [(r.slug, r.score) for r in chosen] == [(r.slug, r.score) for r in everyone], profile
        assert local.candidates(plan)[: len(everyone)] == [r.document for r in everyone]


def test_order_is_the_sort_key_of_the_score_and_ceiling_bounds_it(local: LocalBackend) -> None:
    documents = local.documents()
    vocabulary = local.services.vocabulary.read()
    rates = local.services.rates.current()
    for profile in profiles(40, seed=5):
        plan = dataclasses.replace(plan_for(vocabulary, profile, rates).plan, today="2027-03-01")
        highest = ceiling(plan)
        for document in documents:
            offering = offering_for(document, plan.service, plan.site)
            assessment = assess(document, plan)
            left_out = bool(assessment.barriers) or (bool(assessment.unmet) and not plan.include_near_misses)
            found = order(document, offering, plan)
            if left_out:
                assert found is None
                continue
            ranked = score(assessment, plan)
            assert found == sort_key(ranked)
            assert offering is not None and ranked.score <= highest(offering)
