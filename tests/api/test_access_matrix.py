"""Role × operation: every cell of access_matrix.txt, each against a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import etag_of

MATRIX = Path(__file__).with_name("access_matrix.txt")

#: operation -> (method, OpenAPI path, body, needs If-Match); paths name pumch and its codes.
OPERATIONS = {
    "list-centres": ("get", "/v1/centres", None, False),
    "search-centres": ("get", "/v1/centres/search", None, False),
    "get-centre": ("get", "/v1/centres/{slug}", None, False),
    "get-vocabulary": ("get", "/v1/vocabulary", None, False),
    "match": ("post", "/v1/match", {"lesion_site": "rib"}, False),
    "create-centre": (
        "post",
        "/v1/centres",
        {"slug": "matrix-centre", "name": "Matrix Centre", "country": "IN", "city": "Pune"},
        False,
    ),
    "patch-intake-flag": ("patch", "/v1/centres/{slug}", {"accepting_referrals": False}, True),
    "patch-name": ("patch", "/v1/centres/{slug}", {"name": "Renamed"}, True),
    "put-capability": ("put", "/v1/centres/{slug}/capabilities/{code}", {"status": "limited"}, True),
    "delete-capability": ("delete", "/v1/centres/{slug}/capabilities/{code}", None, True),
    "verify-capability": ("post", "/v1/centres/{slug}/capabilities/{code}/verification", {}, True),
    "put-service": ("put", "/v1/centres/{slug}/services/{code}", {"sites": ["spine"]}, True),
    "delete-service": ("delete", "/v1/centres/{slug}/services/{code}", None, True),
    "verify-service": ("post", "/v1/centres/{slug}/services/{code}/verification", {}, True),
    "set-vetting": ("post", "/v1/centres/{slug}/vetting", {"status": "lapsed", "reason": "Review overdue."}, True),
    "read-audit": ("get", "/v1/audit", None, False),
}
CODES = {"capabilities": "hydrodissection", "services": "bone-cryoablation"}


def concrete(path: str) -> str:
    for kind, code in CODES.items():
        path = path.replace(f"/{kind}/{{code}}", f"/{kind}/{code}")
    return path.replace("{slug}", "pumch")


def read_matrix() -> list[tuple[str, str, int]]:
    lines = [line for line in MATRIX.read_text().splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = [line.split() for line in lines]
    cells = []
    for operation, *statuses in rows:
        assert operation in OPERATIONS, operation
        cells += [(operation, principal, int(s)) for principal, s in zip(header[1:], statuses, strict=True)]
    return cells


def test_the_matrix_covers_every_operation(client):
    assert {op for op, _, _ in read_matrix()} == set(OPERATIONS)
    spec = client.get("/openapi.json").get_json()
    served = {
        (method, path)
        for path, item in spec["paths"].items()
        if path.startswith("/v1/")
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert served == {(method, path) for method, path, _, _ in OPERATIONS.values()}


@pytest.mark.parametrize("operation, principal, expected", read_matrix())
def test_access(as_, operation, principal, expected):
    method, template, body, needs_etag = OPERATIONS[operation]
    path = concrete(template)
    caller = as_(None if principal == "anonymous" else principal)
    headers = {}
    if needs_etag:
        headers["If-Match"] = etag_of(as_("admin"), "pumch")
    before = as_("admin").get("/v1/centres/pumch").get_json()
    response = getattr(caller, method)(path, json=body, headers=headers)
    assert response.status_code == expected, response.get_json()
    if expected >= 400:
        assert response.mimetype == "application/problem+json"
        # What was refused changed nothing.
        assert as_("admin").get("/v1/centres/pumch").get_json() == before
        assert as_("admin").get("/v1/centres/matrix-centre").status_code == 404
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
