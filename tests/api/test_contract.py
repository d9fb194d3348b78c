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
from openapi_schema_validator import OAS31Validator
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
        assert operation.get("summary"), (method, path)
    # Beyond the one-line summary: who may call it, what it answers, the errors worth knowing.
    undescribed = _undescribed_operations(spec)
    assert not undescribed, "Operations without a description: " + ", ".join(undescribed)


def _undescribed_operations(spec: dict) -> list[str]:
    return [
        f"{method.upper()} {path} ({name})"
        for name, (method, path, operation) in contract.operations(spec).items()
        if not (operation.get("description") or "").strip()
    ]


#: A branch of ``anyOf`` that only says the value may be null.
NULL = {"type": "null"}


def _component(node: dict, spec: dict) -> tuple[str | None, dict]:
    """The schema a node names with ``$ref`` (and its name), or the node itself."""
    ref = node.get("$ref")
    if ref is None:
        return None, node
    assert ref.startswith("#/components/schemas/"), ref
    name = ref.rsplit("/", 1)[1]
    return name, spec["components"]["schemas"][name]


def _branches(node: dict) -> list[dict]:
    """The node and the schemas it combines (``anyOf``, ``allOf``, ``oneOf``), null left out."""
    found = [node]
    for key in ("anyOf", "allOf", "oneOf"):
        for branch in node.get(key, []):
            if branch != NULL:
                found.extend(_branches(branch))
    return found


def _has_example(node: dict, spec: dict) -> bool:
    """An example on the node, on a schema it combines or names, or (an array) on its items."""
    for branch in _branches(node):
        _, schema = _component(branch, spec)
        if any("example" in s or "examples" in s for s in (branch, schema)):
            return True
        if "items" in schema and _has_example(schema["items"], spec):
            return True
    return False


def _request_fields(spec: dict) -> dict[str, tuple[str, dict]]:
    """Every parameter of every operation, and every property its request body reaches (through
    ``$ref``, items and ``anyOf``/``allOf``/``oneOf``): a name saying where it is -> (parameter
    or property, its node). A schema used by several bodies is walked once, named by itself."""
    found: dict[str, tuple[str, dict]] = {}
    seen: set[str] = set()

    def visit(node: dict, where: str) -> None:
        for branch in _branches(node):
            name, schema = _component(branch, spec)
            if name in seen:
                continue
            if name is not None:
                seen.add(name)
            here = name or where
            for prop, value in schema.get("properties", {}).items():
                found[f"{here}.{prop}"] = ("property", value)
                visit(value, f"{here}.{prop}")
            if "items" in schema:
                visit(schema["items"], f"{here}[]")

    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in contract.METHODS:
                continue
            where = f"{method.upper()} {path}"
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                found[f"{where} {parameter['in']} parameter {parameter['name']}"] = ("parameter", parameter)
            for media, body in operation.get("requestBody", {}).get("content", {}).items():
                visit(body["schema"], f"{where} {media} body")
    return found


def _undocumented(spec: dict) -> list[str]:
    """Each request field or parameter without a description, or without an example."""
    missing = []
    for name, (kind, node) in sorted(_request_fields(spec).items()):
        if kind == "parameter":  # a parameter's description is its own (apispec moves it there)
            described = bool((node.get("description") or "").strip())
            exemplified = "example" in node or "examples" in node or _has_example(node.get("schema", {}), spec)
        else:
            described = any((branch.get("description") or "").strip() for branch in _branches(node))
            exemplified = _has_example(node, spec)
        missing += [f"{name}: no description"] * (not described) + [f"{name}: no example"] * (not exemplified)
    return missing


def test_every_request_field_is_described_with_an_example(spec):
    """What a caller sends is documented field by field: what it means (description) and a
    value it could send (example), for every parameter and every property of every request
    body, however deeply nested."""
    assert len(_request_fields(spec)) > 150  # nested schemas too (e.g. CaseProfile within ReferralCreate)
    missing = _undocumented(spec)
    assert not missing, f"{len(missing)} request fields are not documented:\n" + "\n".join(missing)


