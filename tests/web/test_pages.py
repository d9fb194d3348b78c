"""The app's pages over Flask's test client, signed in through the real sign-in flow: what each
role may reach, what is refused, and how bad input, stale versions and illegal steps are told."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

CASE = {"lesion_site": "long-bone", "destination_countries": ["CN"]}


def csrf(client: FlaskClient, path: str = "/app/") -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def version(app: Flask, slug: str) -> str:
    """The centre's current version: what its page's forms carry."""
    from directory.identity import Identity

    return str(app.extensions["services"].centres.get(Identity.system("tests"), slug).version)


def refer(client: FlaskClient, centre: str = "pumch", ref: str = "CASE-1", **extra: str):
    data = {"csrf_token": csrf(client), "centre": centre, "external_ref": ref, "case": json.dumps(CASE), **extra}
    return client.post("/app/referrals", data=data)


# --- who reaches what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "centre", "path", "status"),
    [
        ("coordinator", None, "/app/match", 200),
        ("coordinator", None, "/app/centres", 200),
        ("partner", "pumch", "/app/match", 403),
        ("partner", "pumch", "/app/centres/pumch", 200),
        ("partner", "pumch", "/app/referrals", 200),
        ("admin", None, "/app/match", 403),
        ("admin", None, "/app/referrals", 403),
        ("admin", None, "/app/centres", 200),
    ],
)
def test_each_role_reaches_only_its_pages(as_person, role, centre, path, status):
    assert as_person(role, centre).get(path).status_code == status


def test_signed_out_people_are_sent_to_sign_in(client):
    for path in ("/app/centres", "/app/match", "/app/referrals", "/app/centres/pumch"):
        r = client.get(path)
        assert r.status_code == 302 and r.headers["Location"].startswith("/app/sign-in?next=/app/"), path


def test_staff_cannot_verify_vet_or_refer_even_with_a_valid_form(app, as_person):
    staff = as_person("partner", "pumch")
    token, current = csrf(staff), version(app, "pumch")
    form = {"csrf_token": token, "version": current}
    assert staff.post("/app/centres/pumch/capabilities/hydrodissection/verification", data=form).status_code == 403
    assert staff.post("/app/centres/pumch/vetting", data={**form, "status": "vetted"}).status_code == 403
    assert refer(staff).status_code == 403


def test_staff_see_their_centres_referrals_and_no_others(as_person):
    coordinator = as_person("coordinator")
    mine = refer(coordinator, "pumch", "FOR-PUMCH").headers["Location"]
    theirs = refer(coordinator, "sysucc", "FOR-SYSUCC").headers["Location"]
    staff = as_person("partner", "pumch")
    inbox = staff.get("/app/referrals").get_data(as_text=True)
    assert "FOR-PUMCH" in inbox and "FOR-SYSUCC" not in inbox
    assert staff.get(mine).status_code == 200
    assert staff.get(theirs).status_code == 404  # not there for them, as over the API


def test_forms_without_the_sessions_csrf_token_are_refused(app, as_person):
    coordinator = as_person("coordinator")
    form = {"version": version(app, "pumch")}
    assert (
        coordinator.post("/app/centres/pumch/capabilities/hydrodissection/verification", data=form).status_code == 403
    )
    form["csrf_token"] = "not-the-token"
    assert (
        coordinator.post("/app/centres/pumch/capabilities/hydrodissection/verification", data=form).status_code == 403
    )


# --- search ---------------------------------------------------------------------------------------


def test_search_filters_by_facet_and_htmx_gets_only_the_results(as_person):
    coordinator = as_person("coordinator")
    html = coordinator.get("/app/centres?country=IN").get_data(as_text=True)
    assert "Tata Memorial Centre" in html and "Peking Union Medical College Hospital" not in html
    assert re.search(r'value="IN" checked', html)
    part = coordinator.get("/app/centres?q=Peking", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert part.lstrip().startswith('<div class="layout" id="search-area">') and "<html" not in part
    assert "Peking Union Medical College Hospital" in part
    # The facets come with the results, counted over what the text found.
    assert re.search(r">CN <span class=\"count\">\(1\)</span>", part) and ">IN <span" not in part


# --- a centre: verify and vet against the version seen ---------------------------------------


def test_a_stale_verification_shows_the_centre_now_and_offers_the_change_again(as_person, app):
    coordinator = as_person("coordinator")
    token, seen = csrf(coordinator), version(app, "pumch")
    other = as_person("coordinator", name="2")
    other.post(
        "/app/centres/pumch/vetting",
        data={"csrf_token": csrf(other), "version": seen, "status": "vetted", "reason": "Renewed after a site visit."},
    )
    stale = coordinator.post(
        "/app/centres/pumch/capabilities/hydrodissection/verification", data={"csrf_token": token, "version": seen}
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Someone changed this centre since you opened it" in html
    assert "Renewed after a site visit." in html  # what changed is on the page
    assert "coordinator2.all@people.example: centre vetting (Renewed after a site visit.)" in html
    again = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert int(again) > int(seen)
    done = coordinator.post(
        "/app/centres/pumch/capabilities/hydrodissection/verification", data={"csrf_token": token, "version": again}
    )
    assert done.status_code == 303
    page = coordinator.get(done.headers["Location"]).get_data(as_text=True)
    row = re.search(r"<tr>\s*<th scope=\"row\">Hydrodissection.*?</tr>", page, re.S).group(0)
    assert "Verified</span> by coordinator.all@people.example" in row


def test_a_vetting_decision_is_recorded_with_the_person(app, as_person):
    coordinator = as_person("coordinator")
    form = {"csrf_token": csrf(coordinator), "version": version(app, "sysucc"), "status": "suspended"}
    form["reason"] = "Waiting for the new accreditation."
    assert coordinator.post("/app/centres/sysucc/vetting", data=form).status_code == 303
    html = coordinator.get("/app/centres/sysucc").get_data(as_text=True)
    assert "Suspended" in html and "Waiting for the new accreditation." in html
    assert "coordinator.all@people.example" in html
    history = re.search(r"<summary>Vetting history \(1\)</summary>.*?</ol>", html, re.S).group(0)
    assert "vetted → <strong>suspended</strong>" in history and "Waiting for the new accreditation." in history


# --- the match ------------------------------------------------------------------------------------


def test_the_match_form_says_which_field_is_wrong(as_person):
    r = as_person("coordinator").get("/app/match?lesion_site=long-bone&lesion_size_cm=big&budget_amount=-5")
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'id="lesion_size_cm-error"' in html and 'aria-invalid="true"' in html
    assert 'id="budget-amount-error"' in html
    assert "What this case requires" not in html


def test_the_match_shows_requirements_results_and_a_refer_form(as_person):
    html = (
        as_person("coordinator").get("/app/match?lesion_site=spine&spinal_canal_distance_mm=5").get_data(as_text=True)
    )
    assert "Spinal thermosensor monitoring" in html and "Neuromonitoring" in html
    assert re.search(r'<li class="card[^"]*">', html)
    assert 'name="case" value="' in html and "Refer to " in html


def test_an_unknown_site_is_an_error_not_an_empty_answer(as_person):
    r = as_person("coordinator").get("/app/match?lesion_site=elbow")
    assert r.status_code == 422 and "elbow" in r.get_data(as_text=True)


# --- referrals ------------------------------------------------------------------------------------


def test_a_referral_to_a_centre_that_does_not_fit_needs_a_reason(as_person):
    coordinator = as_person("coordinator")
    spine = {"lesion_site": "spine", "spinal_canal_distance_mm": 2, "destination_countries": ["IN"]}
    data = {
        "csrf_token": csrf(coordinator),
        "centre": "tmc-mumbai",
        "external_ref": "NO-FIT",
        "case": json.dumps(spine),
    }
    refused = coordinator.post("/app/referrals", data=data)
    assert refused.status_code == 422 and "The referral was not sent" in refused.get_data(as_text=True)
    data["override_reason"] = "The family insists on Mumbai; the team there confirmed by phone."
    sent = coordinator.post("/app/referrals", data=data)
    assert sent.status_code == 303
    assert "The family insists on Mumbai" in coordinator.get(sent.headers["Location"]).get_data(as_text=True)


def test_a_referral_without_its_case_is_refused(as_person):
    coordinator = as_person("coordinator")
    r = coordinator.post("/app/referrals", data={"csrf_token": csrf(coordinator), "centre": "pumch"})
    assert r.status_code == 400


def test_the_workflow_offers_only_allowed_steps_and_refuses_others(as_person):
    coordinator = as_person("coordinator")
    path = refer(coordinator).headers["Location"]
    staff = as_person("partner", "pumch")
    html = staff.get(path).get_data(as_text=True)
    offered = re.findall(r'name="to" value="([^"]+)"', html)
    assert offered == ["received"]
    current = re.search(r'name="version" value="(\d+)"', html).group(1)
    token = csrf(staff)
    jump = staff.post(f"{path}/transition", data={"csrf_token": token, "version": current, "to": "completed"})
    assert jump.status_code == 409 and "allowed: received" in jump.get_data(as_text=True)
    step = staff.post(f"{path}/transition", data={"csrf_token": token, "version": current, "to": "received"})
    assert step.status_code == 303
    stale = staff.post(f"{path}/transition", data={"csrf_token": token, "version": current, "to": "accepted"})
    assert stale.status_code == 409 and "Someone changed this referral meanwhile" in stale.get_data(as_text=True)
    reject = staff.get(path).get_data(as_text=True)
    now = re.search(r'name="version" value="(\d+)"', reject).group(1)
    no_code = staff.post(f"{path}/transition", data={"csrf_token": token, "version": now, "to": "rejected"})
    assert no_code.status_code == 422


def test_messages_go_both_ways_and_an_empty_one_is_refused(as_person):
    coordinator = as_person("coordinator")
    path = refer(coordinator).headers["Location"]
    staff = as_person("partner", "pumch")
    empty = staff.post(f"{path}/messages", data={"csrf_token": csrf(staff), "body": "  "})
    assert empty.status_code == 422
    sent = staff.post(f"{path}/messages", data={"csrf_token": csrf(staff), "body": "We can take her on Monday."})
    assert sent.status_code == 303
    assert "We can take her on Monday." in coordinator.get(path).get_data(as_text=True)


# --- a centre's staff keep it current -------------------------------------------------------------


def test_staff_report_a_capability_as_self_reported_and_a_coordinator_verifies_it(app, as_person):
    staff = as_person("partner", "pumch")
    form = {"csrf_token": csrf(staff), "version": version(app, "pumch"), "status": "limited"}
    form["notes"] = "One trained operator; Tuesdays only."
    saved = staff.post("/app/centres/pumch/capabilities/hydrodissection", data=form)
    assert saved.status_code == 303 and saved.headers["Location"].startswith("/app/centres/pumch/edit?done=")
    coordinator = as_person("coordinator")
    page = coordinator.get("/app/centres/pumch").get_data(as_text=True)
    row = re.search(r"<tr>\s*<th scope=\"row\">Hydrodissection.*?</tr>", page, re.S).group(0)
    assert "One trained operator" in row and "Self-reported" in row and "partner.pumch@people.example" in row
    verify = {"csrf_token": csrf(coordinator), "version": version(app, "pumch")}
    assert (
        coordinator.post("/app/centres/pumch/capabilities/hydrodissection/verification", data=verify).status_code == 303
    )


def test_staff_change_only_their_own_centre(app, as_person):
    staff = as_person("partner", "pumch")
    assert staff.get("/app/centres/pumch/edit").status_code == 200
    assert staff.get("/app/centres/sysucc/edit").status_code == 403
    form = {"csrf_token": csrf(staff), "version": version(app, "sysucc"), "status": "unavailable"}
    assert staff.post("/app/centres/sysucc/capabilities/hydrodissection", data=form).status_code == 403
    details = {"csrf_token": csrf(staff), "version": version(app, "sysucc"), "contact_desk": "Taken over"}
    assert staff.post("/app/centres/sysucc/details", data=details).status_code == 403
    assert "Taken over" not in as_person("coordinator").get("/app/centres/sysucc").get_data(as_text=True)


def test_a_refused_offering_changes_nothing_and_keeps_what_was_typed(app, as_person):
    staff = as_person("partner", "pumch")
    before = version(app, "pumch")
    form = {"csrf_token": csrf(staff), "version": before, "sites": ["spine"], "cost_currency": "USD"}
    form.update(cost_min="9000", cost_max="100", wait_days="7")
    refused = staff.post("/app/centres/pumch/services/bone-cryoablation", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Must not be greater than max." in html
    assert 'value="9000"' in html and 'value="100"' in html
    assert version(app, "pumch") == before


def test_staff_stop_and_restart_referrals_and_remove_a_capability(app, as_person):
    staff = as_person("partner", "pumch")
    details = {"csrf_token": csrf(staff), "version": version(app, "pumch"), "contact_desk": "IPD", "languages": "zh en"}
    assert staff.post("/app/centres/pumch/details", data=details).status_code == 303  # no box ticked: closed
    page = staff.get("/app/centres/pumch").get_data(as_text=True)
    assert "Not accepting referrals" in page
    gone = {"csrf_token": csrf(staff), "version": version(app, "pumch"), "status": "not-reported"}
    assert staff.post("/app/centres/pumch/capabilities/co2-dissection", data=gone).status_code == 303
    html = as_person("coordinator").get("/app/centres/pumch").get_data(as_text=True)
    assert '<th scope="row">CO2 dissection' not in html


def test_why_not_and_side_by_side(as_person):
    coordinator = as_person("coordinator")
    case = "lesion_site=spine&spinal_canal_distance_mm=5&destination_countries=CN+IN"
    why = coordinator.get(f"/app/match?{case}&explain=tmc-mumbai+nowhere").get_data(as_text=True)
    assert "Tata Memorial Centre: not in the results" in why
    assert "There is no centre &#39;nowhere&#39; in the directory." in why
    results = re.findall(
        r'name="compare" value="([^"]+)"', coordinator.get(f"/app/match?{case}").get_data(as_text=True)
    )
    assert len(results) >= 2
    side = coordinator.get(f"/app/match?{case}&compare={results[0]}&compare={results[1]}").get_data(as_text=True)
    table = re.search(r'<table class="compare">.*?</table>', side, re.S).group(0)
    assert table.count('<th scope="col">') == 3 and "Estimated cost" in table


def test_differences_follow_changes_down_to_what_differs():
    from api.web.pages import differences

    vetting = {"vetting": {"from": {"status": "vetted", "reason": "a"}, "to": {"status": "suspended", "reason": "a"}}}
    assert differences(vetting) == [("vetting status", "vetted", "suspended")]
    capability = {"hydrodissection": {"from": None, "to": {"status": "limited"}}}
    assert differences(capability) == [("hydrodissection", None, {"status": "limited"})]
    assert differences({"length": 12}) == [("length", None, 12)]
