"""The same app with people signing in at a real Keycloak (configuration only): its login
page in Chromium, back to the app with the role and centre Keycloak vouches for, a
coordinator's search and match, a centre's referrals, and sign-out that ends the Keycloak
session too. axe checks the app's pages (Keycloak's own pages are Keycloak's)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessible, picture, receive_accept_and_answer
from tests.keycloak.conftest import AUDIENCE, PASSWORD, Realm, keycloak_url, realm  # noqa: F401  (fixtures)
from tests.server import Server, free_port, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kc_server(tmp_path_factory: pytest.TempPathFactory, realm: Realm) -> Iterator[Server]:  # noqa: F811
    port = free_port()
    realm.add_web_client("pd-e2e-web", f"http://127.0.0.1:{port}")
    _, secret = realm.clients["pd-e2e-web"]
    _, api_secret = realm.clients[AUDIENCE]
    settings = {  # as the README's Keycloak set-up says
        "WEB_OIDC_ISSUER": realm.issuer,
        "WEB_CLIENT_ID": "pd-e2e-web",
        "WEB_CLIENT_SECRET": secret,
        "EXTERNAL_ISSUER": realm.issuer,
        "EXTERNAL_AUDIENCE": AUDIENCE,
        "EXTERNAL_INTROSPECTION_URL": f"{realm.issuer}/protocol/openid-connect/token/introspect",
        "EXTERNAL_INTROSPECTION_CLIENT_ID": AUDIENCE,
        "EXTERNAL_INTROSPECTION_CLIENT_SECRET": api_secret,
    }
    with running(tmp_path_factory.mktemp("e2e-kc"), settings, port=port) as started:
        yield started


def keycloak_sign_in(page: Page, server: Server, username: str) -> None:
    page.goto(f"{server.url}/app/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_coordinator_signs_in_at_keycloak_and_matches_a_case(kc_server: Server, page: Page) -> None:
    keycloak_sign_in(page, kc_server, "kc-coordinator")
    assert page.url.startswith(kc_server.url)
    accessible(page)
    page.get_by_role("link", name="Centres", exact=True).click()
    page.get_by_label("Search centres").fill("Tata")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Tata Memorial Centre")).to_be_visible()
    page.get_by_role("link", name="Match", exact=True).click()
    page.get_by_label("Lesion site").select_option(label="Rib lesion")
    page.get_by_role("button", name="Find centres").click()
    expect(page.get_by_role("heading", name="What this case requires")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()
    # Keycloak's session ended too: the next visit asks for the password again.
    page.goto(f"{kc_server.url}/app/")
    expect(page.get_by_label("Username or email")).to_be_visible()


def test_hospital_staff_signed_in_at_keycloak_reach_their_centre_only(kc_server: Server, page: Page) -> None:
    keycloak_sign_in(page, kc_server, "kc-partner")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your centre").click()
    expect(page.get_by_role("heading", name="Peking Union Medical College Hospital", level=1)).to_be_visible()
    accessible(page)
    assert page.goto(f"{kc_server.url}/app/match").status == 403
    assert page.goto(f"{kc_server.url}/app/centres/sysucc/edit").status == 403


def test_a_referral_worked_through_by_people_signed_in_at_keycloak(kc_server: Server, page: Page, new_context) -> None:
    """The day of tests/e2e/test_day.py with Keycloak's people: the centre's staff are known
    here from an earlier sign-in, so they are told of the new referral by e-mail; they receive,
    accept and answer it; the coordinator who referred it is told, and reads the answer."""
    centre = new_context().new_page()
    keycloak_sign_in(centre, kc_server, "kc-partner")  # an earlier day's sign-in
    centre.get_by_role("button", name="Sign out").click()

    coordinator = page
    keycloak_sign_in(coordinator, kc_server, "kc-coordinator")
    coordinator.get_by_role("link", name="Match", exact=True).click()
    coordinator.get_by_label("Lesion site").select_option(label="Long bone (femur, humerus)")
    coordinator.get_by_label("Destination countries").fill("CN")
    coordinator.get_by_role("button", name="Find centres").click()
    coordinator.get_by_label("Case reference for Peking Union Medical College Hospital").fill("KC-001")
    coordinator.get_by_role("button", name="Refer to Peking Union Medical College Hospital").click()
    expect(coordinator.get_by_role("heading", name="Referral KC-001")).to_be_visible()
    accessible(coordinator)

    kc_server.cli("webhooks", "worker", "--once")
    mails = [message_from_bytes(m.read_bytes()) for m in (kc_server.instance / "mailbox").glob("*.eml")]
    told = [str(m["To"]) for m in mails if "New referral KC-001" in " ".join(str(m["Subject"]).split())]
    assert "kc-partner@users.example" in told, told  # (and the demo data set's local staff of pumch)

    keycloak_sign_in(centre, kc_server, "kc-partner")
    centre.get_by_role("link", name="Notifications").click()
    centre.get_by_role("link", name=re.compile("New referral KC-001")).click()
    receive_accept_and_answer(centre, "Accepted: first slot on Monday.")
    accessible(centre)
    centre.get_by_role("button", name="Sign out").click()

    kc_server.cli("webhooks", "worker", "--once")
    coordinator.get_by_role("link", name="Notifications").click()
    expect(coordinator.get_by_role("link", name=re.compile("New message on referral KC-001"))).to_be_visible()
    accessible(coordinator)
    coordinator.get_by_role("link", name=re.compile("New message on referral KC-001")).click()
    expect(coordinator.locator(".meta .status")).to_have_text("accepted")
    expect(coordinator.get_by_text("Accepted: first slot on Monday.")).to_be_visible()
    coordinator.get_by_role("button", name="Sign out").click()
    expect(coordinator.get_by_role("heading", name="Signed out")).to_be_visible()


def test_an_admin_signed_in_at_keycloak_sees_the_providers_people_adds_a_client_and_reads_the_audit_log(
    kc_server: Server, page: Page
) -> None:
    keycloak_sign_in(page, kc_server, "kc-admin")
    page.get_by_role("link", name="People", exact=True).click()
    providers = page.get_by_role("table", name=re.compile("^People of an identity provider"))
    expect(providers.get_by_role("rowheader", name="kc-admin@users.example")).to_be_visible()
    accessible(page)
    picture(page, "people-keycloak")
    page.get_by_role("link", name="API clients", exact=True).click()
    page.get_by_label("Name", exact=True).fill("Intake (Keycloak day)")
    page.get_by_label("Role", exact=True).select_option("intake")
    page.get_by_role("button", name="Add the client").click()
    expect(page.get_by_role("status")).to_contain_text("shown only now")
    page.get_by_role("link", name="Audit log", exact=True).click()
    page.get_by_label("Action").fill("client.create")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("cell", name="kc-admin@users.example").first).to_be_visible()  # who, by address
    accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()
