"""Every error is RFC 9457 problem+json, with the right status and the field at fault."""

from __future__ import annotations

import pytest

from tests.conftest import etag_of


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["type"] == "about:blank"
    assert body["instance"] == response.request.path
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


def test_malformed_json_is_400(as_):
    r = as_("coordinator").post("/v1/centres", data="{not json", content_type="application/json")
    assert_problem(r, 400)


def test_a_json_array_instead_of_an_object_is_422(as_):
    assert_problem(as_("coordinator").post("/v1/centres", json=[1, 2]), 422)


def test_wrong_types_name_each_field(as_):
    r = as_("coordinator").post(
        "/v1/centres",
        json={"slug": 5, "name": ["x"], "country": "IN", "city": "Pune", "accepting_referrals": "perhaps"},
    )
    body = assert_problem(r, 422)
    pointers = {e["pointer"] for e in body["errors"]}
    assert {"/slug", "/name", "/accepting_referrals"} <= pointers
    assert all(e["location"] == "json" and e["detail"] for e in body["errors"])


def test_unknown_fields_are_rejected(as_):
    caller = as_("coordinator")
    r = caller.patch(
        "/v1/centres/pumch", json={"city": "Beijing", "colour": "blue"}, headers={"If-Match": etag_of(caller, "pumch")}
    )
    body = assert_problem(r, 422)
    assert body["errors"] == [{"location": "json", "pointer": "/colour", "detail": "Unknown field."}]


def test_unknown_route_is_404(as_):
    assert_problem(as_("coordinator").get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(as_):
    r = as_("coordinator").delete("/v1/centres")
    assert_problem(r, 405)
    assert set(r.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_oversized_body_is_413(as_):
    r = as_("coordinator").post("/v1/centres", data="x" * 70_000, content_type="application/json")
    assert_problem(r, 413)


def test_unexpected_errors_do_not_leak_internals(app, as_, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(app.extensions["services"].centres, "get", boom)
    body = assert_problem(as_("coordinator").get("/v1/centres/pumch"), 500)
    assert "secret" not in str(body)


@pytest.mark.parametrize("path", ["/v1/centres", "/v1/vocabulary"])
def test_success_is_plain_json(as_, path):
    r = as_("coordinator").get(path)
    assert r.status_code == 200 and r.mimetype == "application/json"


def test_a_failed_statement_is_a_500_not_a_database_outage(app, as_, monkeypatch):
    """SQLite reports SQL errors as OperationalError; only real outages are 503."""
    from sqlalchemy import text

    def broken(*args, **kwargs):
        with app.extensions["services"].db.session() as session:
            session.execute(text("SELECT no_such_column FROM centres"))

    monkeypatch.setattr(app.extensions["services"].centres, "get", broken)
    assert_problem(as_("coordinator").get("/v1/centres/pumch"), 500)
