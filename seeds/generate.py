"""Synthetic centres for benchmarks: plausible, reproducible, and marked as generated.

``partner-directory seed --synthetic N`` adds N of them (slugs ``syn-000001`` …) through the
same import service as the seed files. Nothing here describes a real hospital.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from directory.identity import Identity
from directory.services import Services

#: country -> (cities with coordinates, languages, typical USD cost range per session)
COUNTRIES: dict[str, tuple[list[tuple[str, float, float]], list[str], tuple[int, int]]] = {
    "CN": (
        [
            ("Beijing", 39.90, 116.40),
            ("Shanghai", 31.23, 121.47),
            ("Guangzhou", 23.13, 113.26),
            ("Chengdu", 30.57, 104.07),
            ("Wuhan", 30.59, 114.31),
            ("Hangzhou", 30.27, 120.16),
        ],
        ["zh", "en"],
        (2500, 6000),
    ),
    "IN": (
        [
            ("Mumbai", 19.08, 72.88),
            ("New Delhi", 28.61, 77.21),
            ("Chennai", 13.08, 80.27),
            ("Bengaluru", 12.97, 77.59),
            ("Hyderabad", 17.39, 78.49),
            ("Kolkata", 22.57, 88.36),
        ],
        ["en", "hi", "ta", "bn"],
        (1500, 5000),
    ),
    "TH": ([("Bangkok", 13.76, 100.50), ("Chiang Mai", 18.79, 98.98)], ["th", "en"], (6000, 14000)),
    "TR": (
        [("Istanbul", 41.01, 28.98), ("Ankara", 39.93, 32.86), ("Izmir", 38.42, 27.14)],
        ["tr", "en", "ar"],
        (5000, 12000),
    ),
    "MY": ([("Kuala Lumpur", 3.14, 101.69), ("Penang", 5.41, 100.33)], ["ms", "en", "zh"], (5000, 11000)),
    "SG": ([("Singapore", 1.29, 103.85)], ["en", "zh", "ms"], (12000, 25000)),
    "KR": ([("Seoul", 37.57, 126.98), ("Busan", 35.18, 129.08)], ["ko", "en"], (9000, 20000)),
}
COUNTRY_WEIGHTS = {"CN": 35, "IN": 35, "TH": 8, "TR": 8, "MY": 6, "SG": 4, "KR": 4}
SITES = ["spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"]
SITE_ODDS = {"spine": 0.5, "pelvis-sacrum": 0.8, "long-bone": 0.8, "rib": 0.6, "acetabulum": 0.5}
ADJUNCTS = [
    "spinal-thermosensor-monitoring",
    "hydrodissection",
    "co2-dissection",
    "neuromonitoring",
    "cementoplasty",
    "prophylactic-fixation",
    "general-anaesthesia",
    "chest-radiography",
    "interpreter-services",
    "core-needle-biopsy",
]
IMAGING = ["ct-guidance", "ct-fluoroscopy", "cone-beam-ct", "mri-guidance"]
WORDS = [
    "Lotus",
    "Harbour",
    "Riverside",
    "Summit",
    "Jade",
    "Cedar",
    "Meridian",
    "Lakeview",
    "Crescent",
    "Golden Gate",
    "Silk Road",
    "Monsoon",
    "Saffron",
    "Pearl",
    "Northern",
    "Eastern",
]
KINDS = ["Oncology Hospital", "Cancer Centre", "Interventional Oncology Institute", "Medical Centre"]
#: A second name in the country's own script, for centres in China and India (free text and
#: suggestions then have Chinese bigrams, pinyin and transliterations to index, as real ones do).
NATIVE: dict[str, tuple[dict[str, str], list[str], list[str]]] = {
    "CN": (
        {
            "Beijing": "北京",
            "Shanghai": "上海",
            "Guangzhou": "广州",
            "Chengdu": "成都",
            "Wuhan": "武汉",
            "Hangzhou": "杭州",
        },
        ["莲花", "港湾", "江畔", "金门", "丝路", "明珠", "东方", "北方"],
        ["肿瘤医院", "癌症中心", "介入肿瘤研究所", "医学中心"],
    ),
    "IN": (
        {
            "Mumbai": "मुंबई",
            "New Delhi": "नई दिल्ली",
            "Chennai": "चेन्नई",
            "Bengaluru": "बेंगलुरु",
            "Hyderabad": "हैदराबाद",
            "Kolkata": "कोलकाता",
        },
        ["कमल", "केसर", "मोती", "शिखर", "पूर्वी", "उत्तरी"],
        ["कैंसर अस्पताल", "कैंसर केंद्र", "मेडिकल सेंटर"],
    ),
}


def native_name(country: str, city: str, n: int) -> list[str]:
    """The n-th centre's name in its country's script (none outside China and India); chosen by
    n, not drawn, so that every other generated value stays as it was."""
    if country not in NATIVE:
        return []
    cities, words, kinds = NATIVE[country]
    separator = "" if country == "CN" else " "
    return [separator.join((cities[city], words[n % len(words)], kinds[n % len(kinds)])) + separator + str(n)]


def records(count: int, random_seed: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(random_seed)
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    for n in range(1, count + 1):
        country = rng.choices(countries, weights)[0]
        cities, languages, (low, high) = COUNTRIES[country]
        city, lat, lon = rng.choice(cities)
        cost_min = rng.randrange(low, high, 100)
        sites = [s for s in SITES if rng.random() < SITE_ODDS[s]] or ["long-bone"]
        capabilities = []
        for code in ADJUNCTS:
            roll = rng.random()
            if roll < 0.15:
                continue  # not reported
            status = "available" if roll < 0.75 else "limited" if roll < 0.9 else "unavailable"
            capabilities.append(
                {
                    "code": code,
                    "status": status,
                    "verification": rng.choices(["unverified", "self-reported", "verified"], [2, 2, 1])[0],
                    "source": "Synthetic benchmark value.",
                }
            )
        yield {
            "slug": f"syn-{n:06d}",
            "name": f"{city} {rng.choice(WORDS)} {rng.choice(KINDS)} {n}",
            "aliases": [f"{rng.choice(WORDS)} {n}", *native_name(country, city, n)],
            "country": country,
            "city": city,
            "location": {"lat": round(lat + rng.uniform(-0.3, 0.3), 4), "lon": round(lon + rng.uniform(-0.3, 0.3), 4)},
            "languages": rng.sample(languages, k=rng.randint(1, len(languages))),
            "accreditations": ["JCI"] if rng.random() < 0.2 else [],
            "accepting_referrals": rng.random() < 0.85,
            "demo": True,  # fictional, like the demo data set: never a real hospital
            "contact": {"desk": "International desk", "email": f"desk{n}@synthetic.example"},
            "vetting": {"status": rng.choices(["vetted", "pending", "suspended", "lapsed"], [7, 1, 1, 1])[0]},
            "provenance": {"source": "Synthetic benchmark centre; not a real hospital.", "verification": "unverified"},
            "capabilities": capabilities,
            "services": [
                {
                    "code": "bone-cryoablation",
                    "sites": sites,
                    "annual_volume": int(rng.lognormvariate(4, 0.8)),
                    "cost": {"currency": "USD", "min": cost_min, "max": cost_min + rng.randrange(500, 6000, 100)},
                    "wait_days": rng.randint(3, 60),
                    "imaging": rng.sample(IMAGING, k=rng.randint(1, 3)),
                    "verification": rng.choices(["unverified", "self-reported", "verified"], [2, 2, 1])[0],
                    "source": "Synthetic benchmark value.",
                }
            ],
        }


def load(
    services: Services,
    count: int,
    random_seed: int = 1,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Import ``count`` synthetic centres in batches; returns how many were new."""
    identity = Identity.system("synthetic")
    made, chunk = 0, []
    for record in records(count, random_seed):
        chunk.append(record)
        if len(chunk) == batch:
            made += services.centres.import_many(identity, chunk)
            if progress:
                progress(len(chunk))
            chunk = []
    if chunk:
        made += services.centres.import_many(identity, chunk)
        if progress:
            progress(len(chunk))
    return made
