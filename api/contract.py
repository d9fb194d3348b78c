"""The OpenAPI document as a contract. What every operation declares, as rules rather than per
view: the error statuses it can answer, each as problem+json with the Problem schema. And the
check that keeps changes deliberate: the document is committed (clients/openapi.json, written
by ``make openapi``: ``partner-directory openapi``), and :func:`breaking` says which differences would break a client
generated from it.

- every operation: 401, 403 and 429 come from its scopes (``api.oauth.requires``);
- a path with a parameter: 404 (the object does not exist, or not for this caller);
- an ``If-Match`` header: 412 (another version is current) and 428 (none sent);
- every operation: 400 (an unknown query parameter, a malformed header, a body missing or not
  JSON); with a body, 413, 415 and 422 (declared by flask-smorest's arguments);
- an error a view declares with the Problem schema is problem+json, whatever the view wrote
  (a 503 from /readyz is its own JSON, and says so);
- no catch-all ``default``: a generated client then knows every status it may meet.
"""

from __future__ import annotations

import tempfile
from typing import Any

from apispec import APISpec, BasePlugin

PROBLEM = "application/problem+json"
#: Component responses this adds: name -> description.
RESPONSES = {
    "NotFound": "No such object, or not one this client may see.",
    "PreconditionFailed": "If-Match names another version than the current one; the problem says which "
    "(current_version). Read it again and reapply.",
    "PreconditionRequired": "Send If-Match with the ETag you read.",
    "BadRequest": "The request is malformed: a query parameter unknown (every operation refuses those) or "
    "invalid, a header malformed, or the body missing or not JSON; errors says which and why.",
    "ContentTooLarge": "The body is larger than the service takes.",
    "UnsupportedMediaType": "The body is not of a media type this operation takes (application/json, or "
    "application/merge-patch+json for a PATCH).",
}


class ProblemResponses(BasePlugin):
    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    def declare(self, problem_schema: Any) -> None:
        """The component responses the rules refer to (once the Problem schema is known)."""
        for name, description in RESPONSES.items():
            self.spec.components.response(
                name, {"description": description, "content": {PROBLEM: {"schema": problem_schema}}}
            )

    def operation_helper(self, path: str | None = None, operations: dict[str, Any] | None = None, **_: Any) -> None:
        for operation in (operations or {}).values():
            if "oauth" in operation.get("tags", ()):
                continue  # RFC 6749's endpoints answer its errors, and declare them (api.oauth.server)
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            parameters = operation.get("parameters", [])
            if "{" in (path or ""):
                responses.setdefault("404", ref("NotFound"))
            if any(isinstance(p, dict) and p.get("name") == "If-Match" for p in parameters):
                responses.setdefault("412", ref("PreconditionFailed"))
                responses.setdefault("428", ref("PreconditionRequired"))
            responses.setdefault("400", ref("BadRequest"))
            body = operation.get("requestBody", {}).get("content", {})
            if body:
                responses.setdefault("413", ref("ContentTooLarge"))
            if "application/json" in body:
                responses.setdefault("415", ref("UnsupportedMediaType"))
            for status, response in responses.items():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                schema = content.get("application/json", {}).get("schema", {})
                if str(status)[0] in "45" and schema.get("$ref", "").endswith("/Problem"):
                    content[PROBLEM] = content.pop("application/json")


def nullable_enum(converter: Any, field: Any, ret: dict[str, Any], **_: Any) -> dict[str, Any]:
    """A closed set that may also be null, as generators read it: ``anyOf`` the enum and null
    (apispec writes ``type: [string, null]`` with null among the values, which
    openapi-python-client turns into three classes)."""
    kinds, values = ret.get("type"), ret.get("enum")
    if not (isinstance(kinds, list) and "null" in kinds and isinstance(values, list) and None in values):
        return {}
    (kind,) = [k for k in kinds if k != "null"]
    del ret["type"], ret["enum"]
    return {"anyOf": [{"type": kind, "enum": [v for v in values if v is not None]}, {"type": "null"}]}


#: The component each kind of vocabulary code becomes (one enum class in a generated client,
#: shared by every request that takes such a code).
VOCABULARY_SCHEMAS = {
    "sites": ("LesionSiteCode", "A lesion site of the vocabulary in force (GET /v1/vocabulary)."),
    "capabilities": ("CapabilityCode", "A capability of the vocabulary in force (GET /v1/vocabulary)."),
    "services": ("ServiceCode", "A service (procedure) of the vocabulary in force (GET /v1/vocabulary)."),
    "rules": ("RuleCode", "A clinical rule of the vocabulary in force (GET /v1/vocabulary)."),
}


