"""What free text is matched against, and how words are cut: pure functions both backends share.

Elasticsearch analyses with its standard tokenizer (Unicode word boundaries: a Latin,
Devanagari or Thai word is one token, a Han character is one token) and, for Chinese, a
``shingle`` filter that pairs neighbouring tokens into bigrams (``北京协和医院`` becomes
``北京 京协 协和 和医 医院``): the core-only Elasticsearch has neither the ``cjk`` nor the ICU
analysers. The local backend cuts words the same way here, so that both backends match the
same documents.

Romanised forms are made here, at index time, never by Elasticsearch: the pinyin of Chinese
names (:func:`pinyin_words`: every run of one to four syllables, joined, so that ``Xiehe``,
``xie he`` and ``Beijing Xiehe`` all find 北京协和医院) and a Latin transliteration of
Devanagari names (:func:`devanagari_to_latin`). They are plain ASCII, and a query is folded to
ASCII (tone marks and accents dropped) before it meets them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from babel import Locale
from pypinyin import lazy_pinyin

#: A word: letters, digits and the combining marks of the scripts whose vowels are marks
#: (Devanagari to Sinhala, Thai, Lao, Myanmar), as Unicode word boundaries keep them together.
#: Dandas (U+0964, U+0965) end a word.
_WORD = re.compile(r"[\w\u0300-\u036f\u0900-\u0963\u0966-\u0dff\u0e00-\u0eff\u1000-\u109f]+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")
#: Runs of up to this many pinyin syllables are indexed as one word (a Chinese name's words are
#: mostly of two characters, place names of two or three).
PINYIN_RUN = 4


def tokens(text: str) -> list[str]:
    """Lower-cased words; CJK text one character a token, as the standard analyzer does."""
    found: list[str] = []
    for word in _WORD.findall(text.lower()):
        if CJK.search(word):
            found += [part for part in re.split(f"({CJK.pattern})", word) if part]
        else:
            found.append(word)
    return found


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def without_cjk(text: str) -> str:
    """The text with its CJK characters taken out: what the typo-tolerant word match reads (a
    Chinese query is matched by bigrams instead, never character by character)."""
    return CJK.sub(" ", text)


def bigrams(text: str) -> list[str]:
    """Neighbouring tokens joined, as the index's ``shingle`` filter (2, no separator, no
    unigrams) makes them."""
    words = tokens(text)
    return [a + b for a, b in pairwise(words)]


def bigrams_needed(count: int) -> int:
    """``minimum_should_match: "2<75%"``: all of one or two bigrams, else 75 % (rounded down)."""
    return count if count <= 2 else (count * 3) // 4


def fold(text: str) -> str:
    """Lower case, accents and tone marks removed: ``Xiéhé`` is ``xiehe``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- romanised forms --------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def syllables(run: str) -> tuple[str, ...]:
    """A run of Han characters as pinyin syllables without tones (made once per run: pypinyin
    is the slowest step of building a document, and names share their runs)."""
    return tuple(fold(s) for s in lazy_pinyin(run))


def pinyin_words(text: str) -> tuple[str, ...]:
    """Each run of Han characters as pinyin without tones: every syllable, and every run of two
    to ``PINYIN_RUN`` neighbouring syllables joined (北京协和 gives bei, jing, xie, he, beijing,
    jingxie, xiehe, beijingxie, jingxiehe, beijingxiehe)."""
    words: list[str] = []
    for run in _HAN_RUN.findall(text):
        said = syllables(run)
        for size in range(1, PINYIN_RUN + 1):
            words += ["".join(said[i : i + size]) for i in range(len(said) - size + 1)]
    return tuple(dict.fromkeys(words))


# Devanagari to Latin, as names are commonly written in English (no diacritics): the inherent
# vowel "a" is dropped at the end of a word, as Hindi pronounces it (मेमोरियल is "memoriyal").
_VOWELS = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ए": "e", "ऐ": "ai",
    "ओ": "o", "औ": "au", "ऍ": "e", "ऑ": "o",
}  # fmt: skip
_SIGNS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o",
    "ौ": "au", "ॅ": "e", "ॉ": "o",
}  # fmt: skip
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh",
    "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d",
    "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r",
    "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s", "ह": "h", "क़": "q", "ख़": "kh", "ग़": "gh",
    "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}  # fmt: skip
_NASAL = {"ं": "n", "ँ": "n", "ः": "h"}
_VIRAMA, _NUKTA = "्", "़"
_LABIALS = frozenset("पफबभम")


@lru_cache(maxsize=65_536)
def devanagari_to_latin(word: str) -> str:
    """One Devanagari word in plain Latin letters (टाटा is "tata", अपोलो is "apolo")."""
    word = unicodedata.normalize("NFC", word)
    out: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if i + 1 < len(word) and word[i + 1] == _NUKTA and ch + _NUKTA in _CONSONANTS:
            ch, i = ch + _NUKTA, i + 1
        i += 1
        if ch in _CONSONANTS:
            out.append(_CONSONANTS[ch])
            following = word[i] if i < len(word) else ""
            if following in _SIGNS:
                out.append(_SIGNS[following])
                i += 1
            elif following == _VIRAMA:
                i += 1
            elif i < len(word):  # the inherent vowel, except at the end of the word
                out.append("a")
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in _NASAL:  # before p, ph, b, bh or m the nasal is an m (मुंबई is "mumbai")
            out.append("m" if ch == "ं" and word[i : i + 1] in _LABIALS else _NASAL[ch])
        elif "0" <= ch <= "9" or "a" <= ch <= "z":
            out.append(ch)
    return "".join(out)


