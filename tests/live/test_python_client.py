"""The intake service's Python client (clients/python) against the running server, over HTTP,
on both deployments (SQLite with local search; PostgreSQL with Elasticsearch), as the intake
service's code would use it:

- match a case, refer it to the best centre, read it back (a 304 the second time), follow it
  page by page, and cancel it with If-Match;
- a 409 parses with ``allowed``, a 412 with ``current_version``, a 404 and a 422 as their
  exceptions;
- a creation whose answer is lost (the server made the referral, the client saw a timeout) is
  retried with the same Idempotency-Key and makes one referral, not two;
- 503s are retried; the token is renewed before it expires and when the service stops
  accepting it (revoked);
- the example intake script runs against the server, and type-checks under ``mypy --strict``;
- the generated half is what the generator makes of clients/openapi.json today (CI fails while
  it is stale: ``make client``).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from partner_directory_client.api.referrals import transition_referral
from partner_directory_client.models.lesion_site_code import LesionSiteCode
from partner_directory_client.models.match_input import MatchInput
from partner_directory_client.models.referral_status import ReferralStatus
from partner_directory_client.models.transition_input import TransitionInput
from partner_directory_client.models.transition_input_to import TransitionInputTo
from partner_directory_intake import (
    ClientCredentials,
    Conflict,
    Intake,
    NotFound,
    PreconditionFailed,
    Unprocessable,
)

from tests.server import Server, postgresql_and_elasticsearch, running

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"
BIN = Path(sys.executable).parent
#: A case that fits the demo partner's centre (pumch).
CASE = MatchInput(lesion_site=LesionSiteCode.SPINE, lytic=True, destination_countries=["CN"], budget_usd=6000)


@pytest.fixture(scope="module", params=["sqlite-local-search", "postgresql-elasticsearch"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    instance = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite-local-search":
        with running(instance) as started:
            yield started
    else:
        with postgresql_and_elasticsearch() as settings, running(instance, settings) as started:
            yield started


class Recording(httpx.HTTPTransport):
    """A real transport that records (method, path, status) and can misbehave on cue: drop the
    answer to the next ``lose`` requests matching a path after the server has served them, or
    answer ``unavailable`` of them 503 without sending them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, int]] = []
        self.lose: dict[str, int] = {}
        self.unavailable: dict[str, int] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.method} {request.url.path}"
        if self.unavailable.get(key, 0) > 0:
            self.unavailable[key] -= 1
            self.seen.append((request.method, request.url.path, 503))
            return httpx.Response(503, headers={"Retry-After": "0"}, request=request)
        response = super().handle_request(request)
        response.read()
        self.seen.append((request.method, request.url.path, response.status_code))
        if self.lose.get(key, 0) > 0:
            self.lose[key] -= 1
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def intake_for(server: Server, role: str = "intake", transport: httpx.BaseTransport | None = None) -> Intake:
    creds = server.credentials[role]
    return Intake(server.url, creds["client_id"], creds["client_secret"], transport=transport, sleep=lambda _: None)


def test_match_refer_follow_and_cancel(server: Server) -> None:
    transport = Recording()
    with intake_for(server, transport=transport) as intake:
        found = intake.match(CASE)
        assert found.results, "the demo data has a centre for this case"
        best = found.results[0]
        assert best.centre.slug == "pumch" and best.score > 0
        assert best.estimated_cost is not None and best.estimated_cost.currency  # typed, not a dict

        referral = intake.refer(best.centre.slug, f"case-{uuid.uuid4().hex[:8]}", CASE)
        assert referral.status is ReferralStatus.REQUESTED
        assert referral.profile.lesion_site == "spine" and referral.match_snapshot.eligible
        assert referral.requester.role == "intake"
        assert intake.etag(referral.id) == f'"{referral.id}.{referral.version}"'

        again = intake.referral(referral.id)
        assert again is referral  # the kept copy: the service answered 304
        assert transport.seen[-1] == ("GET", f"/v1/referrals/{referral.id}", 304)

        listed = [r.id for r in intake.referrals(page_size=1)]
        assert referral.id in listed and len(listed) == len(set(listed))
        pages = [s for s in transport.seen if s[:2] == ("GET", "/v1/referrals")]
        assert len(pages) == len(listed)  # one page per referral at page_size=1, then none

        cancelled = intake.transition(referral.id, "cancelled", reason="The patient chose another centre.")
        assert cancelled.status is ReferralStatus.CANCELLED and cancelled.version == referral.version + 1


def test_a_409_lists_what_is_allowed_and_a_412_says_the_current_version(server: Server) -> None:
    with intake_for(server) as intake, intake_for(server, "partner") as centre:
        referral = intake.refer("pumch", f"case-{uuid.uuid4().hex[:8]}", CASE)
        with pytest.raises(Conflict) as refused:
            intake.transition(referral.id, "accepted")  # the centre's step, not the requester's
        assert refused.value.status == 409 and refused.value.allowed == ["cancelled"]

        moved = centre.transition(referral.id, "received")  # the centre moves it on meanwhile
        with pytest.raises(PreconditionFailed) as stale:
            intake.transition(referral.id, "cancelled")  # as of the version it read before
        assert stale.value.current_version == moved.version
        assert stale.value.problem is not None and stale.value.problem.status == 412

        fresh = intake.referral(referral.id)  # read again, decide again
        assert intake.transition(fresh.id, "cancelled").status is ReferralStatus.CANCELLED


