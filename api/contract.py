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
- any 409 a view declares is problem+json, whatever the view wrote;
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
                if str(status)[0] in "45" and "application/json" in content:
                    content[PROBLEM] = content.pop("application/json")


def with_vocabulary(spec: dict[str, Any], codes: dict[str, list[str]]) -> dict[str, Any]:
    """The document with each request field that takes vocabulary codes (``x-vocabulary``,
    see ``api.schemas.vocabulary``) listing them as an enum, from the vocabulary in force. A
    kind with no codes loaded keeps the field a plain string."""

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            found = {key: visit(value) for key, value in node.items()}
            kind = node.get("x-vocabulary")
            if isinstance(kind, str) and codes.get(kind):
                found["enum"] = list(codes[kind])
            return found
        if isinstance(node, list):
            return [visit(item) for item in node]
        return node

    return visit(spec)  # type: ignore[no-any-return]


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
    """What in ``new`` would break a client generated from ``old``: an operation removed or
    renamed (its operationId), moved to another method or path, a response property removed,
    a request property newly required, a request property removed."""
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
    for name, schema in old_schemas.items():
        if name not in new_schemas:
            found.append(f"schema {name} removed")
            continue
        now = new_schemas[name]
        for prop in schema.get("properties", {}):
            if prop not in now.get("properties", {}):
                found.append(f"property {name}.{prop} removed")
        for prop in set(now.get("required", [])) - set(schema.get("required", [])):
            if name in _request_schemas(new) and prop in now.get("properties", {}):
                found.append(f"request property {name}.{prop} now required")
    return found


def _request_schemas(spec: dict[str, Any]) -> set[str]:
    """The schemas request bodies name (directly)."""
    names = set()
    for _, _, op in operations(spec).values():
        for media in op.get("requestBody", {}).get("content", {}).values():
            ref = media.get("schema", {}).get("$ref", "")
            if ref:
                names.add(ref.rsplit("/", 1)[1])
    return names
