"""The orjson renderer writes the same bytes as DRF's JSONRenderer for what the API returns."""

import datetime as dt
import decimal
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from common.api.renderers import ORJSONRenderer

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CASES = {
    "page": {
        "count": 2,
        "next": None,
        "previous": "http://testserver/api/v1/moods/?page=1",
        "results": [
            {"id": 1, "emotion": "joy", "intensity": 0.5, "note": "", "valence": -0.25},
            {"id": 2, "emotion": "calm", "intensity": 1.0, "note": "déjà vu ✓", "ok": True},
        ],
    },
    "datetimes": {
        "utc": dt.datetime(2026, 11, 26, 1, 2, 3, tzinfo=dt.UTC),
        "utc_micro": dt.datetime(2026, 11, 26, 1, 2, 3, 456789, tzinfo=dt.UTC),
        "paris": dt.datetime(2026, 7, 1, 12, 0, tzinfo=PARIS),
        "naive": dt.datetime(2026, 1, 2, 3, 4, 5),
        "date": dt.date(2025, 11, 1),
        "time": dt.time(9, 30),
        "delta": dt.timedelta(minutes=90),
    },
    "numbers": {
        "decimal": decimal.Decimal("25.10"),
        "big": 2**62,
        "neg": -7,
        "floats": [0.1, 1 / 3, 16878.631666665988, -7.275957614183426e-12, 1.5, 100.0],
    },
    "other": {
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("Not found."),
        "tuple": (1, "a"),
        "separators": "line\u2028para\u2029end",
        "int_keys": {1: "a", 2: "b"},
        "nested": ReturnDict({"a": ReturnList([1, 2], serializer=None)}, serializer=None),
    },
}


@pytest.mark.parametrize("name", CASES)
def test_same_bytes_as_drf(name):
    data = CASES[name]
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_pretty_printing_is_drfs():
    data = CASES["page"]
    media = "application/json; indent=2"
    assert ORJSONRenderer().render(data, media) == JSONRenderer().render(data, media)
    assert b"\n  " in ORJSONRenderer().render(data, media)


def test_nothing_renders_nothing():
    assert ORJSONRenderer().render(None) == b""
