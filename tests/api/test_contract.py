"""The OpenAPI document as a contract the intake service's developers build on: valid OpenAPI
3.1, every operation named (operationId), described, and declaring every error status it can
answer as problem+json; and the same as the committed copy (clients/openapi.json), so that a
change to it is deliberate, with the changes that would break a generated client named."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from api import contract

COMMITTED = Path(__file__).resolve().parents[2] / "clients" / "openapi.json"


@pytest.fixture(scope="module")
def spec() -> dict:
    return contract.document()


def test_the_document_is_valid_openapi(spec):
    validate(spec)


def test_every_operation_is_named_and_described(spec):
    named = contract.operations(spec)
    count = sum(1 for item in spec["paths"].values() for method in item if method in contract.METHODS)
    assert len(named) == count  # each operationId once
    for name, (method, path, operation) in named.items():
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", name), name
        assert operation.get("summary") or operation.get("description"), (method, path)


def test_every_error_an_operation_can_answer_is_declared_as_a_problem(spec):
    responses = spec["components"]["responses"]
    for name, (_, path, operation) in contract.operations(spec).items():
        if path.startswith("/oauth/"):
            continue  # RFC 6749's errors: see the next test
        declared = operation["responses"]
        assert "default" not in declared, name
        parameters = {p.get("name") for p in operation.get("parameters", [])}
        expected = {"400", "401", "429"} if operation.get("security") else {"400"}
        if "{" in path:
            expected.add("404")
        if "If-Match" in parameters:
            expected |= {"412", "428"}
        if "requestBody" in operation:
            expected.add("422")
        assert expected <= set(declared), (name, expected - set(declared))
        for status, response in declared.items():
            if status[0] in "45":
                response = responses[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
                assert list(response["content"]) == ["application/problem+json"], (name, status)


def test_the_oauth_endpoints_are_documented_with_their_own_errors(spec):
    named = contract.operations(spec)
    for name, path in [
        ("issueToken", "/oauth/token"),
        ("introspectToken", "/oauth/introspect"),
        ("revokeToken", "/oauth/revoke"),
    ]:
        method, where, operation = named[name]
        assert (method, where) == ("post", path)
        assert list(operation["requestBody"]["content"]) == ["application/x-www-form-urlencoded"]
        for status in ("400", "401"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/OAuthError"}, (name, status)
    token = spec["components"]["schemas"]["TokenResponse"]
    assert set(token["required"]) == {"access_token", "token_type", "expires_in", "scope"}


def test_problems_declare_their_extension_members(spec):
    problem = spec["components"]["schemas"]["Problem"]
    assert {"allowed", "current_version", "errors", "code", "request_id"} <= set(problem["properties"])
    assert problem.get("additionalProperties", True) is not False


def test_the_vocabulary_states_its_scope(spec):
    assert spec["paths"]["/v1/vocabulary"]["get"]["security"] == [{"oauth2": ["centres:read"]}]


def test_the_committed_document_is_the_served_one(spec):
    committed = json.loads(COMMITTED.read_text())
    changes = contract.breaking(committed, spec)
    assert committed == spec, "The OpenAPI document changed: run `make openapi` and commit clients/openapi.json." + (
        " It would break generated clients: " + "; ".join(changes) if changes else " No change breaks a client."
    )


def test_the_breaking_change_check_names_what_would_break(spec):
    changed = copy.deepcopy(spec)
    method, path, _ = contract.operations(changed)["createReferral"]
    changed["paths"][path][method]["operationId"] = "makeReferral"
    del changed["components"]["schemas"]["Referral"]["properties"]["status"]
    create = changed["components"]["schemas"]["ReferralCreate"]
    create["required"] = [*create.get("required", []), "override_reason"]
    assert contract.breaking(spec, changed) == [
        "operation createReferral (POST /v1/referrals) removed or renamed",
        "property Referral.status removed",
        "request property ReferralCreate.override_reason now required",
    ]
    assert contract.breaking(spec, spec) == []
