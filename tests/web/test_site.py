"""The front door and the docs page: where a new user lands, and docs that work offline."""

from __future__ import annotations

import re


def test_the_front_door_leads_people_to_the_app_and_programs_to_the_docs(client):
    page = client.get("/", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'href="/app/"' in html and 'href="/docs"' in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    links = client.get("/", headers={"Accept": "application/json"}).get_json()
    assert links["app"] == "/app/" and links["openapi"] == "/openapi.json"


def test_the_docs_page_loads_only_this_services_assets(client):
    page = client.get("/docs")
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
