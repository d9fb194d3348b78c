"""People in tests: local accounts, and signing in through the real pages (Flask's test client
keeps the cookies a browser would)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from directory.identity import Identity

PASSWORD = "a long enough passphrase"
ADMIN = Identity.system("tests")


def make_person(services, role: str = "coordinator", email: str | None = None, centre: str | None = None) -> str:
    email = email or f"{role}@people.example"
    _, token = services.users.create(ADMIN, email, f"{role.title()} Person", role, centre)
    services.users.set_password(token, PASSWORD)
    return email


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} in the page"
    return found.group(1)


def sign_in(client, email: str, password: str = PASSWORD, code: str | None = None, next: str = "/app/"):
    """Sign in as a browser would: the app sends us to the sign-in page, we fill it in, the
    server sends us back with a code, the app exchanges it. Returns the last response."""
    start = client.get(f"/app/sign-in?next={next}")
    assert start.status_code == 302, start.get_data(as_text=True)[:300]
    authorize = local(start.headers["Location"])
    form = client.get(authorize)
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'for="email">Email<' in html and 'for="password">Password<' in html and ">Sign in</button>" in html
    data = {"email": email, "password": password, "form_token": field(html, "form_token")}
    if code:
        data["code"] = code
    back = client.post(authorize, data=data)
    if back.status_code != 302:
        return back
    return client.get(local(back.headers["Location"]))
