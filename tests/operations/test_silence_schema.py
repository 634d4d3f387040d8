"""A real silence response validates against the OpenAPI schema's own formats (issue 21)."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db
BASE = "/api/v1/operations"


def _component(name: str) -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"][name]


def test_silence_daily_window_matches_schema_format(staff_api):
    r = staff_api.post(
        f"{BASE}/silences/",
        {
            "matchers": [{"name": "source", "op": "=", "value": "system"}],
            "starts_at": "2025-01-01T00:00:00Z",
            "ends_at": "2099-01-01T00:00:00Z",
            "daily_start": "01:00",
            "daily_end": "05:30",
            "comment": "nightly backups",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = staff_api.get(f"{BASE}/silences/{r.json()['id']}/").json()
    assert body["daily_start"] and body["daily_end"]
    props = _component("Silence")["properties"]
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for field in ("daily_start", "daily_end"):
        jsonschema.validate(
            body[field],
            {k: v for k, v in props[field].items() if k != "nullable"},
            format_checker=checker,
        )
