"""Browser tests: Chromium (Debian's package, driven by Playwright through executable_path)
against the server ``make run`` serves, on a fresh database with the demo data set.

Every page a test visits is checked with axe-core (vendored here: tests/e2e/axe-*.min.js) for
WCAG 2.0, 2.1 and 2.2 A and AA rules: 0 violations. Failed tests keep a screenshot in
test-results/. With SCREENSHOTS=<folder>, the tests also save the pictures the README shows.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_service
from tests.server import Server, running

AXE_SOURCE = next(Path(__file__).parent.glob("axe-*.min.js")).read_text()
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Chromium's switches for a closed network (no background fetches to Google's hosts).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        require_service("Chromium", "install Debian's chromium (and fonts-noto-cjk, fonts-noto-core)")
    return str(found)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("e2e")) as started:
        yield started


def accessible(page: Any) -> None:
    """axe-core finds no WCAG A/AA violation on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # evaluated by the driver: the page's CSP stays in force
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    found = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not found, f"{page.url}: {json.dumps(found, indent=1)}"


def picture(page: Any, name: str) -> None:
    """A screenshot for the README, when SCREENSHOTS names a folder."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def receive_accept_and_answer(centre: Any, answer: str) -> None:
    """On a referral's page, the centre's staff receive and accept it, and answer."""
    from playwright.sync_api import expect

    centre.get_by_label("received").check()
    centre.get_by_role("button", name="Update status").click()
    centre.get_by_label("accepted").check()
    centre.get_by_role("button", name="Update status").click()
    expect(centre.locator(".meta .status")).to_have_text("accepted")
    centre.get_by_label("Write a message").fill(answer)
    centre.get_by_role("button", name="Send message").click()