def test_the_documentation_check_names_what_is_missing(spec):
    changed = copy.deepcopy(spec)
    schemas = changed["components"]["schemas"]
    del schemas["CaseProfile"]["properties"]["lesion_size_cm"]["description"]  # reached through ReferralCreate
    del schemas["Location"]["properties"]["lat"]["example"]  # through anyOf [Location, null]
    del schemas["ServiceInput"]["properties"]["sites"]["example"]  # its items keep theirs: still exemplified
    _, path, operation = contract.operations(changed)["getCentre"]
    del changed["paths"][path]["parameters"][0]["description"]  # slug, from the route
    del operation["description"]
    assert _undocumented(changed) == [
        "CaseProfile.lesion_size_cm: no description",
        "GET /v1/centres/{slug} path parameter slug: no description",
        "Location.lat: no example",
        "PATCH /v1/centres/{slug} path parameter slug: no description",
    ]
    assert _undescribed_operations(changed) == ["GET /v1/centres/{slug} (getCentre)"]
    assert _undocumented(spec) == _undescribed_operations(spec) == []


def _examples(node: dict) -> list[tuple[dict, object]]:
    """Each example a schema node gives (on itself, a schema it combines, or its items), with
    the schema it is an example of."""
    found = []
    for branch in _branches(node):
        if "example" in branch:
            found.append((branch, branch["example"]))
        if "items" in branch:
            found.extend(_examples(branch["items"]))
    return found


def test_every_request_example_is_valid(spec):
    """An example is a value the operation takes: it keeps its field's own rules (pattern,
    enum, range, length, format, no unknown property), so that a caller who copies it is not
    refused for its shape."""
    invalid = []
    for name, (kind, node) in sorted(_request_fields(spec).items()):
        found = _examples(node.get("schema", {}) if kind == "parameter" else node)
        if kind == "parameter" and "example" in node:
            found.append((node["schema"], node["example"]))
        for schema, example in found:
            validator = OAS31Validator(
                {**schema, "components": spec["components"]}, format_checker=OAS31Validator.FORMAT_CHECKER
            )
            invalid += [f"{name}: {example!r}: {error.message[:200]}" for error in validator.iter_errors(example)]
    assert not invalid, "Examples the field itself refuses:\n" + "\n".join(invalid)


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
            if status[0] in "45" and (name, status) != ("getReadiness", "503"):  # its own JSON: next test
                response = responses[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
                assert list(response["content"]) == ["application/problem+json"], (name, status)


def test_a_readiness_failure_is_declared_as_what_it_is(spec):
    declared = spec["paths"]["/readyz"]["get"]["responses"]["503"]["content"]
    assert declared == {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}


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


def test_the_breaking_change_check_names_enum_and_required_changes(spec):
    changed = copy.deepcopy(spec)
    schemas = changed["components"]["schemas"]
    schemas["Referral"]["properties"]["status"]["enum"].append("paused")  # old clients cannot parse it
    schemas["Referral"]["required"].remove("version")  # old clients read it unconditionally
    schemas["TransitionInput"]["properties"]["to"]["enum"].remove("failed")  # old clients send it
    schemas["LesionSiteCode"]["enum"].remove("rib")
    schemas["TransitionInput"]["properties"]["to"]["enum"].append("archived")  # new request values: fine
    assert contract.breaking(spec, changed) == [
        "request enum LesionSiteCode lost rib",
        "request enum TransitionInput.to lost failed",
        "response enum Referral.status gained paused",
        "response property Referral.version no longer required",
    ]


def test_vocabulary_codes_are_request_enums_and_response_strings(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["LesionSiteCode"]["enum"][:2] == ["spine", "pelvis-sacrum"]
    assert schemas["MatchInput"]["properties"]["lesion_site"]["$ref"] == "#/components/schemas/LesionSiteCode"
    assert schemas["CaseProfile"]["properties"]["service"]["$ref"] == "#/components/schemas/ServiceCode"
    # The same case, as a referral shows it: a string, so that new sites never break a reader.
    assert schemas["CaseProfileView"]["properties"]["lesion_site"]["type"] == "string"
    in_responses = contract._schemas_used(spec, contract._response_roots)
    assert "CaseProfileView" in in_responses and "Referral" in in_responses
    assert not {"LesionSiteCode", "CapabilityCode", "ServiceCode", "RuleCode"} & in_responses
