"""Uploads are size-checked while they stream in, and nested JSONL is a row error (issue 21)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db
LIMIT = 64 * 1024


@pytest.fixture
def small_limit(settings):
    settings.HARMONYHUB_UPLOAD_MAX_BYTES = LIMIT


def _big(name="big.csv"):
    row = "customer_id,occurred_at,kind,amount\n" + "c1,2024-01-01,subscribe,10\n" * 6000
    assert len(row) > 2 * LIMIT
    return SimpleUploadedFile(name, row.encode(), content_type="text/csv")


def _too_large(text: str) -> bool:
    return "larger than" in text


def test_valuation_csv_upload_page_and_api_refuse_oversized(small_limit, staff_client, staff_api):
    from valuation.models import RevenueEvent

    r = staff_client.post("/valuation/import/", {"file": _big()})
    assert r.status_code == 400 and _too_large(r.content.decode())
    r = staff_api.post("/api/v1/valuation/events/upload/", {"file": _big()}, format="multipart")
    assert r.status_code == 400 and _too_large(json.dumps(r.json()))
    assert r.json()["error"]["fields"]["file"]
    assert not RevenueEvent.objects.exists()


def test_prior_art_import_page_and_api_refuse_oversized(small_limit, staff_client, staff_api):
    r = staff_client.post("/innovation/prior-art/import/", {"format": "csv", "file": _big("p.csv")})
    assert r.status_code == 400 and _too_large(r.content.decode())
    r = staff_api.post(
        "/api/v1/innovation/prior-art/import/",
        {"format": "csv", "file": _big("p.csv")},
        format="multipart",
    )
    assert r.status_code == 400 and _too_large(json.dumps(r.json()))


def test_catalogue_import_page_and_api_refuse_oversized(small_limit, staff_client, staff_api):
    r = staff_client.post("/commerce/import/", {"file": _big("c.csv")})
    assert r.status_code == 400 and _too_large(r.content.decode())
    r = staff_api.post(
        "/api/v1/commerce/products/import/", {"file": _big("c.csv")}, format="multipart"
    )
    assert r.status_code == 400 and _too_large(json.dumps(r.json()))


def test_deeply_nested_jsonl_is_a_row_error(staff_client, staff_api):
    deep = "[" * 100_000 + "]" * 100_000
    nested = json.dumps({"title": "t", "summary": "s", "ref": "r1", "year": 2020}) + "\n" + deep
    r = staff_api.post(
        "/api/v1/innovation/prior-art/import/",
        {"format": "jsonl", "content": nested},
        format="json",
    )
    assert r.status_code == 400, r.content[:300]
    assert "nested" in json.dumps(r.json())
    f = SimpleUploadedFile("p.jsonl", nested.encode())
    r = staff_client.post("/innovation/prior-art/import/", {"format": "jsonl", "file": f})
    assert r.status_code == 400 and "nested" in r.content.decode()