def test_other_problems_are_their_exceptions(server: Server) -> None:
    with intake_for(server) as intake:
        with pytest.raises(NotFound) as missing:
            intake.referral("no-such-referral")
        assert missing.value.request_id
        with pytest.raises(Unprocessable) as invalid:
            intake.refer("no-such-centre", "case-x", CASE)
        assert invalid.value.status == 422 and invalid.value.code


def test_a_lost_answer_is_retried_with_the_same_key_and_makes_one_referral(server: Server) -> None:
    transport = Recording()
    transport.lose["POST /v1/referrals"] = 1
    transport.unavailable["POST /v1/match"] = 2
    with intake_for(server, transport=transport) as intake:
        intake.match(CASE)  # two 503s, then the answer
        assert [s[2] for s in transport.seen if s[:2] == ("POST", "/v1/match")] == [503, 503, 200]

        ref = f"case-{uuid.uuid4().hex[:8]}"
        referral = intake.refer("pumch", ref, CASE)
        creations = [s[2] for s in transport.seen if s[:2] == ("POST", "/v1/referrals")]
        assert creations == [201, 200]  # made the first time, found again by its key
        assert [r.id for r in intake.referrals() if r.external_ref == ref] == [referral.id]


def test_a_transition_is_not_retried_once_it_may_have_been_applied(server: Server) -> None:
    transport = Recording()
    with intake_for(server, transport=transport) as intake:
        referral = intake.refer("pumch", f"case-{uuid.uuid4().hex[:8]}", CASE)
        transport.lose[f"POST /v1/referrals/{referral.id}/transitions"] = 1
        with pytest.raises(httpx.ReadTimeout):
            intake.transition(referral.id, "cancelled")
        assert intake.referral(referral.id).status is ReferralStatus.CANCELLED  # applied once


def test_the_token_is_renewed_before_it_expires_and_when_it_is_refused(server: Server) -> None:
    creds = server.credentials["intake"]
    now = [0.0]
    auth = ClientCredentials(
        f"{server.url}/oauth/token", creds["client_id"], creds["client_secret"], clock=lambda: now[0]
    )
    first = auth.token()
    assert auth.token() == first and auth.issued == 1
    now[0] += 3600  # the default lifetime is shorter than an hour
    assert auth.token() != first and auth.issued == 2

    with intake_for(server) as intake:
        token = intake.auth.token()
        revoked = httpx.post(
            f"{server.url}/oauth/revoke", data={"token": token}, auth=(creds["client_id"], creds["client_secret"])
        )
        assert revoked.status_code == 200
        assert intake.match(CASE).results  # 401 with the revoked token, then a new one
        assert intake.auth.issued == 2
    auth.close()


def test_the_generated_operations_are_there_for_everything_else(server: Server) -> None:
    with intake_for(server) as intake:
        referral = intake.refer("pumch", f"case-{uuid.uuid4().hex[:8]}", CASE)
        answer = transition_referral.sync_detailed(
            referral.id,
            client=intake.api,
            body=TransitionInput(to=TransitionInputTo.CANCELLED),
            if_match=f'"{referral.id}.{referral.version}"',
        )
        assert answer.status_code == 200 and answer.headers["etag"] == f'"{referral.id}.{referral.version + 1}"'


def test_the_example_intake_script_runs_against_the_server(server: Server) -> None:
    creds = server.credentials["intake"]
    env = {
        **os.environ,
        "PARTNER_DIRECTORY_URL": server.url,
        "CLIENT_ID": creds["client_id"],
        "CLIENT_SECRET": creds["client_secret"],
        "PYTHONPATH": str(CLIENT),
    }
    done = subprocess.run(
        [sys.executable, str(CLIENT / "examples" / "intake.py"), f"case-{uuid.uuid4().hex[:8]}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "best: " in done.stdout and "(pumch)" in done.stdout and ": requested (version 1)" in done.stdout


def test_the_readme_intake_flow_runs_as_written(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### The intake service's Python client") :]
    code = section[section.index("```python\n") + len("```python\n") : section.index("\n```\n")]
    assert len(code.splitlines()) <= 15
    creds = server.credentials["intake"]
    exec(  # the README's own example, run as a reader would
        code.replace("http://127.0.0.1:8000", server.url),
        {"client_id": creds["client_id"], "client_secret": creds["client_secret"]},
    )
    printed = capsys.readouterr().out
    assert " requested" in printed or " cancelled" in printed


# --- no server needed --------------------------------------------------------------------------


def test_the_intake_script_and_the_layer_type_check_under_mypy_strict(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "mypy"), "--cache-dir", str(tmp_path), "examples/intake.py", "partner_directory_intake"],
        cwd=CLIENT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Success" in done.stdout


def test_the_committed_client_is_what_the_generator_makes_of_the_committed_document(tmp_path: Path) -> None:
    out = tmp_path / "partner_directory_client"
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "clients" / "openapi.json"),
            "--config",
            str(CLIENT / "generator.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    (out / "py.typed").touch()
    shutil.rmtree(out / "__pycache__", ignore_errors=True)
    stale = _differences(filecmp.dircmp(out, CLIENT / "partner_directory_client", ignore=["__pycache__"]))
    assert not stale, f"clients/python/partner_directory_client is stale (make client): {stale[:20]}"


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{entry}" for entry in _differences(sub)]
    return found
