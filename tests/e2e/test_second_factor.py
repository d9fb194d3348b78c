"""A deployment that asks coordinators for a second factor: the enrolment page in Chromium
(checked by axe), a wrong code refused, the right one accepted, and the next sign-in asking
for it."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessible
from tests.server import Server, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def totp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("e2e-totp"), {"WEB_TOTP_ROLES": "coordinator"}) as started:
        yield started


def test_a_coordinator_enrols_a_second_factor_and_is_asked_for_it(totp_server: Server, page: Page) -> None:
    person = totp_server.people["coordinator"]
    page.goto(f"{totp_server.url}/app/")
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password").fill(person["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    accessible(page)
    page.get_by_label("Authentication code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    accessible(page)
    secret = page.locator("code").first.inner_text()
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Welcome, Demo coordinator")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    # Next time the code is asked for with the password; without it there is no way in.
    page.goto(f"{totp_server.url}/app/")
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password").fill(person["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    accessible(page)
    page.get_by_label("Password").fill(person["password"])
    page.get_by_label("Authentication code (if your account uses one)").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
