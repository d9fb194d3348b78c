"""How words are cut and romanised for free text (search.text): the same on both backends."""

from __future__ import annotations

from search.text import (
    bigrams,
    bigrams_needed,
    country_name,
    devanagari_to_latin,
    fold,
    pinyin_words,
    query_words,
    romanised,
    tokens,
)


def test_words_keep_their_vowel_signs_as_unicode_word_boundaries_do():
    assert tokens("टाटा मेमोरियल सेंटर।") == ["टाटा", "मेमोरियल", "सेंटर"]
    assert tokens("โรงพยาบาล เชียงใหม่") == ["โรงพยาบาล", "เชียงใหม่"]
    assert tokens("Sun Yat-sen 中山") == ["sun", "yat", "sen", "中", "山"]


def test_chinese_is_matched_by_bigrams_most_of_which_must_be_found():
    assert bigrams("北京协和医院") == ["北京", "京协", "协和", "和医", "医院"]
    assert bigrams("院") == []
    assert [bigrams_needed(n) for n in (1, 2, 3, 4, 5, 8)] == [1, 2, 2, 3, 3, 6]


def test_pinyin_runs_of_syllables_are_words():
    words = pinyin_words("北京协和医院")
    assert {"xiehe", "beijing", "xie", "he", "beijingxiehe", "xieheyiyuan"} <= set(words)
    assert "beijingxieheyiyuan" not in words  # runs of at most four syllables
    assert pinyin_words("北京協和醫院") == words  # traditional characters read the same
    assert pinyin_words("Tata") == ()


def test_devanagari_is_written_in_latin_letters_as_names_commonly_are():
    assert devanagari_to_latin("टाटा") == "tata"
    assert devanagari_to_latin("मेमोरियल") == "memoriyal"
    assert devanagari_to_latin("अपोलो") == "apolo"
    assert devanagari_to_latin("मुंबई") == "mumbai"
    assert devanagari_to_latin("स्मारक") == "smarak"  # virama: no vowel between s and m


def test_romanised_forms_exist_only_for_names_in_other_scripts():
    assert romanised(["Peking Union", "PUMCH"]) == []
    forms = romanised(["北京协和医院", "टाटा मेमोरियल"])
    assert len(forms) == 2 and "xiehe" in forms[0].split() and forms[1] == "tata memoriyal"


def test_queries_fold_accents_and_tones_and_transliterate_devanagari():
    assert fold("Xiéhé Běijīng İzmir") == "xiehe beijing izmir"
    assert query_words("北京协和医院") == ""  # Chinese is for the bigram match alone
    assert query_words("Peking 协和") == "Peking"
    assert query_words("टाटा मेमोरियल") == "टाटा मेमोरियल tata memoriyal"


def test_country_names_in_english():
    assert country_name("IN") == "India" and country_name("CN") == "China"
    assert country_name("ZZ") == "ZZ" or country_name("ZZ")  # unknown codes do not fail
