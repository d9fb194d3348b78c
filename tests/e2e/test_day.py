"""A day in the app, in Chromium: a coordinator finds centres, checks one, matches a case and
refers it; the centre's staff receive and accept it and answer; the coordinator sees both;
everyone signs out. axe-core checks every page on the way."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessible, picture, receive_accept_and_answer
from tests.server import Server

pytestmark = pytest.mark.browser


def sign_in(page: Page, server: Server, role: str) -> None:
    person = server.people[role]
    page.goto(f"{server.url}/app/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    accessible(page)
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password").fill(person["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()
    accessible(page)


def test_a_coordinator_and_a_centre_work_a_referral_through(server: Server, page: Page, new_context) -> None:
    coordinator = page
    sign_in(coordinator, server, "coordinator")
    accessible(coordinator)
    picture(coordinator, "home-coordinator")

    # Find a centre by name, then narrow by a facet.
    coordinator.get_by_role("link", name="Centres", exact=True).click()
    coordinator.get_by_label("Search centres").fill("Peking Union")
    coordinator.get_by_role("button", name="Search", exact=True).click()
    results = coordinator.get_by_role("region", name=re.compile(r"\d+ centres?"))
    expect(results.get_by_role("link", name="Peking Union Medical College Hospital")).to_be_visible()
    accessible(coordinator)
    coordinator.get_by_label("Search centres").fill("")
    coordinator.get_by_role("button", name="Search", exact=True).click()
    expect(coordinator.get_by_role("heading", name=re.compile(r"^1[0-9] centres$"))).to_be_visible()
    coordinator.get_by_role("group", name="Country").get_by_label(re.compile(r"^IN \(\d+\)")).check()
    coordinator.get_by_role("button", name="Apply filters").click()
    expect(coordinator).to_have_url(re.compile(r"country=IN"))  # the last request's answer is shown
    expect(results.get_by_role("link", name="Tata Memorial Centre")).to_be_visible()
    expect(results.get_by_role("link", name="Peking Union Medical College Hospital")).to_have_count(0)
    picture(coordinator, "search")

    # A centre's page: provenance on every fact; verify one.
    results.get_by_role("link", name="Tata Memorial Centre").click()
    expect(coordinator.get_by_role("heading", name="Tata Memorial Centre", level=1)).to_be_visible()
    accessible(coordinator)
    coordinator.get_by_role("button", name="Verify Cementoplasty").click()
    expect(coordinator.get_by_role("status")).to_have_text("Cementoplasty is verified.")
    row = coordinator.get_by_role("row", name=re.compile("^Cementoplasty"))
    expect(row).to_contain_text("Verified by coordinator@demo.example")
    accessible(coordinator)

    # Match a case near the spinal canal, in China.
    coordinator.get_by_role("link", name="Match", exact=True).click()
    accessible(coordinator)
    coordinator.get_by_label("Lesion site").select_option(label="Long bone (femur, humerus)")
    coordinator.get_by_label("Destination countries").fill("CN")
    coordinator.get_by_role("button", name="Find centres").click()
    expect(coordinator.get_by_role("heading", name="What this case requires")).to_be_visible()
    accessible(coordinator)
    picture(coordinator, "match")

    # Why is a centre out? Two side by side.
    coordinator.get_by_label("Centre's short name").fill("tmc-mumbai")
    coordinator.get_by_role("button", name="Explain").click()
    expect(coordinator.get_by_role("heading", name="Tata Memorial Centre: not in the results")).to_be_visible()
    boxes = coordinator.get_by_role("checkbox", name=re.compile("^Compare "))
    boxes.nth(0).check()
    boxes.nth(1).check()
    coordinator.get_by_role("button", name="Compare the centres ticked (2 to 4)").click()
    expect(coordinator.get_by_role("heading", name="Side by side")).to_be_visible()
    accessible(coordinator)

    # Refer from a result.
    coordinator.get_by_label("Case reference for Peking Union Medical College Hospital").fill("E2E-001")
    coordinator.get_by_role("button", name="Refer to Peking Union Medical College Hospital").click()
    expect(coordinator.get_by_role("heading", name="Referral E2E-001")).to_be_visible()
    expect(coordinator.get_by_text("requested", exact=True).first).to_be_visible()
    coordinator.get_by_label("Write a message").fill("The patient arrives with the latest MRI on a disc.")
    coordinator.get_by_role("button", name="Send message").click()
    expect(coordinator.get_by_text("The patient arrives with the latest MRI on a disc.")).to_be_visible()
    accessible(coordinator)

    # The centre (its staff are bound to pumch) hears of it, receives and accepts, and answers.
    server.cli("webhooks", "worker", "--once")  # what make run keeps running beside the server
    subjects = [message_from_bytes(m.read_bytes())["Subject"] for m in (server.instance / "mailbox").glob("*.eml")]
    assert any("New referral E2E-001" in " ".join(str(s).split()) for s in subjects), subjects
    centre = new_context().new_page()
    sign_in(centre, server, "partner")
    centre.get_by_role("link", name="Notifications").click()
    expect(centre.get_by_role("link", name=re.compile("New referral E2E-001"))).to_be_visible()
    accessible(centre)
    centre.get_by_role("link", name="Home").click()
    expect(centre.get_by_role("link", name="E2E-001")).to_be_visible()
    accessible(centre)
    centre.get_by_role("link", name="E2E-001").click()
    receive_accept_and_answer(centre, "Accepted: first slot on Monday.")
    accessible(centre)
    picture(centre, "referral-centre")
    # They keep their centre current: a capability changes, and shows as self-reported.
    centre.get_by_role("navigation", name="Main").get_by_role("link", name="Your centre").click()
    centre.get_by_role("link", name="Keep this centre current").click()
    accessible(centre)
    centre.get_by_label("Status of Hydrodissection").select_option("limited")
    centre.get_by_label("Notes on Hydrodissection").fill("One trained operator; Tuesdays only.")
    centre.get_by_role("button", name="Save Hydrodissection").click()
    expect(centre.get_by_role("status")).to_have_text("Hydrodissection: saved as limited.")
    accessible(centre)
    picture(centre, "centre-edit")
    # Staff reach their centre and its referrals, nothing a coordinator does.
    assert centre.goto(f"{server.url}/app/match").status == 403
    assert centre.goto(f"{server.url}/app/centres/sysucc").status in (200, 404)
    sign_out(centre)

    # The coordinator sees the answer, and was told of it.
    server.cli("webhooks", "worker", "--once")
    coordinator.get_by_role("link", name="Notifications").click()
    expect(coordinator.get_by_role("link", name=re.compile("New message on referral E2E-001"))).to_be_visible()
    coordinator.get_by_role("link", name="Referrals", exact=True).click()
    coordinator.get_by_role("link", name="E2E-001").click()
    expect(coordinator.locator(".meta .status")).to_have_text("accepted")
    expect(coordinator.get_by_text("Accepted: first slot on Monday.")).to_be_visible()
    coordinator.get_by_role("link", name="Peking Union Medical College Hospital").click()
    row = coordinator.get_by_role("row", name=re.compile("^Hydrodissection"))
    expect(row).to_contain_text("One trained operator; Tuesdays only.")
    expect(row).to_contain_text("Self-reported")
    # ... and checks it from the review queue.
    coordinator.get_by_role("link", name="Review", exact=True).click()
    accessible(coordinator)
    coordinator.get_by_role("button", name="Verify Hydrodissection at Peking Union Medical College Hospital").click()
    expect(coordinator.get_by_role("status")).to_have_text("Hydrodissection is verified.")
    sign_out(coordinator)
    assert "/oauth/authorize" in coordinator.goto(f"{server.url}/app/referrals").url


def test_sign_in_and_search_with_the_keyboard_alone(server: Server, page: Page) -> None:
    person = server.people["coordinator"]
    page.goto(f"{server.url}/app/centres")
    page.keyboard.press("Tab")  # the skip link first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("Email").focus()
    page.keyboard.type(person["email"])
    page.keyboard.press("Tab")
    page.keyboard.type(person["password"])
    page.keyboard.press("Enter")
    expect(page.get_by_label("Search centres")).to_be_visible()
    page.get_by_label("Search centres").focus()
    page.keyboard.type("Apollo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=Apollo"))  # the results swapped in, the address kept
    expect(page.get_by_role("link", name=re.compile("Apollo"))).not_to_have_count(0)
    page.get_by_role("link", name=re.compile("Apollo")).first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apollo")


def test_the_accessibility_check_catches_what_it_should(page: Page) -> None:
    """The axe check is not a rubber stamp: an unlabelled field and low contrast fail it."""
    page.set_content('<html lang="en"><title>t</title><main><input id="x"><p style="color:#bbb">faint</p></main>')
    with pytest.raises(AssertionError) as caught:
        accessible(page)
    assert '"rule": "label"' in str(caught.value) and '"rule": "color-contrast"' in str(caught.value)


def test_an_admin_adds_a_person_and_a_client_and_reads_the_audit_log(server: Server, page: Page) -> None:
    sign_in(page, server, "admin")
    page.get_by_role("link", name="People", exact=True).click()
    accessible(page)
    page.get_by_label("Email", exact=True).fill("new.coordinator@demo.example")
    page.get_by_label("Name", exact=True).fill("New Coordinator")
    page.get_by_label("Role", exact=True).select_option("coordinator")
    page.get_by_role("button", name="Add and make a password link").click()
    expect(page.get_by_role("status")).to_contain_text("/app/password/")
    accessible(page)
    page.get_by_role("link", name="API clients", exact=True).click()
    page.get_by_label("Name", exact=True).fill("Intake (staging)")
    page.get_by_label("Role", exact=True).select_option("intake")
    page.get_by_role("button", name="Add the client").click()
    expect(page.get_by_role("status")).to_contain_text("shown only now")
    accessible(page)
    page.get_by_role("link", name="Audit log", exact=True).click()
    page.get_by_label("Action").fill("client.create")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("cell", name="admin@demo.example").first).to_be_visible()
    accessible(page)
    picture(page, "audit")
    sign_out(page)


def test_the_other_pages_pass_the_accessibility_check_too(server: Server, page: Page) -> None:
    """Pages the days above do not reach: the front door, a password link, lists, refusals."""
    page.goto(f"{server.url}/")
    expect(page.get_by_role("link", name="Sign in to the app")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="API documentation").click()
    expect(page.get_by_role("heading", name="Partner Directory API", level=1)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="POST /v1/match").click()
    expect(page).to_have_url(re.compile(r"/docs#"))
    expect(page.get_by_role("heading", name="POST /v1/match", level=3)).to_be_in_viewport()
    made = server.cli("users", "create", "--email", "fresh@demo.example", "--name", "Fresh", "--role", "coordinator")
    link = re.search(r"(http\S+/app/password/\S+)", made).group(1)
    page.goto(link)
    expect(page.get_by_label("New password", exact=True)).to_be_visible()
    accessible(page)
    page.get_by_label("New password", exact=True).fill("a long enough passphrase")
    page.get_by_label("New password again").fill("not the same passphrase")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    accessible(page)
    sign_in(page, server, "coordinator")
    # A referral the server refuses: a near miss, with a reason that is only spaces.
    page.goto(f"{server.url}/app/match?lesion_site=spine&spinal_canal_distance_mm=2")
    near_miss = page.locator(".card.near-miss").first
    near_miss.get_by_label(re.compile("^Case reference for")).fill("E2E-REFUSED")
    near_miss.get_by_label("Why refer although it misses a requirement").fill("   ")
    near_miss.get_by_role("button", name=re.compile("^Refer to")).click()
    expect(page.get_by_role("heading", name="The referral was not sent")).to_be_visible()
    accessible(page)
    for path in (
        "/app/referrals",
        "/app/notifications",
        "/app/referrals/no-such-referral",
        "/app/match?lesion_site=elbow",
    ):
        page.goto(f"{server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        accessible(page)


def test_reading_works_without_javascript(server: Server, browser) -> None:
    """Sign in, search with a facet, open a centre and match a case with scripts off."""
    page = browser.new_context(java_script_enabled=False).new_page()
    person = server.people["coordinator"]
    try:  # (no axe here: it runs as a script in the page)
        page.goto(f"{server.url}/app/")
        page.get_by_label("Email").fill(person["email"])
        page.get_by_label("Password").fill(person["password"])
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Centres", exact=True).click()
        page.get_by_label("Search centres").fill("Tata")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"q=Tata"))
        page.get_by_role("link", name="Tata Memorial Centre").click()
        expect(page.get_by_role("heading", name="Tata Memorial Centre", level=1)).to_be_visible()
        page.get_by_role("link", name="Match", exact=True).click()
        page.get_by_label("Lesion site").select_option(label="Rib lesion")
        page.get_by_role("button", name="Find centres").click()
        expect(page.get_by_role("heading", name="What this case requires")).to_be_visible()
    finally:
        page.context.close()
