"""People signed in to the app, one test client each."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.people import make_person, sign_in


@pytest.fixture
def as_person(app: Flask):
    made: dict[str, FlaskClient] = {}

    def person(role: str, centre: str | None = None, name: str = "") -> FlaskClient:
        key = f"{role}:{centre}:{name}"
        if key not in made:
            services = app.extensions["services"]
            email = make_person(services, role, f"{role}{name}.{centre or 'all'}@people.example", centre)
            client = app.test_client()
            assert sign_in(client, email).status_code == 302  # back into the app, signed in
            made[key] = client
        return made[key]

    return person