def romanised(names: Iterable[str]) -> list[str]:
    """The romanised forms of a centre's names in other scripts: pinyin words and Devanagari
    transliterations, each name's forms as one string (empty when every name is Latin)."""
    forms: list[str] = []
    for name in names:
        words = list(pinyin_words(name))
        words += [devanagari_to_latin(w) for w in _DEVANAGARI_WORD.findall(name)]
        if words:
            forms.append(" ".join(dict.fromkeys(words)))
    return forms


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """A country's name in English (CLDR), as people type it: ``IN`` is "India"."""
    return str(Locale("en").territories.get(code, code))


# --- queries ----------------------------------------------------------------------------------

#: How much a word found in each kind of field counts, relative to a name's word: a name match
#: ranks first; then romanised names, places, and what the centre offers.
WEIGHTS = {"names": 3.0, "romanised": 2.0, "places": 1.5, "offered": 1.0, "accreditations": 1.0}
#: Elasticsearch fields of each kind, for the typo-tolerant word match.
FIELDS = {
    "names": ("name", "aliases"),
    "places": ("places",),
    "offered": ("offered",),
    "accreditations": ("accreditations.text",),
}


def query_words(q: str) -> str:
    """The words of a query that the typo-tolerant word match reads: its non-Chinese words, and
    a Latin transliteration of its Devanagari words (टाटा मेमोरियल also looks for "tata
    memoriyal", which finds Tata Memorial by its English name)."""
    words = without_cjk(q).split()
    words += [devanagari_to_latin(w) for w in _DEVANAGARI_WORD.findall(q)]
    return " ".join(words)


# --- suggestions ------------------------------------------------------------------------------

#: Elasticsearch's completion field keeps the first 50 characters of an input.
SUGGEST_INPUT_LENGTH = 50
#: An input from each of a name's first few word starts, so that "Union" and "Xiehe" complete.
WORD_STARTS = 6
#: Which completion wins, when several of a centre's match: the start of its name, then of an
#: alias, then of a romanised name; a later word of each weighs ``LATER_WORD`` less.
SUGGEST_WEIGHTS = {"name": 30, "alias": 20, "romanised": 10}
LATER_WORD = 5


def spoken(name: str) -> str:
    """A name in another script as a reader of Latin letters says it, word by word: pinyin
    syllables (北京协和医院 is "bei jing xie he yi yuan") or transliterated Devanagari words;
    empty for a name in Latin letters."""
    if _HAN_RUN.search(name):
        return " ".join(s for run in _HAN_RUN.findall(name) for s in syllables(run))
    return " ".join(devanagari_to_latin(w) for w in _DEVANAGARI_WORD.findall(name))


def word_starts(text: str) -> list[int]:
    """Where each word of a text starts (each character, in CJK text)."""
    starts: list[int] = []
    for match in _WORD.finditer(text):
        word, at = match.group(), match.start()
        if CJK.search(word) is None:
            starts.append(at)
            continue
        previous_cjk = True  # a word's first character starts a word, whatever it is
        for i, ch in enumerate(word):
            cjk = CJK.match(ch) is not None
            if cjk or previous_cjk:
                starts.append(at + i)
            previous_cjk = cjk
    return starts


def completion_key(text: str) -> str:
    """What a completion field compares: the first 50 characters' words, lower-cased, with
    nothing between them (``preserve_separators: false``), so "xie he" completes "xiehe"."""
    return "".join(tokens(text[:SUGGEST_INPUT_LENGTH]))


def completion_order(text: str) -> str:
    """How Elasticsearch orders completions of equal weight: by their words, in code-point order,
    with a separator that sorts before any letter ("Ba Clinic" before "Bab Hospital")."""
    return "\x1f".join(tokens(text[:SUGGEST_INPUT_LENGTH]))


def suggestion_inputs(name: str, aliases: Iterable[str]) -> list[dict[str, object]]:
    """A centre's completion inputs, grouped by weight, as a ``completion`` field takes them."""
    sources = [("name", name)] + [("alias", a) for a in aliases]
    sources += [("romanised", s) for s in (spoken(n) for n in (name, *aliases)) if s]
    weighted: dict[int, list[str]] = {}
    for kind, source in sources:
        for n, start in enumerate(word_starts(source)[:WORD_STARTS]):  # each starts with a word
            weight = SUGGEST_WEIGHTS[kind] - (LATER_WORD if n else 0)
            weighted.setdefault(weight, []).append(source[start:])
    return [{"input": list(dict.fromkeys(inputs)), "weight": w} for w, inputs in sorted(weighted.items(), reverse=True)]
