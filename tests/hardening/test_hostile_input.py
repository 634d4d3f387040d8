"""Hostile input against every write operation in the OpenAPI schema (and every write route the
schema misses): wrong types, booleans for numbers, NaN/Infinity/1e400, out-of-range and huge
numbers, oversized strings, NUL, injection in enums, malformed dates, invalid, non-object,
deeply nested and oversized bodies, wrong content types.

Every case must answer a JSON 4xx (never a 500 or an HTML page), a 400 must name the field, and
no row may be written or changed. The cases are generated from each property's schema, so new
endpoints are attacked as they land.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import transaction

from tests.hardening import discovery as d
from tests.hardening import openapi as o

pytestmark = pytest.mark.django_db

BOOKKEEPING_APPS = {"sessions", "axes", "django_celery_results", "django_celery_beat", "admin"}
# A refused request is logged as a security event and that row is kept by design.
AUDIT_TRAIL = {"operations.SecurityEventRecord"}
RAW = "__raw_json_token__"
BODY = "<body>"

# (operation id, field) → reason: real defects found by this suite, routed to their owners.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def _bad_values(prop: dict) -> list[tuple[str, object]]:
    kind, fmt = prop.get("type"), prop.get("format", "")
    cases: list[tuple[str, object]] = []
    if "enum" in prop:
        return [("enum-injection", "' OR 1=1 --"), ("enum-object", {"$ne": None})]
    if kind in ("integer", "number") or fmt == "decimal":
        cases += [
            ("string", "abc"),
            ("bool", True),
            ("nan-string", "NaN"),
            ("infinity-string", "Infinity"),
            ("nan-literal", (RAW, "NaN")),
            ("infinity-literal", (RAW, "Infinity")),
            ("overflow-literal", (RAW, "1e400")),
            ("object", {"a": 1}),
            ("list", [1]),
        ]
        if kind == "integer":
            cases += [("huge", 10**30), ("fraction", 1.5)]
        if "maximum" in prop:
            cases.append(("above-maximum", prop["maximum"] + 1))
        if "minimum" in prop:
            cases.append(("below-minimum", prop["minimum"] - 1))
        return cases
    if kind == "string":
        cases += [("object", {"a": 1}), ("list", ["a"]), ("bool", False), ("nul", "a\x00b")]
        if "maxLength" in prop and prop["maxLength"] < 1_000_000:
            cases.append(("oversized", "x" * (prop["maxLength"] + 1)))
        if fmt in ("date-time", "date", "time", "uuid", "email", "uri"):
            cases.append(("malformed-" + fmt, "2024-13-45T99:99:99 not a value"))
        return cases
    if kind == "boolean":
        return [("string", "maybe"), ("object", {"a": 1}), ("list", [True])]
    if kind == "array":
        cases = [("string", "not a list"), ("object", {"a": 1})]
        if "maxItems" in prop:
            cases.append(("too-many", [o.example(prop.get("items", {}))] * (prop["maxItems"] + 1)))
        return cases
    if kind == "object":
        return [("string", "not an object"), ("list", [1, 2])]
    return []


def _encode(body: dict) -> str:
    text = json.dumps(body)
    for key, value in body.items():
        if isinstance(value, tuple) and value and value[0] == RAW:
            text = text.replace(json.dumps([RAW, value[1]]), value[1])
            del key
    return text


def _body_cases(op: o.Operation) -> list[tuple[str, str, str]]:
    deep = "[" * 100_000 + "]" * 100_000
    return [
        ("invalid-json", "{", "application/json"),
        ("non-object", "[1, 2, 3]", "application/json"),
        ("null", "null", "application/json"),
        ("deep-nesting", deep, "application/json"),
        ("deep-object", '{"a":' * 5_000 + "1" + "}" * 5_000, "application/json"),
        ("wrong-content-type", "emotion=joy", "text/plain"),
    ]


def _write_ops() -> list[o.Operation]:
    ops = list(o.write_operations())
    known = {(op.method, op.route().template if op.route() else op.path) for op in ops}
    for route in d.api_routes():
        for method in ("post", "put", "patch"):
            if method in route.methods and (method, route.template) not in known:
                ops.append(o.Operation(method, route.template, {}, ("application/json",)))
                known.add((method, route.template))
    return ops


def _marks(op: o.Operation, field: str) -> list:
    reason = KNOWN_DEFECTS.get((op.id, field))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _cases():
    for op in _write_ops():
        fields = [(name, prop) for name, prop in op.properties.items() if _bad_values(prop)]
        for name, _ in fields:
            yield pytest.param(op, name, id=f"{op.id} [{name}]", marks=_marks(op, name))
        if op.content_types:
            yield pytest.param(op, BODY, id=f"{op.id} [{BODY}]", marks=_marks(op, BODY))


CASES = list(_cases())


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in BOOKKEEPING_APPS
        and m._meta.label not in AUDIT_TRAIL
        and not m._meta.proxy
    }


def _target(op: o.Operation, owner):
    """The URL for the operation, with path ids pointing at a real row owned by `owner`."""
    route = op.route()
    if route is None or not route.params:
        return (route.url() if route else op.path), None
    model = d.route_model(route, owner)
    if model is None:
        return route.url(), None
    row = d.make_row(model, owner)
    param = route.params[-1]
    value = row.pk if param in ("pk", "id") or not hasattr(row, param) else getattr(row, param)
    return route.url(**{param: value}), row


def _names_field(response, field: str) -> bool:
    error = response.json().get("error", {})
    return field in (error.get("fields") or {}) or field in error.get("message", "")


@pytest.mark.parametrize("op,field", CASES)
def test_hostile_input_is_refused_with_a_json_4xx(op, field, staff_user, staff_api):
    url, row = _target(op, staff_user)
    before_row = d.snapshot(row) if row is not None else None
    # Reading first lets lazily created singletons (settings rows) exist before counting.
    staff_api.get(url)
    before = _counts()
    problems = []
    send = getattr(staff_api, op.method)
    if field == BODY:
        attempts = [(name, text, ctype) for name, text, ctype in _body_cases(op)]
    else:
        prop = op.properties[field]
        base = o.base_body(op)
        attempts = [
            (name, _encode({**base, field: value}), "application/json")
            for name, value in _bad_values(prop)
        ]
    for name, text, ctype in attempts:
        response = send(url, data=text, content_type=ctype)
        status = response.status_code
        where = f"{op.id} {field}={name}"
        if not 400 <= status < 500 or status == 401:
            problems.append(f"{where} → {status}")
            continue
        if not response["Content-Type"].startswith("application/json"):
            problems.append(f"{where} → {status} {response['Content-Type']}")
            continue
        parse_error = response.json().get("error", {}).get("code") == "parse_error"
        if (
            status == 400
            and field != BODY
            and not parse_error
            and not _names_field(response, field)
        ):
            problems.append(f"{where} → 400 not naming the field: {response.content[:200]!r}")
    after = _counts()
    written = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if written:
        problems.append(f"{op.id} {field}: rows written {written}")
    if row is not None and d.snapshot(row) != before_row:
        problems.append(f"{op.id} {field}: the target row changed")
    assert not problems, "\n".join(problems)


def test_oversized_body_answers_json_on_every_write_operation(staff_user, staff_api):
    problems = []
    for op in _write_ops():
        if not op.content_types:
            continue
        # Each operation on a clean slate: targets made for one must not collide with the next.
        with transaction.atomic():
            url, _ = _target(op, staff_user)
            first = next(iter(op.properties), "value")
            body = json.dumps({first: "x" * 3_000_000})
            response = getattr(staff_api, op.method)(
                url, data=body, content_type="application/json"
            )
            transaction.set_rollback(True)
        ctype = response["Content-Type"]
        if not (400 <= response.status_code < 500 and ctype.startswith("application/json")):
            problems.append(f"{op.id} → {response.status_code} {ctype}")
    assert not problems, "\n".join(problems)


def test_the_table_covers_every_write_operation():
    ops = _write_ops()
    tried = sum(len(_bad_values(p)) for op in ops for p in op.properties.values()) + sum(
        len(_body_cases(op)) for op in ops if op.content_types
    )
    print(json.dumps({"write_operations": len(ops), "cases": len(CASES), "inputs": tried}))
    assert any(op.path == "/api/v1/moods/" and op.method == "post" for op in ops)
