"""Every word the app shows people can be translated: each page's text and labels are in
gettext calls (``_()``) that Babel extracts, and the catalogue template is up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "api" / "templates").rglob("*.html"))
#: Attributes whose values people read or hear.
READ = ("aria-label", "title", "alt", "placeholder")


def prose_in_expressions(source: str) -> list[str]:
    """Words in Jinja expressions that are not handed to gettext: string literals that read as
    prose (a capital letter, or a space between words), except strftime formats."""
    found = []
    for expression in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, flags=re.S):
        for match in re.finditer(r"([\"'])(.*?)\1", expression):
            words = match.group(2)
            if not re.search(r"[A-Z][a-z]|[a-z] [a-z]", words) or re.search(r"%[A-Za-z]", words):
                continue
            before = expression[: match.start()]
            if re.search(r"(gettext|_)\($", before) or re.search(r"ngettext\([\"'][^\"']*[\"'],\s*$", before):
                continue
            found.append(words)
    return found


def untranslated(source: str) -> list[str]:
    """Text outside gettext calls: what is left once Jinja's own syntax and the markup are gone."""
    found = prose_in_expressions(source)
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    found += [m for attribute in READ for m in re.findall(rf'{attribute}="([^"]*)"', text) if re.search("[A-Za-z]", m)]
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"[\w-]+=\"[^\"]*\"", " ", text)  # attributes written by a condition
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    found += [words for words in (w.strip() for w in text.split("\n")) if re.search("[A-Za-z]", words)]
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "api" / "templates")))
def test_no_page_shows_text_outside_gettext(template: Path):
    assert untranslated(template.read_text()) == []


def test_the_catalogue_template_holds_every_message():
    extracted = {
        message
        for _, _, message, _, _ in extract_from_dir(str(ROOT / "api"), method_map=[("**.py", "python"),
                                                                              ("**/templates/**.html", "jinja2")])
        if message
    }  # fmt: skip
    with (ROOT / "api" / "translations" / "messages.pot").open("rb") as handle:
        catalogue = {m.id for m in read_po(handle) if m.id}
    assert len(extracted) > 200
    missing = {str(m) for m in extracted} - {str(m) for m in catalogue}
    assert not missing, f"run make messages: {sorted(missing)[:10]}"
