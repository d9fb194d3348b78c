"""The running server, from outside, as a client meets it: what ``make run`` serves (SQLite,
local search, the demo data set, gunicorn with api/gunicorn_conf.py), over real HTTP.

- Limits answered by the app, not by gunicorn: an over-long request target is 414 and
  over-large headers 431, both as problem+json.
- schemathesis run from outside (its command line, as an integrator would run it) over every
  operation, in every phase (examples, coverage, fuzzing, stateful), once with a real token of
  each demo client: 0 failures. tests/live/schemathesis.toml lists, per operation and with the
  reason, the refusals of schema-valid input the document cannot express.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import BIN, Server, running

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = os.environ.get("LIVE_FUZZ_EXAMPLES", "20")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # The fuzzer is one client sending thousands of requests: not what the limits are for.
    limits = {"RATE_LIMIT_CLIENT": "1000000/minute", "RATE_LIMIT_OAUTH": "1000000/minute"}
    with running(tmp_path_factory.mktemp("live"), limits) as started:
        yield started


def test_an_over_long_request_target_is_414_problem_json_through_gunicorn(server):
    bearer = {"Authorization": f"Bearer {server.token('coordinator')}"}
    for length in (9_000, 60_000):
        r = server.http.request("GET", f"{server.url}/v1/centres/search?q={'a' * length}", headers=bearer)
        assert r.status == 414 and r.headers["Content-Type"] == "application/problem+json", (length, r.data[:200])


def test_over_large_headers_are_431_problem_json_through_gunicorn(server):
    headers = {"Authorization": f"Bearer {server.token('coordinator')}", "X-Padding": "p" * 20_000}
    r = server.http.request("GET", f"{server.url}/v1/centres", headers=headers)
    assert r.status == 431 and r.headers["Content-Type"] == "application/problem+json", r.data[:200]


@pytest.mark.parametrize("role", ["coordinator", "partner", "intake", "admin"])
def test_schemathesis_from_outside_finds_nothing(server, role):
    result = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "--config-file",
            str(CONFIG),
            "run",
            f"{server.url}/openapi.json",
            "-H",
            f"Authorization: Bearer {server.token(role)}",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            EXAMPLES,
            "--generation-deterministic",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-6000:]


def test_a_person_signs_in_with_a_local_account_over_http(server):
    """The real pages, over a socket, as a browser: the app, the sign-in form, back, signed in."""
    import html
    import re
    from urllib.parse import urljoin

    from tests.browser import Browser

    person = server.people["coordinator"]
    with Browser() as browser:
        start = browser.get(f"{server.url}/app/")
        assert start.status_code == 302
        to_provider = browser.get(urljoin(server.url, start.headers["Location"]))
        form_url = to_provider.headers["Location"]
        form = browser.get(form_url)
        assert form.status_code == 200 and form.headers["Content-Type"].startswith("text/html")
        token = re.search(r'name="form_token" value="([^"]+)"', form.text).group(1)
        action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', form.text).group(1))
        back = browser.post(
            urljoin(server.url, action),
            data={"email": person["email"], "password": person["password"], "form_token": token},
        )
        assert back.status_code == 302 and "/app/auth/callback?" in back.headers["Location"]
        signed_in = browser.get(back.headers["Location"])
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/app/"
        home = browser.get(f"{server.url}/app/")
        assert home.status_code == 200 and "Demo coordinator" in home.text and "Sign out" in home.text
        assert "script-src 'self'" in home.headers["Content-Security-Policy"]
        assert browser.get(f"{server.url}/app/admin/users").status_code == 403