def with_vocabulary(spec: dict[str, Any], codes: dict[str, list[str]]) -> dict[str, Any]:
    """The document with each request field that takes vocabulary codes (``x-vocabulary``,
    see ``api.schemas.vocabulary``) naming an enum of them, from the vocabulary in force: one
    component per kind (``LesionSiteCode``, ...). A kind with no codes loaded keeps its fields
    plain strings. Responses name codes as plain strings, so new codes never break a client."""
    loaded = {kind: values for kind, values in codes.items() if values and kind in VOCABULARY_SCHEMAS}

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            found = {key: visit(value) for key, value in node.items()}
            kind = node.get("x-vocabulary")
            if kind in loaded:
                for key in ("type", "pattern", "enum"):
                    found.pop(key, None)
                found["$ref"] = f"#/components/schemas/{VOCABULARY_SCHEMAS[kind][0]}"
            return found
        if isinstance(node, list):
            return [visit(item) for item in node]
        return node

    document: dict[str, Any] = visit(spec)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for kind, values in loaded.items():
        name, description = VOCABULARY_SCHEMAS[kind]
        schemas[name] = {"type": "string", "enum": list(values), "description": description}
    return document


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


# --- the committed document ---------------------------------------------------------------------

#: The deployment address the committed document is written for (the token URL names it).
PUBLIC_URL = "http://127.0.0.1:8000"
METHODS = ("get", "post", "put", "patch", "delete")


def document() -> dict[str, Any]:
    """The OpenAPI document as this code serves it, for the committed copy's address."""
    from api import create_app
    from api.config import Config
    from directory import migrate
    from seeds import loader

    with tempfile.TemporaryDirectory() as instance:
        # Only these settings: whatever the environment, the document is the same.
        app = create_app(Config.from_env({"INSTANCE_PATH": instance, "PUBLIC_URL": PUBLIC_URL, "LOG_LEVEL": "WARNING"}))
        services = app.extensions["services"]
        migrate.upgrade(services.db, "head")
        loader.load(services, centres_file=None)  # the vocabulary the repository ships, for its enums
        try:
            return app.test_client().get("/openapi.json").get_json()  # type: ignore[no-any-return]
        finally:
            services.db.dispose()


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (method, path, operation)."""
    return {
        op["operationId"]: (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def breaking(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What in ``new`` would break a client generated from ``old``:

    - an operation removed or renamed (its operationId), or moved to another method or path;
    - a schema or a property removed;
    - a request property newly required (old clients do not send it);
    - a response property no longer required (old clients read it unconditionally);
    - an enum: a request value removed (old clients send it), a response value added (old
      clients parse it into an enum that lacks it) -- hence codes of the vocabulary are enums on
      the request side only.
    """
    found = []
    before, after = operations(old), operations(new)
    for name, (method, path, _) in before.items():
        if name not in after:
            found.append(f"operation {name} ({method.upper()} {path}) removed or renamed")
        elif after[name][:2] != (method, path):
            found.append(
                f"operation {name} moved from {method.upper()} {path} to {after[name][0].upper()} {after[name][1]}"
            )
    old_schemas, new_schemas = old["components"]["schemas"], new["components"]["schemas"]
    requests, responses = _schemas_used(new, _request_roots), _schemas_used(new, _response_roots)
    for name, schema in old_schemas.items():
        if name not in new_schemas:
            found.append(f"schema {name} removed")
            continue
        now = new_schemas[name]
        for prop in schema.get("properties", {}):
            if prop not in now.get("properties", {}):
                found.append(f"property {name}.{prop} removed")
        for prop in set(now.get("required", [])) - set(schema.get("required", [])):
            if name in requests and prop in now.get("properties", {}):
                found.append(f"request property {name}.{prop} now required")
        for prop in set(schema.get("required", [])) - set(now.get("required", [])):
            if name in responses and prop in now.get("properties", {}):
                found.append(f"response property {name}.{prop} no longer required")
        places = [(name, schema, now)] + [
            (f"{name}.{prop}", was, now.get("properties", {}).get(prop, {}))
            for prop, was in schema.get("properties", {}).items()
        ]
        for where, was, is_now in places:
            removed, added = _enum_changes(was, is_now)
            if removed and name in requests:
                found.append(f"request enum {where} lost {', '.join(map(str, removed))}")
            if added and name in responses:
                found.append(f"response enum {where} gained {', '.join(map(str, added))}")
    return sorted(found, key=lambda line: (not line.startswith("operation"), line))


def _enum_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """The values an enum (here, in its items, or in an ``anyOf`` branch) lost and gained."""
    was, now = _enum(old), _enum(new)
    if was is None or now is None:
        return [], []
    return [v for v in was if v not in now], [v for v in now if v not in was]


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    for branch in (schema.get("items"), *schema.get("anyOf", ())):
        if isinstance(branch, dict) and (values := _enum(branch)) is not None:
            return values
    return None


def _request_roots(operation: dict[str, Any]) -> list[Any]:
    return [media.get("schema", {}) for media in operation.get("requestBody", {}).get("content", {}).values()]


def _response_roots(operation: dict[str, Any]) -> list[Any]:
    return [
        media.get("schema", {})
        for response in operation.get("responses", {}).values()
        for media in response.get("content", {}).values()
    ]


def _schemas_used(spec: dict[str, Any], roots: Any) -> set[str]:
    """The component schemas that requests (or responses) use, directly or nested."""
    schemas = spec["components"]["schemas"]
    found: set[str] = set()
    pending = [root for _, _, op in operations(spec).values() for root in roots(op)]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/") and (name := ref.rsplit("/", 1)[1]) not in found:
                found.add(name)
                pending.append(schemas.get(name, {}))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found
