"""Role × operation: every cell of access_matrix.txt, each against a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

MATRIX = Path(__file__).with_name("access_matrix.txt")

#: operation -> (method, OpenAPI path and query, body, needs If-Match); paths name pumch and its codes.
OPERATIONS = {
    "list-centres": ("get", "/v1/centres", None, False),
    "search-centres": ("get", "/v1/centres/search", None, False),
    "suggest-centres": ("get", "/v1/centres/suggest?q=pek", None, False),
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
    "patch-capability": ("patch", "/v1/centres/{slug}/capabilities/{code}", {"notes": "Matrix."}, True),
    "delete-capability": ("delete", "/v1/centres/{slug}/capabilities/{code}", None, True),
    "verify-capability": ("post", "/v1/centres/{slug}/capabilities/{code}/verification", {}, True),
    "put-service": ("put", "/v1/centres/{slug}/services/{code}", {"sites": ["spine"]}, True),
    "patch-service": ("patch", "/v1/centres/{slug}/services/{code}", {"wait_days": 9}, True),
    "delete-service": ("delete", "/v1/centres/{slug}/services/{code}", None, True),
    "verify-service": ("post", "/v1/centres/{slug}/services/{code}/verification", {}, True),
    "set-vetting": ("post", "/v1/centres/{slug}/vetting", {"status": "lapsed", "reason": "Review overdue."}, True),
    "read-audit": ("get", "/v1/audit", None, False),
    "review-facts": ("get", "/v1/review/facts", None, False),
    "list-rates": ("get", "/v1/exchange-rates", None, False),
    "get-rate": ("get", "/v1/exchange-rates/{currency}", None, False),
    "put-rate": (
        "put",
        "/v1/exchange-rates/{currency}",
        {"usd_per_unit": 0.15, "as_of": "2026-12-01", "source": "Matrix."},
        False,
    ),
    "list-referrals": ("get", "/v1/referrals", None, False),
    "create-referral": (
        "post",
        "/v1/referrals",
        {"external_ref": "matrix-2", "centre": "pumch", "profile": {"lesion_site": "rib"}},
        False,
    ),
    "get-referral": ("get", "/v1/referrals/{referral_id}", None, False),
    "move-referral": (
        "post",
        "/v1/referrals/{referral_id}/transitions",
        {"to": "received", "reason": "Logged by phone."},
        True,
    ),
    "message-referral": ("post", "/v1/referrals/{referral_id}/messages", {"body": "Scans attached."}, False),
    "list-webhooks": ("get", "/v1/webhooks", None, False),
    "register-webhook": ("post", "/v1/webhooks", {"url": "https://93.184.215.14/hook"}, False),
    "delete-webhook": ("delete", "/v1/webhooks/{hook_id}", None, False),
    "read-deliveries": ("get", "/v1/webhooks/{hook_id}/deliveries", None, False),
    "rotate-webhook-secret": ("post", "/v1/webhooks/{hook_id}/secret", {}, False),
    "rotate-client-secret": ("post", "/v1/clients/{client_id}/secret", {}, False),
}
CODES = {"capabilities": "hydrodissection", "services": "bone-cryoablation"}


def concrete(path: str, objects: dict[str, str]) -> str:
    for kind, code in CODES.items():
        path = path.replace(f"/{kind}/{{code}}", f"/{kind}/{code}")
    return path.replace("{slug}", "pumch").replace("{currency}", "CNY").format(**objects)


def state(as_, objects: dict[str, str]) -> list:
    """What a refused operation must leave as it was."""
    return [
        as_("admin").get("/v1/centres/pumch").get_json(),
        as_("admin").get("/v1/centres/matrix-centre").status_code,
        as_("coordinator").get(f"/v1/referrals/{objects['referral_id']}").get_json()["version"],
        [r["id"] for r in as_("coordinator").get("/v1/referrals?page_size=100").get_json()["items"]],
        as_("intake_a").get("/v1/webhooks").get_json(),
    ]


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
    assert served == {(method, path.split("?")[0]) for method, path, _, _ in OPERATIONS.values()}


@pytest.mark.parametrize("operation, principal, expected", read_matrix())
def test_access(as_, template, operation, principal, expected):
    template_credentials = template.credentials
    method, template, body, needs_etag = OPERATIONS[operation]
    referral = as_("intake_a").post(
        "/v1/referrals", json={"external_ref": "matrix-1", "centre": "pumch", "profile": {"lesion_site": "rib"}}
    )
    hook = as_("intake_a").post("/v1/webhooks", json={"url": "https://93.184.215.14/mine"})
    objects = {
        "referral_id": referral.get_json()["id"],
        "hook_id": hook.get_json()["id"],
        "client_id": template_credentials["intake_b"]["client_id"],
    }
    path = concrete(template, objects)
    caller = as_(None if principal == "anonymous" else principal)
    headers = {}
    if needs_etag:
        target = f"/v1/referrals/{objects['referral_id']}" if "referral_id" in template else "/v1/centres/pumch"
        headers["If-Match"] = as_("coordinator").get(target).headers["ETag"]
    before = state(as_, objects)
    response = getattr(caller, method)(path, json=body, headers=headers)
    assert response.status_code == expected, response.get_json()
    if expected >= 400:
        assert response.mimetype == "application/problem+json"
        assert state(as_, objects) == before  # what was refused changed nothing
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
