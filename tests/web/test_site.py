"""The front door and the docs page: where a new user lands, and docs that work offline."""

from __future__ import annotations

import re

from api import create_app
from tests.conftest import make_config


def test_the_front_door_leads_people_to_the_app_and_programs_to_the_docs(client):
    page = client.get("/", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'href="/app/"' in html and 'href="/docs"' in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    links = client.get("/", headers={"Accept": "application/json"}).get_json()
    assert links["app"] == "/app/" and links["openapi"] == "/openapi.json"


def test_the_api_reference_lists_every_operation_and_schema_without_javascript(client):
    spec = client.get("/openapi.json").get_json()
    page = client.get("/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<script" not in html  # the reference is read, not run: 0 kB of JavaScript
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    operations = [(m.upper(), path) for path, item in spec["paths"].items() for m in item if m != "parameters"]
    assert len(operations) > 20
    for method, path in operations:
        assert f'<span class="method">{method}</span> <code>{path}</code>' in html, (method, path)
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in html, name
    # Scopes per operation, and links from a request body to its schema.
    match = html.split("<code>/v1/match</code>", 1)[1].split("</article>", 1)[0]
    assert "<code>match</code>" in match and '<a href="#schema-MatchInput">MatchInput</a>' in match
    assert "create_app" not in html  # the document describes the API, not the code
    assert 'href="/docs/console"' in html and 'href="/openapi.json"' in html


def test_the_reference_describes_types_in_words():
    from api.web.reference import linked, type_of

    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/Centre"}}) == "array of Centre"
    assert type_of({"type": "string", "format": "date-time"}) == "string (date-time)"
    assert type_of({"anyOf": [{"$ref": "#/x/Cost"}, {"type": "null"}]}) == "Cost or null"
    assert type_of({"type": ["string", "null"], "format": "date-time"}) == "string (date-time) or null"
    assert type_of({"enum": ["a", "b"]}) == "one of a, b"
    assert type_of({"type": "object", "additionalProperties": {"type": "integer"}}) == "map of integer"
    assert str(linked("array of Centre", frozenset({"Centre"}))) == 'array of <a href="#schema-Centre">Centre</a>'
    assert str(linked("<b>", frozenset())) == "&lt;b&gt;"


def test_the_api_docs_setting_hides_both_docs_pages(database_url, tmp_path):
    app = create_app(make_config(database_url, tmp_path, api_docs=False))
    client = app.test_client()
    try:
        assert client.get("/docs").status_code == 404
        assert client.get("/docs/console").status_code == 404
        assert client.get("/openapi.json").status_code == 200  # it reads the vocabulary: a connection
    finally:
        app.extensions["services"].db.dispose()


def test_the_console_loads_only_this_services_assets(client):
    page = client.get("/docs/console")
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    assert "cdn" not in page.headers["Content-Security-Policy"]
    for source in sources:
        with client.get(source) as asset:
            assert asset.status_code == 200 and len(asset.data) > 10_000, source
    assert client.get("/docs/assets/LICENSE").status_code == 404  # only the three it needs
    with client.get("/favicon.ico") as icon:
        assert icon.mimetype == "image/svg+xml"
