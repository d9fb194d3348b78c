"""The API reference as a page: the OpenAPI document, read once and laid out for people.

A pure function of the document (``reference``) and a view that renders it. The page needs no
JavaScript: developers read it offline, with a screen reader or in a terminal browser; the
interactive console (Swagger UI, about 1.4 MB of JavaScript) is one link away, for those who
want to send requests from the browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup, escape

blueprint = Blueprint("reference", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    schema: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    scopes: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    body: str
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    properties: tuple[Property, ...]


@dataclass(frozen=True)
class Section:
    name: str
    description: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    token_url: str
    scopes: dict[str, str]
    sections: tuple[Section, ...]
    schemas: tuple[Schema, ...]


def reference(spec: dict[str, Any]) -> Reference:
    """The document's operations grouped by tag (in the document's order) and its schemas."""
    components = spec.get("components", {})
    sections = {tag["name"]: Section(tag["name"], tag.get("description", "")) for tag in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            operation = _operation(path, method, item[method], shared, components)
            for tag in item[method].get("tags", ["other"]):
                sections.setdefault(tag, Section(tag, "")).operations.append(operation)
    flows = components.get("securitySchemes", {}).get("oauth2", {}).get("flows", {})
    flow = flows.get("clientCredentials", {})
    return Reference(
        title=spec["info"]["title"],
        version=spec["info"]["version"],
        description=spec["info"].get("description", ""),
        token_url=flow.get("tokenUrl", ""),
        scopes=flow.get("scopes", {}),
        sections=tuple(s for s in sections.values() if s.operations),
        schemas=tuple(_schema(name, body) for name, body in sorted(components.get("schemas", {}).items())),
    )


def _operation(path: str, method: str, body: dict[str, Any], shared: list[Any], components: dict) -> Operation:
    parameters = [_resolve(p, components) for p in [*shared, *body.get("parameters", [])]]
    content = body.get("requestBody", {}).get("content", {})
    responses = []
    for status, answer in sorted(body.get("responses", {}).items(), key=lambda kv: (kv[0] == "default", kv[0])):
        answer = _resolve(answer, components)
        media = next(iter(answer.get("content", {}).values()), {})
        responses.append(Response(status, answer.get("description", ""), type_of(media.get("schema", {}))))
    return Operation(
        anchor=body.get("operationId") or f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
        method=method.upper(),
        path=path,
        summary=body.get("summary", ""),
        description=body.get("description", ""),
        scopes=tuple(scope for requirement in body.get("security", []) for scope in requirement.get("oauth2", [])),
        parameters=tuple(
            Parameter(
                name=p["name"],
                where=p["in"],
                required=bool(p.get("required")),
                type=type_of(p.get("schema", {})),
                description=p.get("description", ""),
            )
            for p in parameters
        ),
        body=type_of(next(iter(content.values()), {}).get("schema", {})) if content else "",
        responses=tuple(responses),
    )


def _schema(name: str, body: dict[str, Any]) -> Schema:
    required = set(body.get("required", []))
    return Schema(
        name=name,
        description=body.get("description", ""),
        properties=tuple(
            Property(prop, type_of(value), prop in required, value.get("description", ""))
            for prop, value in body.get("properties", {}).items()
        ),
    )


def _resolve(value: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in value:
        return value
    _, _, kind, name = value["$ref"].split("/", 3)
    return components.get(kind, {}).get(name, {})


def type_of(schema: dict[str, Any]) -> str:
    """A schema in a few words: ``Centre``, ``array of Centre``, ``string (date-time)``, ``one of a, b``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combinator in ("allOf", "anyOf", "oneOf"):
        if combinator in schema:
            kinds = [type_of(s) for s in schema[combinator]]
            kinds = [k for k in kinds if k not in ("object", "null")] or kinds
            if any(s.get("type") == "null" for s in schema[combinator]):
                kinds.append("null")
            return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        return " or ".join(type_of({**schema, "type": k}) if k != "null" else k for k in kind)
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return f"map of {type_of(schema['additionalProperties'])}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind or "any"


@blueprint.get("/docs")
def page() -> Any:
    settings = current_app.config["SETTINGS"]
    if not settings.api_docs:
        abort(404)
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    document = api.document()  # as /openapi.json serves it (the vocabulary's codes may change)
    key = json.dumps(document["components"]["schemas"], sort_keys=True)
    kept = current_app.extensions.get("reference")
    if kept is None or kept[0] != key:
        kept = current_app.extensions["reference"] = (key, reference(document))
    cached = kept[1]
    names = frozenset(s.name for s in cached.schemas)
    example = (
        'curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials '
        f'-d "scope=centres:read match" {cached.token_url}'
    )
    return render_template("docs.html", ref=cached, schema_link=lambda text: linked(text, names), token_example=example)


@blueprint.app_template_filter("prose")
def prose(text: str) -> Markup:
    """Descriptions as paragraphs, with ``literal`` spans as code (the docstrings' one markup)."""
    paragraphs = [" ".join(p.split()) for p in str(text).split("\n\n") if p.strip()]
    return Markup("".join(f"<p>{_code(escape(p))}</p>" for p in paragraphs))


def linked(text: str, schemas: frozenset[str]) -> Markup:
    """A type's words, with each schema's name a link to it."""
    words = re.split(r"([A-Za-z0-9_]+)", text)
    return Markup("").join(
        Markup('<a href="#schema-{0}">{0}</a>').format(w) if w in schemas else escape(w) for w in words
    )


def _code(text: Markup) -> str:
    parts = str(text).split("``")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))
