"""Every word the app shows people can be translated: each page's text and labels are in
gettext calls (``_()``) that Babel extracts, and the catalogue template is up to date. The
domain's refusals are ``Text`` (English that keeps its template), which Babel extracts too and
the web app shows through gettext, while the API sends the same English as before."""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import api.web as web
from api.web import words
from directory.errors import InvalidInput
from directory.text import Text

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


# --- the domain's words: refusals the web app translates, the API sends in English -----------------

DOMAIN_ERRORS = frozenset(
    {"DirectoryError", "NotFound", "PermissionDenied", "InvalidInput", "Conflict"}
    | {"PreconditionRequired", "PreconditionFailed"}
)
#: Where the domain's refusals are written (migrations say nothing to people).
DOMAIN_SOURCES = sorted(
    path
    for path in [*(ROOT / "directory").rglob("*.py"), *(ROOT / "search").rglob("*.py"), ROOT / "api" / "delivery.py"]
    if "migrations" not in path.parts
)


def _called(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)


def _is_text(node: ast.AST | None) -> bool:
    """A ``Text("template", ...)`` call whose template is a literal Babel can extract."""
    return (
        _called(node) == "Text"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _is_literal(node: ast.AST | None) -> bool:
    """English no translator can reach: a string literal, an f-string, % or + on strings, .format()."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) or _is_literal(node.right)
    return isinstance(node, ast.Call) and _called(node) == "format" and _is_literal(node.func.value)


def _messages(node: ast.AST) -> list[ast.AST]:
    """The messages a field's list of reasons holds (``[...]``, ``[... for ...]``, ``a if c else b``)."""
    if isinstance(node, ast.List):
        return [m for element in node.elts for m in _messages(element)]
    if isinstance(node, ast.ListComp):
        return _messages(node.elt)
    if isinstance(node, ast.IfExp):
        return _messages(node.body) + _messages(node.orelse)
    return [node]


def untranslatable_refusals(source: str) -> list[str]:
    """Refusals written as plain English: a domain error raised without a ``Text`` (directly, or
    through a name bound to one in the same function), a domain error or field reason made of a
    string literal, or a reason added to an ``errors``/``problems`` list as one."""
    tree = ast.parse(source)
    found = []
    seen: set[ast.AST] = set()  # each raise once: in its innermost function (walked first)

    def bad(node: ast.AST) -> None:
        found.append(f"line {node.lineno}: {ast.unparse(node)[:100]}")

    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for function in [*reversed(functions), tree]:
        bound = {
            target.id: node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and _called(node.value) in DOMAIN_ERRORS
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(function):
            if isinstance(node, ast.Raise) and node.exc is not None and node not in seen:
                seen.add(node)
                error = bound.get(node.exc.id) if isinstance(node.exc, ast.Name) else node.exc
                if _called(error) in DOMAIN_ERRORS and not (error.args and _is_text(error.args[0])):
                    bad(node)
    for node in ast.walk(tree):
        if _called(node) in DOMAIN_ERRORS:
            if node.args and _is_literal(node.args[0]):
                bad(node)
            if len(node.args) > 1 and isinstance(node.args[1], ast.Dict | ast.DictComp):
                values = node.args[1].values if isinstance(node.args[1], ast.Dict) else [node.args[1].value]
                found += [
                    f"line {m.lineno}: {ast.unparse(m)[:100]}" for v in values for m in _messages(v) if _is_literal(m)
                ]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and getattr(t.value, "id", None) in ("errors", "problems")
            for t in node.targets
        ):
            found += [f"line {m.lineno}: {ast.unparse(m)[:100]}" for m in _messages(node.value) if _is_literal(m)]
        elif _called(node) in ("append", "extend") and getattr(node.func.value, "id", None) in ("errors", "problems"):
            found += [
                f"line {m.lineno}: {ast.unparse(m)[:100]}" for a in node.args for m in _messages(a) if _is_literal(m)
            ]
    return found


def test_the_untranslatable_check_finds_plain_english_refusals():
    source = """
def f(slug, kind):
    errors = {}
    errors["a"] = [f"No {kind}."]
    problems.append("Too short.")
    if slug:
        raise NotFound(f"No centre {slug!r}.")
    error = Conflict("Taken.")
    raise error
    raise InvalidInput(Text("Fine."), {"x": [f"{slug!r} is not a site." for s in slug]})
    raise InvalidInput(Text("Fine."), {"x": [Text("Fine %(s)s.", s=", ".join(slug))]})
    raise Conflict(Text("Fine %(slug)r.", slug=slug), slug=slug)
"""
    found = untranslatable_refusals(source)
    lines = sorted(int(line.split(":")[0].split()[1]) for line in found)
    # 4: errors[...] = [f"..."]; 5: problems.append("..."); 7: raise NotFound(f"...") (raised, and
    # made of an f-string); 8: Conflict("Taken."); 9: raise error (bound to it); 10: a field's reason.
    assert lines == [4, 5, 7, 7, 8, 9, 10], found


@pytest.mark.parametrize("path", DOMAIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_refuses_in_words_a_translator_can_reach(path: Path):
    assert untranslatable_refusals(path.read_text()) == []


def _domain_messages() -> dict[str, tuple[str, int]]:
    """Every template the domain marks with ``Text``, as ``make messages`` extracts it."""
    found = {}
    for path in DOMAIN_SOURCES:
        with path.open("rb") as handle:
            for line, message, _, _ in extract("python", handle, keywords={"Text": None}):
                found[message] = (str(path.relative_to(ROOT)), line)
    return found


def test_the_domains_refusals_are_in_the_catalogue_template():
    messages = _domain_messages()
    assert len(messages) > 100
    for template in (
        "No centre with slug %(slug)r.",
        "A referral that is %(status)s cannot become %(to)s by this client; allowed: %(allowed)s.",
        "At least %(count)s characters.",
        "Say which version you read, so that a concurrent change is not overwritten.",
        "%(host)r points into a private network (%(ip)s).",
        "%(rule)r is not a required rule of %(service)s: see the vocabulary.",
    ):
        assert template in messages
    with (ROOT / "api" / "translations" / "messages.pot").open("rb") as handle:
        catalogue = {m.id for m in read_po(handle) if m.id}
    missing = sorted(set(messages) - catalogue)
    assert not missing, f"run make messages: {missing[:10]}"


def test_make_messages_extracts_the_domain_with_the_text_keyword():
    config = (ROOT / "babel.cfg").read_text()
    assert "[python: directory/**.py]" in config and "[python: search/**.py]" in config
    assert "[python: api/delivery.py]" in config
    target = re.search(r"^messages:.*\n\t(.*)$", (ROOT / "Makefile").read_text(), flags=re.M).group(1)
    assert "-k Text" in target and "-F babel.cfg" in target


def test_text_is_its_english_and_remembers_template_and_values():
    slug = Text("No centre with slug %(slug)r.", slug="x<y")
    assert slug == "No centre with slug 'x<y'." and isinstance(slug, str)
    assert slug.template == "No centre with slug %(slug)r." and slug.values == {"slug": "x<y"}
    assert json.dumps({"detail": slug}) == json.dumps({"detail": "No centre with slug 'x<y'."})
    assert str(slug) == "No centre with slug 'x<y'." and type(str(slug)) is str
    plain = Text("100% sure, no placeholders.")  # without values, a % is not a placeholder
    assert plain == plain.template == "100% sure, no placeholders." and plain.values == {}
    for copied in (pickle.loads(pickle.dumps(slug)), copy.deepcopy(slug)):
        assert copied == slug and copied.template == slug.template and copied.values == slug.values
    assert str(InvalidInput(slug, {"centre": [slug]})) == "No centre with slug 'x<y'."


# --- the web app shows them in the reader's language -------------------------------------------------

#: A small German catalogue: the domain's templates, with their values, and codes as words.
GERMAN = {
    (None, "The account cannot be created."): "Das Konto kann nicht angelegt werden.",
    (None, "Not an email address."): "Keine E-Mail-Adresse.",
    (None, "A person is one of %(roles)s."): "Eine Person ist eines von: %(roles)s.",
    (None, "No centre with slug %(slug)r."): "Kein Zentrum mit dem Kürzel %(slug)r.",
    (None, "At least %(count)s characters."): "Mindestens %(count)s Zeichen.",
    (None, "The email or the password is not right."): "E-Mail oder Passwort stimmt nicht.",
    (None, "Lesion site"): "Lokalisation",
    ("role", "coordinator"): "Koordinatorin",
    ("role", "admin"): "Verwalterin",
    ("vetting status", "vetted"): "geprüft",
}


@pytest.fixture
def german(app, tmp_path, monkeypatch):
    """The app speaks German to whoever asks for it (Accept-Language: de)."""
    catalog = Catalog(locale="de")
    for (context, english), german in GERMAN.items():
        catalog.add(english, german, context=context)
    folder = tmp_path / "translations" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(app.extensions["babel"], "translation_directories", [str(tmp_path / "translations")])
    monkeypatch.setattr(web, "LANGUAGES", ["en", "de"])
    return {"Accept-Language": "de"}


def test_the_web_app_shows_the_domains_refusals_translated(app, as_person, german):
    from tests.web.test_pages import csrf

    admin = as_person("admin")
    refused = admin.post(
        "/app/admin/users",
        data={"csrf_token": csrf(admin), "email": "nobody", "name": "N", "role": "captain"},
        headers=german,
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Das Konto kann nicht angelegt werden." in html and "Keine E-Mail-Adresse." in html
    assert "Eine Person ist eines von: admin, coordinator, partner." in html  # the values, put in
    assert "The account cannot be created." not in html and "Not an email address." not in html
    assert "Verwalterin" in html  # a role: a code, shown as a word
    missing = as_person("coordinator").get("/app/centres/no-such-centre", headers=german)
    assert missing.status_code == 404
    assert "Kein Zentrum mit dem Kürzel &#39;no-such-centre&#39;." in missing.get_data(as_text=True)
    english = as_person("coordinator").get("/app/centres/no-such-centre").get_data(as_text=True)
    assert "No centre with slug &#39;no-such-centre&#39;." in english


def test_a_field_reason_from_the_domain_is_translated_with_its_values(app, german):
    from tests.people import ADMIN

    users = app.extensions["services"].users
    _, token = users.create(ADMIN, "short.password@people.example", "Short", "coordinator")
    refused = app.test_client().post(
        f"/app/password/{token}", data={"password": "abcdef", "password_again": "abcdef"}, headers=german
    )
    assert refused.status_code == 422
    assert "Mindestens 12 Zeichen." in refused.get_data(as_text=True)


def test_the_api_says_the_same_refusal_in_english_whatever_the_reader_asks(as_, german):
    answer = as_("coordinator").get("/v1/centres/no-such-centre", headers=german)
    assert answer.status_code == 404
    assert answer.get_json()["detail"] == "No centre with slug 'no-such-centre'."


def test_translated_leaves_the_apps_own_words_and_literal_percent_alone(app, german):
    with app.test_request_context(headers=german):
        assert words.translated("50% done") == "50% done"  # a plain str: already the app's words
        assert words.translated(Text("100% sure.")) == "100% sure."  # a template without values
        assert words.translated(Text("No centre with slug %(slug)r.", slug="x")) == "Kein Zentrum mit dem Kürzel 'x'."
        assert words.word("vetted", "vetting") == "geprüft" and words.word("lapsed", "vetting") == "lapsed"
        assert words.word("vetted", "vetting", title=True) == "Vetted"
        assert words.word("no-such-code", "referral") == "no-such-code"


def test_sign_in_refusals_headers_facets_and_the_page_language_follow_the_reader(app, as_person, german):
    from tests.people import field, local

    client = app.test_client()
    start = client.get("/app/sign-in?next=/app/", headers=german)
    authorize = local(start.headers["Location"])
    form = client.get(authorize, headers=german).get_data(as_text=True)
    assert '<html lang="de">' in form
    refused = client.post(
        authorize,
        data={"email": "nobody@people.example", "password": "wrong", "form_token": field(form, "form_token")},
        headers=german,
    )
    assert refused.status_code == 401 and "E-Mail oder Passwort stimmt nicht." in refused.get_data(as_text=True)
    page = as_person("coordinator").get("/app/centres", headers=german).get_data(as_text=True)
    assert "<legend>Lokalisation</legend>" in page  # a facet's heading
    assert "· Koordinatorin" in page  # the signed-in person's role, in the header
    assert '<html lang="en">' in as_person("coordinator").get("/app/centres").get_data(as_text=True)
