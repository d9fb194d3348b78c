"""The admin's pages (people, API clients, the audit log) and the coordinators' review queue:
what each may do there, and that it is done through the same services, audited."""

from __future__ import annotations

import re

import pytest

from tests.web.test_pages import csrf, version


@pytest.mark.parametrize("path", ["/app/admin/users", "/app/admin/clients", "/app/admin/audit"])
def test_admin_pages_are_for_admins_only(as_person, path):
    assert as_person("admin").get(path).status_code == 200
    assert as_person("coordinator").get(path).status_code == 403
    assert as_person("partner", "pumch").get(path).status_code == 403


def test_an_admin_adds_a_person_who_sets_a_password_with_the_link(app, as_person):
    admin = as_person("admin")
    made = admin.post(
        "/app/admin/users",
        data={"csrf_token": csrf(admin), "email": "new.staff@people.example", "name": "New Staff", "role": "partner"},
    )
    assert made.status_code == 422 and "centre" in made.get_data(as_text=True)  # staff need their centre
    made = admin.post(
        "/app/admin/users",
        data={
            "csrf_token": csrf(admin),
            "email": "new.staff@people.example",
            "name": "New Staff",
            "role": "partner",
            "centre": "pumch",
        },
    )
    html = made.get_data(as_text=True)
    assert made.status_code == 201
    link = re.search(r"<code>(http[^<]+/app/password/([^<]+))</code>", html)
    assert link, html
    fresh = app.test_client()
    assert fresh.get(f"/app/password/{link.group(2)}").status_code == 200
    disabled = admin.post("/app/admin/users/new.staff@people.example/disable", data={"csrf_token": csrf(admin)})
    assert disabled.status_code == 303
    assert "disabled" in admin.get("/app/admin/users").get_data(as_text=True)


def test_an_admin_adds_rotates_and_disables_an_api_client_and_sees_each_secret_once(app, as_person):
    admin = as_person("admin")
    made = admin.post(
        "/app/admin/clients", data={"csrf_token": csrf(admin), "name": "Intake (staging)", "role": "intake"}
    )
    html = made.get_data(as_text=True)
    client_id = re.search(r"Client (\S+) is created", html).group(1)
    secret = re.search(r"<code>([^<]+)</code>", html).group(1)
    assert made.status_code == 201 and client_id.startswith("intake-") and len(secret) > 30
    listing = admin.get("/app/admin/clients").get_data(as_text=True)
    assert client_id in listing and secret not in listing
    rotated = admin.post(f"/app/admin/clients/{client_id}/secret", data={"csrf_token": csrf(admin)})
    new_secret = re.findall(r"<code>([^<]+)</code>", rotated.get_data(as_text=True))[0]
    services = app.extensions["services"]
    assert new_secret != secret and services.clients.authenticate(client_id, new_secret)
    assert not services.clients.authenticate(client_id, secret)  # the old one stops at once
    assert admin.post(f"/app/admin/clients/{client_id}/disable", data={"csrf_token": csrf(admin)}).status_code == 303


def test_the_audit_log_filters_and_shows_who_did_what(as_person):
    admin = as_person("admin")
    admin.post("/app/admin/clients", data={"csrf_token": csrf(admin), "name": "Audited", "role": "intake"})
    html = admin.get("/app/admin/audit?action=client.create").get_data(as_text=True)
    assert "client.create" in html and "admin.all@people.example" in html
    assert "session.begin" not in html
    bad = admin.get("/app/admin/audit?since=yesterday")
    assert 'id="since-error"' in bad.get_data(as_text=True)


def test_the_review_queue_lists_reports_and_verifies_from_the_queue(app, as_person):
    staff = as_person("partner", "pumch")
    form = {"csrf_token": csrf(staff), "version": version(app, "pumch"), "status": "limited", "notes": "Tuesdays"}
    staff.post("/app/centres/pumch/capabilities/hydrodissection", data=form)
    coordinator = as_person("coordinator")
    queue = coordinator.get("/app/review").get_data(as_text=True)
    assert "limited: Tuesdays" in queue and "partner.pumch@people.example" in queue
    form_for = r'action="/app/centres/pumch/capabilities/hydrodissection/verification">.*?name="version" value="(\d+)"'
    current = re.search(form_for, queue, re.S).group(1)
    done = coordinator.post(
        "/app/centres/pumch/capabilities/hydrodissection/verification",
        data={"csrf_token": csrf(coordinator), "version": current, "back": "review"},
    )
    assert done.status_code == 303 and done.headers["Location"].startswith("/app/review?done=")
    assert "limited: Tuesdays" not in coordinator.get("/app/review").get_data(as_text=True)
    assert as_person("partner", "pumch").get("/app/review").status_code == 403
