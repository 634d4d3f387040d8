"""The faster output paths give DRF's output, field for field.

- every project serializer built on common.api.serializers, on a saved row of its model, against
  DRF's own Serializer.to_representation;
- every list endpoint, with the `.values()` path on and off (ValuesListMixin.values_path).
Generated from the code, so new serializers and list endpoints are covered as they land.
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.db.models import F
from rest_framework import serializers as drf
from rest_framework.test import APIClient

from common.api import serializers as fast
from common.api.mixins import ValuesListMixin, _attach_ids
from tests.hardening import discovery as d


def _project_serializers():
    for config in apps.get_app_configs():
        for module in ("api.serializers", "serializers"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError:
                continue
    seen, stack = [], [fast.ModelSerializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(("domains.", "innovation.", "valuation.", "operations.")):
                seen.append(sub)
    return sorted(set(seen), key=lambda c: f"{c.__module__}.{c.__qualname__}")


SERIALIZERS = _project_serializers()


def test_the_walk_finds_the_serializers():
    names = {c.__name__ for c in SERIALIZERS}
    assert {"MoodEntryOutputSerializer", "InteractionOutputSerializer"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=lambda c: c.__qualname__)
def test_fast_representation_equals_drf(serializer_class, user):
    model = serializer_class.Meta.model
    try:
        obj = d.make_row(model, user)
    except Exception:  # noqa: BLE001 - a model the generic filler cannot satisfy
        pytest.skip(f"no generic row for {model._meta.label}")
    obj = model._default_manager.get(pk=obj.pk)
    serializer = serializer_class(context={})
    expected = drf.Serializer.to_representation(serializer, obj)
    assert serializer.to_representation(obj) == expected
    columns = serializer.values_columns()
    if columns is not None:
        plain = [c for c in columns if not c.startswith(fast.M2M)]
        row = model._default_manager.filter(pk=obj.pk).values(*plain, _pk=F("pk")).get()
        for column in columns:
            if column.startswith(fast.M2M):
                _attach_ids(model, column, [row])
        assert serializer.to_representation(row) == expected


LIST_ROUTES = [
    r
    for r in d.api_routes()
    if not r.params
    and r.callback is not None
    and getattr(r.callback, "actions", {}).get("get") == "list"
    and r.cls is not None
    and issubclass(r.cls, ValuesListMixin)
]


def test_the_walk_finds_the_values_lists():
    assert {"/api/v1/moods/", "/api/v1/innovation/runs/"} <= {r.template for r in LIST_ROUTES}


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIST_ROUTES, ids=lambda r: r.template)
def test_list_endpoints_give_the_same_page_both_ways(route, staff_user, monkeypatch):
    model = d.route_model(route, staff_user)
    rows = []
    if model is not None and d.owner_field(model):
        for _ in range(3):
            try:
                rows.append(d.make_row(model, staff_user))
            except Exception:  # noqa: BLE001 - a model the generic filler cannot satisfy
                break
    columns = route.cls.serializer_class(context={}).values_columns() or []
    for column in columns:  # link rows so many-to-many ids are compared, not just empty lists
        if column.startswith(fast.M2M) and len(rows) == 3:
            field = model._meta.get_field(column.removeprefix(fast.M2M))
            if field.related_model is model:
                getattr(rows[0], field.name).add(rows[1], rows[2])
    client = APIClient()
    client.force_authenticate(staff_user)
    fast_page = client.get(route.url())
    assert fast_page.status_code == 200, fast_page.content
    monkeypatch.setattr(ValuesListMixin, "values_path", False)
    slow_page = client.get(route.url())
    assert json.loads(fast_page.content) == json.loads(slow_page.content)


M2M_SERIALIZERS = [
    c
    for c in SERIALIZERS
    if any(k.startswith(fast.M2M) for k in c(context={}).values_columns() or [])
]


def test_the_walk_finds_a_many_to_many_list():
    assert M2M_SERIALIZERS, "no serializer lists many-to-many ids any more: drop this test"


@pytest.mark.django_db
@pytest.mark.parametrize("serializer_class", M2M_SERIALIZERS, ids=lambda c: c.__qualname__)
def test_many_to_many_ids_match_a_prefetch_in_order(serializer_class, user):
    model = serializer_class.Meta.model
    rows = [d.make_row(model, user) for _ in range(4)]
    serializer = serializer_class(context={})
    for column in serializer.values_columns():
        if column.startswith(fast.M2M):
            field = model._meta.get_field(column.removeprefix(fast.M2M))
            getattr(rows[0], field.name).add(
                *[r.pk for r in rows[1:] if field.related_model is model]
            )
    objs = list(model._default_manager.filter(pk__in=[r.pk for r in rows]).prefetch_related(None))
    expected = [drf.Serializer.to_representation(serializer, o) for o in objs]
    plain = [c for c in serializer.values_columns() if not c.startswith(fast.M2M)]
    values = list(
        model._default_manager.filter(pk__in=[r.pk for r in rows]).values(*plain, _pk=F("pk"))
    )
    for column in serializer.values_columns():
        if column.startswith(fast.M2M):
            _attach_ids(model, column, values)
    assert [serializer.to_representation(v) for v in values] == expected
    assert any(len(v) >= 3 for e in expected for v in e.values() if isinstance(v, list))
