"""One suite, both backends: search and match answer the same, and follow the site table.

Every test here runs against the local backend and against a real Elasticsearch, through the
HTTP API. The seed centres are built so that each rule and filter changes some answer
(see seeds/centres.toml).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

FULL_SPINE = ["bangkok-orchid-crescent", "istanbul-tulip-bay", "pumch", "apollo-chennai"]
NEVER = {"chengdu-bamboo-grove", "ankara-citadel", "penang-frangipani", "pune-riverbend"}  # not vetted / not accepting


def match(call, principal: str = "intake_a", **profile) -> dict:
    r = call(principal).post("/v1/match", json=profile)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def slugs(body: dict) -> list[str]:
    return [r["centre"]["slug"] for r in body["results"]]


# --- match ------------------------------------------------------------------------------------


FAR = 40  # mm from the spinal canal: the site table alone applies to a spinal lesion


def test_answer_names_its_backend(call, search_backend):
    body = match(call, lesion_site="rib")
    assert body["backend"] == search_backend and body["degraded"] is None
    assert body["vocabulary_version"]


def test_spine_requires_thermosensor_and_hydrodissection(call):
    body = match(call, lesion_site="spine", spinal_canal_distance_mm=FAR)
    assert [r["code"] for r in body["requirements"]] == ["spinal-thermosensor-monitoring", "hydrodissection"]
    for requirement in body["requirements"]:
        assert requirement["label"] and requirement["reason"] and requirement["rule"].startswith("spine-")
    assert slugs(body) == FULL_SPINE
    for result in body["results"]:
        assert result["met"] == ["spinal-thermosensor-monitoring", "hydrodissection"] and result["missing"] == []
        assert {c["code"] for c in result["capabilities_used"]} == set(result["met"])
        assert result["estimated_cost"]["currency"] == "USD" and result["wait_days"] is not None


def test_near_misses_follow_full_matches_and_say_what_they_miss(call):
    body = match(call, lesion_site="spine", spinal_canal_distance_mm=FAR, include_near_misses=True)
    assert slugs(body)[:4] == FULL_SPINE
    misses = {r["centre"]["slug"]: r for r in body["results"][4:]}
    assert set(misses) == {"sysucc", "hangzhou-lakeside", "izmir-olive-coast"}
    assert misses["sysucc"]["missing"] == ["hydrodissection"]
    assert misses["sysucc"]["gaps"] == [
        {
            "code": "hydrodissection",
            "status": "limited",
            "notes": "Illustrative: offered on some lists only.",
            "rule": "spine-hydrodissection",
        }
    ]
    assert [(g["code"], g["status"]) for g in misses["izmir-olive-coast"]["gaps"]] == [
        ("spinal-thermosensor-monitoring", "unavailable")
    ]
    missing_counts = [len(r["missing"]) for r in body["results"]]
    assert missing_counts == sorted(missing_counts)


@pytest.mark.parametrize(
    "profile, present, absent",
    [
        ({"lesion_site": "pelvis-sacrum", "lytic": False}, {"chiang-mai-northern"}, set()),
        ({"lesion_site": "pelvis-sacrum", "lytic": True}, set(), {"chiang-mai-northern"}),
        ({"lesion_site": "pelvis-sacrum"}, set(), {"chiang-mai-northern"}),  # lytic unknown: rule applies
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 40}, {"bengaluru-jacaranda"}, set()),
        ({"lesion_site": "long-bone", "cortical_involvement_pct": 60}, set(), {"bengaluru-jacaranda"}),
        ({"lesion_site": "acetabulum", "lytic": False}, {"pumch"}, {"chiang-mai-northern"}),
        ({"lesion_site": "rib"}, {"pumch", "tmc-mumbai"}, {"kuala-lumpur-tamarind"}),
        ({"lesion_site": "spine", "spinal_canal_distance_mm": FAR}, {"pumch"}, {"tmc-mumbai", "sysucc"}),
    ],
)
def test_site_table_rules(call, profile, present, absent):
    found = set(slugs(match(call, limit=50, **profile)))
    assert present <= found
    assert not (absent & found)
    assert not (NEVER & found)


def test_requirements_apply_only_when_their_condition_holds(call):
    assert match(call, lesion_site="long-bone", lytic=False, cortical_involvement_pct=50)["requirements"] == []
    required = match(call, lesion_site="long-bone", lytic=False, cortical_involvement_pct=51)["requirements"]
    assert [r["code"] for r in required] == ["prophylactic-fixation"]
    unknown = match(call, lesion_site="pelvis-sacrum")["requirements"]
    assert "does not state lytic" in unknown[0]["reason"]


def test_unvetted_and_closed_centres_never_match(call):
    for site in ("spine", "pelvis-sacrum", "long-bone", "rib", "acetabulum"):
        body = match(call, lesion_site=site, include_near_misses=True, limit=50)
        assert not (NEVER & set(slugs(body)))
        assert all(
            r["centre"]["vetting_status"] == "vetted" and r["centre"]["accepting_referrals"] for r in body["results"]
        )


def test_destination_countries(call):
    body = match(call, lesion_site="pelvis-sacrum", lytic=False, destination_countries=["TR", "MY"], limit=50)
    assert {r["centre"]["country"] for r in body["results"]} <= {"TR", "MY"}
    assert "istanbul-tulip-bay" in slugs(body) and "ankara-citadel" not in slugs(body)


def test_budget_changes_the_ranking(call):
    without = slugs(match(call, lesion_site="rib", limit=50))
    within = slugs(match(call, lesion_site="rib", budget_usd=5000, limit=50))
    assert set(without) == set(within)
    assert within.index("bangkok-orchid-crescent") > without.index("bangkok-orchid-crescent")
    first = match(call, lesion_site="rib", budget_usd=5000)["results"][0]
    assert first["score_parts"]["cost"] > 0.9


def test_language_changes_the_ranking(call):
    body = match(call, lesion_site="pelvis-sacrum", lytic=False, languages=["th"], limit=50)
    thai = [r for r in body["results"] if "th" in r["centre"]["languages"]]
    assert thai and all(r["score_parts"]["language"] == 1 for r in thai)
    assert all(r["score_parts"]["language"] == 0 for r in body["results"] if r not in thai)


def test_ranking_is_ordered_and_deterministic(call):
    profile = {
        "lesion_site": "long-bone",
        "cortical_involvement_pct": 70,
        "include_near_misses": True,
        "budget_usd": 4000,
        "languages": ["en"],
        "limit": 50,
    }
    first, second = match(call, **profile), match(call, **profile)
    assert first == second
    full = [r for r in first["results"] if not r["missing"]]
    assert [r["score"] for r in full] == sorted((r["score"] for r in full), reverse=True)
    for result in first["results"]:
        parts = result["score_parts"]
        assert all(0 <= v <= 1 for v in parts.values())


def test_limit(call):
    assert len(match(call, lesion_site="long-bone", limit=2)["results"]) == 2


@pytest.mark.parametrize(
    "profile, pointer",
    [
        ({"lesion_site": "skull"}, "/lesion_site"),
        ({}, "/lesion_site"),
        ({"lesion_site": "rib", "limit": 51}, "/limit"),
        ({"lesion_site": "rib", "patient_name": "Jane Doe"}, "/patient_name"),
        ({"lesion_site": "rib", "destination_countries": ["China"]}, "/destination_countries/0"),
        ({"lesion_site": "rib", "cortical_involvement_pct": 120}, "/cortical_involvement_pct"),
        ({"lesion_site": "rib", "budget_usd": -5}, "/budget_usd"),
    ],
)
def test_bad_profiles_are_422(call, profile, pointer):
    r = call("coordinator").post("/v1/match", json=profile)
    assert r.status_code == 422
    assert pointer in [e["pointer"] for e in r.get_json()["errors"]]


def test_partners_may_search_but_not_match(call):
    assert call("partner_a").post("/v1/match", json={"lesion_site": "rib"}).status_code == 403
    assert call("partner_a").get("/v1/centres/search?q=pumch").status_code == 200
    assert call("coordinator").post("/v1/match", json={"lesion_site": "rib"}).status_code == 200


# --- search -----------------------------------------------------------------------------------


def search(call, **params) -> dict:
    r = call("coordinator").get("/v1/centres/search?" + urlencode(params, doseq=True))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Tata Memorial", "tmc-mumbai"),
        ("tata memorial hospital", "tmc-mumbai"),
        ("Tatta Memorial", "tmc-mumbai"),
        ("PUMCH", "pumch"),
        ("Peking Union", "pumch"),
        ("pumch", "pumch"),
        ("北京协和医院", "pumch"),
        ("Sun Yat-sen", "sysucc"),
        ("Apollo Chennai", "apollo-chennai"),
    ],
)
def test_text_search_finds_the_expected_centre_first(call, search_backend, q, expected):
    body = search(call, q=q)
    assert body["backend"] == search_backend and body["order"] == "relevance"
    assert body["items"][0]["slug"] == expected


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Mumbai", "tmc-mumbai"),  # a city
        ("Beijing", "pumch"),
        ("mumbia", "tmc-mumbai"),  # typos in a city too
        ("北京協和醫院", "pumch"),  # traditional characters
        ("协和医院", "pumch"),  # part of a Chinese name
        ("中山大学", "sysucc"),
        ("टाटा मेमोरियल", "tmc-mumbai"),  # Devanagari
        ("टाटा", "tmc-mumbai"),
        ("अपोलो", "apollo-chennai"),
        ("Xiehe", "pumch"),  # pinyin, joined
        ("xie he", "pumch"),  # pinyin, syllables
        ("Beijing Xiehe", "pumch"),
        ("Xiéhé", "pumch"),  # with tone marks
        ("Xiehw", "pumch"),  # and a typo
        ("zhongshan daxue", "sysucc"),
        ("tata memoriyal", "tmc-mumbai"),  # a Latin transliteration of the Devanagari name
    ],
)
def test_text_search_finds_places_other_scripts_and_romanised_names(call, q, expected):
    body = search(call, q=q)
    assert body["items"] and body["items"][0]["slug"] == expected, [i["slug"] for i in body["items"]]


def test_a_chinese_name_is_matched_by_its_words_not_its_characters(call):
    """北京协和医院 shares 北, 京, 医 and 院 with other Chinese hospitals' names, and 医院 with all of
    them: only Peking Union has most of its bigrams."""
    body = search(call, q="北京协和医院", page_size=100)
    assert [i["slug"] for i in body["items"]] == ["pumch"]
    assert {i["slug"] for i in search(call, q="医院", page_size=100)["items"]} >= {
        "pumch",
        "hangzhou-lakeside",
        "chengdu-bamboo-grove",
    }


@pytest.mark.parametrize(
    "q, filters",
    [
        ("hydrodissection", {"capability": "hydrodissection"}),
        ("spinal-thermosensor-monitoring", {"capability": "spinal-thermosensor-monitoring"}),
        ("India", {"country": "IN"}),
    ],
)
def test_text_finds_what_the_filter_finds(call, q, filters):
    """A capability's code or label, or a country's name, typed as text finds the centres that
    the filter for it finds (and perhaps more, by typos, never fewer)."""
    by_text = {i["slug"] for i in search(call, q=q, page_size=100)["items"]}
    by_filter = {i["slug"] for i in search(call, **filters, page_size=100)["items"]}
    assert by_filter and by_text >= by_filter


def test_a_service_typed_as_text_finds_the_centres_that_offer_it(call):
    everyone = search(call, page_size=100)["items"]
    offering = {i["slug"] for i in everyone if i["sites"]}
    assert offering and {i["slug"] for i in search(call, q="cryoablation", page_size=100)["items"]} == offering


def test_a_name_match_ranks_before_a_place_or_an_offer(call):
    """Chennai is Apollo's city and in one of its names; hydrodissection a capability many have:
    a name that says it comes first."""
    body = search(call, q="Jacaranda hydrodissection", page_size=100)
    assert body["items"][0]["slug"] == "bengaluru-jacaranda" and body["total"] > 1


def test_text_search_with_nothing_close_finds_nothing(call):
    assert search(call, q="zzqxv")["total"] == 0


STRUCTURED = [
    {},
    {"country": "IN"},
    {"country": ["CN", "TH"], "site": "spine"},
    {"capability": ["spinal-thermosensor-monitoring", "hydrodissection"]},
    {"language": "en"},
    {"vetting_status": "vetted", "site": "rib"},
    {"near": "39.9,116.4", "radius_km": 2500},
    {"near": "13.08,80.27"},
    {"page": 2, "page_size": 5},
]


@pytest.mark.parametrize("params", STRUCTURED, ids=lambda p: urlencode(p, doseq=True) or "all")
def test_structured_search_matches_the_directory(call, params):
    body = search(call, **params, **({} if "page_size" in params else {"page_size": 100}))
    found = [i["slug"] for i in body["items"]]
    # Independent oracle: the SQL-backed listing, with the same filters where it has them.
    if "near" not in params and "page" not in params:
        listing = call("coordinator").get("/v1/centres?" + urlencode({**params, "page_size": 100}, doseq=True))
        if "country" not in params or isinstance(params.get("country"), str):
            assert found == [c["slug"] for c in listing.get_json()["items"]]
    if "near" in params:
        distances = [i["distance_km"] for i in body["items"] if i["distance_km"] is not None]
        assert distances == sorted(distances) and body["order"] == "distance"
        nowhere = [i["slug"] for i in body["items"] if i["location"] is None]
        assert all(i["distance_km"] is None for i in body["items"] if i["location"] is None)
        if "radius_km" not in params:
            assert nowhere and found[-len(nowhere) :] == nowhere  # no location: last
        if "radius_km" in params:
            assert all(d <= params["radius_km"] for d in distances)
    assert sum(f["count"] for f in body["facets"]["vetting_status"]) == body["total"]


def test_facets_count_the_hits(call):
    body = search(call, site="spine", page_size=100)
    by_country = {f["value"]: f["count"] for f in body["facets"]["country"]}
    assert sum(by_country.values()) == body["total"] == len(body["items"])
    assert by_country == {c: sum(1 for i in body["items"] if i["country"] == c) for c in by_country}
    assert {f["value"] for f in body["facets"]["site"]} >= {"spine"}
    assert dict((f["value"], f["count"]) for f in body["facets"]["site"])["spine"] == body["total"]


@pytest.mark.parametrize(
    "query",
    ["bogus=1", "radius_km=10", "near=95,10", "near=abc", "page_size=101", "q=" + "a" * 201, "country=cn"],
)
def test_bad_search_parameters_are_400(call, query):
    r = call("coordinator").get(f"/v1/centres/search?{query}")
    assert r.status_code == 400, r.get_json()
    assert r.mimetype == "application/problem+json"


def test_search_needs_a_token(search_app):
    r = search_app.test_client().get("/v1/centres/search?q=pumch")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "q",
    ["name:pumch OR *", "(tata) AND memorial~2", '{"query": {"match_all": {}}}', "a" * 200, "*", "\\", '"unclosed'],
)
def test_query_syntax_is_only_text(call, q):
    """Client text is matched as words, never parsed as Elasticsearch query syntax."""
    r = call("coordinator").get("/v1/centres/search?" + urlencode({"q": q}))
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    everything = search(call, page_size=1)["total"]
    assert body["total"] < everything  # never "everything", as match_all or a bare * would give


# --- suggestions --------------------------------------------------------------------------------


def suggest(call, q: str, **params) -> list[dict]:
    r = call("coordinator").get("/v1/centres/suggest?" + urlencode({"q": q, **params}))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["items"]


@pytest.mark.parametrize(
    "typed, slug, matched",
    [
        ("Tata", "tmc-mumbai", "Tata Memorial Centre"),
        ("tata mem", "tmc-mumbai", "Tata Memorial Centre"),
        ("Memorial C", "tmc-mumbai", "Memorial Centre"),  # a later word of the name
        ("北京协", "pumch", "北京协和医院"),
        ("协和", "pumch", "协和医院"),
        ("xieh", "pumch", "xie he yi yuan"),  # pinyin, without the spaces
        ("xie he", "pumch", "xie he yi yuan"),
        ("beijing x", "pumch", "bei jing xie he yi yuan"),
        ("टाटा", "tmc-mumbai", "टाटा मेमोरियल अस्पताल"),
        ("zhongshan", "sysucc", "zhong shan da xue zhong liu fang zhi zhong xin"),
        ("PUM", "pumch", "PUMCH"),
    ],
)
def test_suggestions_complete_names_aliases_and_romanised_names(call, typed, slug, matched):
    items = suggest(call, typed)
    centres = [i for i in items if i["kind"] == "centre"]
    assert centres and centres[0]["slug"] == slug and centres[0]["matched"] == matched, centres


def test_suggestions_complete_cities_once_each(call):
    items = suggest(call, "Mum")
    assert [(i["kind"], i["text"], i["country"]) for i in items] == [("city", "Mumbai", "IN")]
    cities = [i["text"] for i in suggest(call, "b", limit=20) if i["kind"] == "city"]
    assert cities == sorted(set(cities), key=str.lower) and {"Beijing", "Bangkok", "Bengaluru"} <= set(cities)


def test_suggestions_rank_names_before_aliases_and_start_before_later_words(call):
    items = [i for i in suggest(call, "h", limit=20) if i["kind"] == "centre"]
    slugs = [i["slug"] for i in items]
    # Hangzhou Lakeside Oncology Hospital starts with H: first; "Hospital" as a later word after.
    assert slugs[0] == "hangzhou-lakeside" and items[0]["matched"].startswith("Hangzhou")
    assert len(slugs) == len(set(slugs))  # each centre once
    later = [i for i in items if i["matched"] != i["text"]]
    assert later and all(items.index(i) > 0 for i in later)


def test_suggestions_limit_and_nothing_to_complete(call):
    assert len([i for i in suggest(call, "h", limit=2) if i["kind"] == "centre"]) == 2
    assert suggest(call, "zzqxv") == []
    assert suggest(call, "--") == []  # nothing but punctuation


@pytest.mark.parametrize("query", ["", "q=", "q=a&limit=0", "q=a&limit=21", "q=a&bogus=1", "q=" + "a" * 101])
def test_bad_suggest_parameters_are_400(call, query):
    r = call("coordinator").get(f"/v1/centres/suggest?{query}")
    assert r.status_code == 400 and r.mimetype == "application/problem+json", r.get_json()


def test_suggestions_need_a_token(search_app):
    assert search_app.test_client().get("/v1/centres/suggest?q=ta").status_code == 401
