"""Injection strings are valid text: they must be stored byte-identical through the API and every
page that shows them must carry only the escaped form. Create endpoints and pages are discovered
(owned models' list routes, the OpenAPI request schema, the URL resolver)."""

from __future__ import annotations

import json

import pytest

from tests.hardening import discovery as d
from tests.hardening import openapi as o
from tests.hardening.test_ownership import OWNED, _primary, _routes_for

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('hh')</script> '; DROP TABLE auth_user; -- \u202e\U0001f600"
RAW_MARKER = "<script>alert('hh')</script>"
ESCAPED_MARKERS = ("&lt;script&gt;alert(&#x27;hh&#x27;)&lt;/script&gt;", "\\u003Cscript")


def _free_text(prop: dict) -> bool:
    return (
        prop.get("type") == "string"
        and "enum" not in prop
        and "format" not in prop
        and "pattern" not in prop
        and prop.get("maxLength", 10_000) >= len(PAYLOAD) * 2
    )


def _create_op(route: d.Route) -> o.Operation | None:
    for op in o.write_operations():
        if op.method == "post" and op.route() is route:
            return op
    return None


def test_injection_strings_are_stored_verbatim_and_escaped_on_pages(user, user_api, user_client):
    stored: list[tuple[str, str, object]] = []
    for model in OWNED:
        detail, lists = _routes_for(model, user)
        primary = _primary(detail)
        if primary is None:
            continue
        seed = d.make_row(model, user)
        representation = user_api.get(primary.url(**{primary.params[-1]: seed.pk})).json()
        for route in lists:
            op = _create_op(route)
            if op is None:
                continue
            texts = [n for n, p in op.properties.items() if _free_text(p)]
            if not texts:
                continue
            body = {k: representation[k] for k in op.properties if k in representation}
            body.update(dict.fromkeys(texts, PAYLOAD))
            response = user_api.post(route.url(), body, format="json")
            assert response.status_code < 500, f"POST {route.template} → {response.status_code}"
            if response.status_code != 201:
                continue
            new_id = response.json().get("id")
            echo = user_api.get(primary.url(**{primary.params[-1]: new_id})).json()
            for name in texts:
                if name in echo:
                    assert echo[name] == PAYLOAD, f"{route.template} {name} was altered"
                    stored.append((route.template, name, new_id))
    assert stored, "no create endpoint accepted free text; the injection check proved nothing"
    pages, escaped = 0, 0
    ids = {str(i) for _, _, i in stored}
    for route in d.all_routes():
        if route.is_api or route.template.startswith(("/api/", "/health", "/metrics")):
            continue
        urls = [route.url()] if not route.params else []
        if len(route.params) == 1:
            urls = [route.url(**{route.params[0]: i}) for i in ids]
        for url in urls:
            response = user_client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            body = response.content.decode("utf-8", "replace")
            assert RAW_MARKER not in body, f"{url} renders the payload unescaped"
            escaped += any(m in body for m in ESCAPED_MARKERS)
    print(json.dumps({"stored": len(stored), "pages_checked": pages, "pages_escaped": escaped}))
    assert pages
