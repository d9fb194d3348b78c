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

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import urllib3

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = os.environ.get("LIVE_FUZZ_EXAMPLES", "20")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, credentials: dict[str, dict[str, str]]) -> None:
        self.url = url
        self.credentials = credentials
        self.people: dict[str, dict[str, str]] = {}
        self.http = urllib3.PoolManager()

    def token(self, role: str) -> str:
        creds = self.credentials[role]
        response = self.http.request(
            "POST",
            f"{self.url}/oauth/token",
            fields={"grant_type": "client_credentials"},
            headers=urllib3.make_headers(basic_auth=f"{creds['client_id']}:{creds['client_secret']}"),
            encode_multipart=False,
        )
        assert response.status == 200, response.data[:300]
        return json.loads(response.data)["access_token"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    instance = tmp_path_factory.mktemp("live")
    port = free_port()
    env = {
        **os.environ,
        "INSTANCE_PATH": str(instance),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        # The fuzzer is one client sending thousands of requests: not what the limits are for.
        "RATE_LIMIT_CLIENT": "1000000/minute",
        "RATE_LIMIT_OAUTH": "1000000/minute",
    }
    env.pop("DATABASE_URL", None)
    env.pop("ELASTICSEARCH_URL", None)
    cli = str(BIN / "partner-directory")
    for command in (["db", "upgrade"], ["seed", "--demo"], ["demo-clients"], ["demo-users"]):
        subprocess.run([cli, *command], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:api.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "api:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(log := (instance / "server.log").open("wb")),
    )
    url = f"http://127.0.0.1:{port}"
    http = urllib3.PoolManager()
    for _ in range(200):
        try:
            if http.request("GET", f"{url}/healthz", retries=False).status == 200:
                break
        except urllib3.exceptions.HTTPError:
            time.sleep(0.1)
    else:
        process.kill()
        log.close()
        pytest.fail(f"the server did not start: {(instance / 'server.log').read_text()[-2000:]}")
    credentials = json.loads((instance / "demo-clients.json").read_text())
    made = Server(url, credentials)
    made.people = json.loads((instance / "demo-users.json").read_text())
    yield made
    process.terminate()
    process.wait(timeout=30)
    log.close()
    http.clear()


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
