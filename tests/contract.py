"""Every response a test sees, held to the committed OpenAPI document (clients/openapi.json,
which test_contract keeps equal to the served one): its status is declared for the operation,
its media type is declared for that status, and its body is valid against the declared schema
(required fields present, null only where nullable, enums kept). The suite's thousands of
requests, in every role and error path, are the evidence that the document tells the truth.

Requests outside the document (pages, OAuth, FHIR, unknown paths) are not checked here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse

COMMITTED = Path(__file__).resolve().parents[1] / "clients" / "openapi.json"
#: Not an operation's answers: a server error is a bug whatever the document says (the fault
#: tests provoke them on purpose); 414 and 431 refuse a request line or headers past the limits
#: before any operation is chosen.
UNCHECKED_STATUSES = {414, 431, 500}


@cache
def document() -> dict[str, Any]:
    return json.loads(COMMITTED.read_text())  # type: ignore[no-any-return]


def _template(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def violations(client: FlaskClient, response: TestResponse) -> list[str]:
    """What in this response the document does not declare (empty: it conforms)."""
    request = response.request
    method = request.method.lower()
    if response.status_code in UNCHECKED_STATUSES:
        return []
    try:
        rule, _ = client.application.url_map.bind("localhost").match(request.path, request.method, return_rule=True)
    except HTTPException:
        return []
    spec = document()
    operation = spec["paths"].get(_template(rule.rule), {}).get(method)
    if operation is None:
        return []
    where = f"{request.method} {request.path} answered {response.status_code}"
    declared = operation["responses"].get(str(response.status_code))
    if declared is None:
        return [f"{where}, which {operation['operationId']} does not declare"]
    if "$ref" in declared:
        declared = spec["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    body = response.get_data()
    if not body or response.status_code == 304:
        return []
    media = declared.get("content", {}).get(response.mimetype)
    if media is None:
        return [f"{where} as {response.mimetype}, not declared for it ({sorted(declared.get('content', {}))})"]
    schema = {**media["schema"], "components": spec["components"]}
    errors = sorted(OAS31Validator(schema).iter_errors(json.loads(body)), key=lambda e: list(e.absolute_path))
    return [f"{where}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:5]]


class ContractClient(FlaskClient):
    """A test client that fails the test on a response the document does not declare."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        found = violations(self, response)
        assert not found, "The response differs from clients/openapi.json:\n" + "\n".join(found)
        return response
