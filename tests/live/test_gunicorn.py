"""Two servers on one machine (two checkouts, or a test run beside ``make run``) keep out of
each other's way: gunicorn makes no control socket in the account's home, which the first to
stop would remove from under the other."""

from __future__ import annotations

from pathlib import Path

import pytest
import urllib3

from tests.server import running


def test_two_servers_on_one_machine_share_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    http = urllib3.PoolManager()
    with running(tmp_path / "a", workers=1) as first:
        with running(tmp_path / "b", workers=1) as second:
            assert http.request("GET", f"{second.url}/healthz").status == 200
            assert http.request("GET", f"{first.url}/healthz").status == 200
        assert http.request("GET", f"{first.url}/healthz").status == 200  # the other one stopped
    assert not (home / ".gunicorn").exists()
