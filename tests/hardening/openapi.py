"""The OpenAPI schema as data: every operation with its resolved JSON request body schema."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tests.hardening import discovery as d


@cache
def schema() -> dict:
    import contextlib
    import io

    from drf_spectacular.generators import SchemaGenerator

    # Generator warnings belong to `make lint` (spectacular --validate), not to every test run.
    with contextlib.redirect_stderr(io.StringIO()):
        return SchemaGenerator().get_schema(request=None, public=True)


def resolve(node: dict, depth: int = 0) -> dict:
    """Follow $ref and flatten allOf, so callers see plain properties."""
    if depth > 10 or not isinstance(node, dict):
        return node or {}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return resolve(schema()["components"]["schemas"][name], depth + 1)
    if "allOf" in node:
        merged: dict = {"type": "object", "properties": {}, "required": []}
        for part in node["allOf"]:
            part = resolve(part, depth + 1)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
            for key in ("enum", "type", "format"):
                if key in part:
                    merged[key] = part[key]
        return merged
    return node


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    body: dict  # resolved request schema, {} when the operation takes no JSON body
    content_types: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def properties(self) -> dict:
        return {k: resolve(v) for k, v in self.body.get("properties", {}).items()}

    @property
    def required(self) -> list[str]:
        return list(self.body.get("required", []))

    def route(self) -> d.Route | None:
        shape = re.sub(r"\{[^}]+\}", "{}", self.path)
        for r in d.api_routes():
            if re.sub(r"\{[^}]+\}", "{}", r.template) == shape:
                return r
        return None


@cache
def operations() -> tuple[Operation, ...]:
    out = []
    for path, item in schema()["paths"].items():
        for method, op in item.items():
            if method not in d.HTTP_METHODS:
                continue
            content = (op.get("requestBody") or {}).get("content", {})
            body = resolve(content.get("application/json", {}).get("schema", {}))
            out.append(Operation(method, path, body, tuple(content)))
    return tuple(out)


def write_operations() -> list[Operation]:
    return [op for op in operations() if op.method in ("post", "put", "patch")]


def example(prop: dict, depth: int = 0):
    """A plausible value of a property schema (valid by type and bounds, not by meaning)."""
    prop = resolve(prop)
    if "enum" in prop:
        values = [v for v in prop["enum"] if v not in (None, "")]
        return values[0] if values else None
    if "oneOf" in prop or "anyOf" in prop:
        return example((prop.get("oneOf") or prop.get("anyOf"))[0], depth + 1)
    kind = prop.get("type")
    fmt = prop.get("format", "")
    if kind == "integer":
        return int(prop.get("minimum", 1))
    if kind == "number":
        return float(prop.get("minimum", 0.5)) if "minimum" in prop else 0.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [] if depth > 2 else [example(prop.get("items", {}), depth + 1)]
    if kind == "object":
        return {k: example(v, depth + 1) for k, v in prop.get("properties", {}).items()}
    if fmt == "date-time":
        return "2024-01-02T03:04:05Z"
    if fmt == "date":
        return "2024-01-02"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000001"
    if fmt == "decimal" or prop.get("pattern", "").startswith("^-?\\d"):
        return "1.00"
    if fmt == "email":
        return "someone@example.com"
    if fmt == "uri":
        return "https://example.com/"
    return "sample"[: prop.get("maxLength", 6)] or "s"


def base_body(op: Operation) -> dict:
    return {name: example(prop) for name, prop in op.properties.items()}
