"""Ownership matrix (OWASP API1 BOLA, API3 mass assignment), generated from the code.

For every model with a non-null CASCADE foreign key to the user (discovered in the app registry)
and every API route that serves it (discovered from the URL resolver and the view's own
get_queryset()), another user gets 404 on every method of every detail route, the row stays
byte-identical, their lists never contain it, guessing ids finds only their own rows, and
`user`/`owner`/`id`/`is_staff`-style fields in a body change nothing. New contexts are covered
as they land, without editing this file.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from tests.hardening import discovery as d

pytestmark = pytest.mark.django_db

OWNED = d.owned_models()


def _member_and_innovator(username: str):
    """Ordinary people (not staff) who own rows in every context: members who also hold the
    Innovation manager role, so the innovation models are in the matrix too."""
    from django.contrib.auth.models import Group

    from tests.conftest import make_role_user

    person = make_role_user(username, "Member")
    person.groups.add(Group.objects.get(name="Innovation manager"))
    return person


@pytest.fixture
def user(db):
    return _member_and_innovator("alice")


@pytest.fixture
def other_user(db):
    return _member_and_innovator("bob")


MASS_FIELDS = ("user", "owner", "id", "pk", "is_staff", "is_superuser", "created_at", "user_id")


def _label(m) -> str:
    return m._meta.label


def _lookup_value(route: d.Route, obj) -> str:
    param = route.params[-1]
    if param in ("pk", "id") or param.endswith("_id") or not hasattr(obj, param):
        return str(obj.pk)
    return str(getattr(obj, param))


def _routes_for(model, user) -> tuple[list[d.Route], list[d.Route]]:
    detail, lists = [], []
    for r in d.api_routes():
        if d.route_model(r, user) is not model:
            continue
        (detail if r.params else lists).append(r)
    templates = {r.template for r in lists}
    for r in detail:
        parent = r.template.rsplit("{", 1)[0]
        if parent not in templates:
            match = next((x for x in d.api_routes() if x.template == parent), None)
            if match is not None and not match.params:
                lists.append(match)
                templates.add(parent)
    return detail, lists


def _primary(detail: list[d.Route]) -> d.Route | None:
    plain = [r for r in detail if r.template.endswith("}/") and "get" in r.methods]
    return min(plain, key=lambda r: len(r.template)) if plain else None


def _ids_in(response) -> set[str]:
    body = response.json()
    items = body.get("results", body) if isinstance(body, dict) else body
    if not isinstance(items, list):
        return set()
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _call(client, method: str, url: str, body: dict | None = None):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, body or {}, format="json")


@pytest.fixture
def rows(user, other_user):
    def make(model):
        return d.make_row(model, user), d.make_row(model, other_user)

    return make


@pytest.mark.parametrize("model", OWNED, ids=_label)
def test_other_user_gets_404_and_changes_nothing(model, rows, user, user_api, other_api):
    detail, lists = _routes_for(model, user)
    if not detail and not lists:
        pytest.skip(f"{_label(model)} has no API route")
    mine, theirs = rows(model)
    before = d.snapshot(mine)
    primary = _primary(detail)
    body = {}
    if primary is not None:
        own = user_api.get(primary.url(**{primary.params[-1]: _lookup_value(primary, mine)}))
        assert own.status_code == 200, f"owner GET {primary.template} → {own.status_code}"
        body = own.json()
    attempts = 0
    # Writes and deletes last, so a leaked delete cannot hide a leaked read.
    order = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}
    for route in detail:
        url = route.url(**{route.params[-1]: _lookup_value(route, mine)})
        for method in sorted(route.methods, key=order.__getitem__):
            response = _call(other_api, method, url, body)
            attempts += 1
            assert response.status_code == 404, (
                f"{method.upper()} {url} by another user → {response.status_code}"
            )
            assert response["Content-Type"].startswith("application/json")
    assert d.snapshot(mine) == before, "another user's requests changed the row"
    for route in lists:
        response = other_api.get(route.url() + "?page_size=200")
        assert response.status_code in (200, 403), f"GET {route.template} → {response.status_code}"
        if response.status_code == 200:
            assert str(mine.pk) not in _ids_in(response), f"{route.template} lists another's row"
    assert attempts or lists


@pytest.mark.parametrize("model", OWNED, ids=_label)
def test_guessing_ids_finds_only_own_rows(model, rows, user, other_user, other_api):
    detail, _ = _routes_for(model, user)
    primary = _primary(detail)
    param = primary.params[-1] if primary is not None else ""
    if param not in ("pk", "id") and not param.endswith("_id"):
        pytest.skip(f"{_label(model)} has no id-addressed detail route")
    for _ in range(3):
        rows(model)
    if "AutoField" not in model._meta.pk.get_internal_type():
        pytest.skip(f"{_label(model)} has unguessable (non-sequential) ids")
    top = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    owner = d.owner_field(model)
    theirs = set(model._default_manager.filter(**{owner: other_user}).values_list("pk", flat=True))
    found = set()
    for pk in range(1, top + 6):
        response = other_api.get(primary.url(**{primary.params[-1]: pk}))
        assert response.status_code in (200, 404), (
            f"{primary.template} {pk} → {response.status_code}"
        )
        if response.status_code == 200:
            found.add(pk)
    assert found == theirs


@pytest.mark.parametrize("model", OWNED, ids=_label)
def test_mass_assignment_changes_nothing(model, rows, user, other_user, user_api, other_api):
    detail, lists = _routes_for(model, user)
    primary = _primary(detail)
    if primary is None:
        pytest.skip(f"{_label(model)} has no detail route")
    mine, _ = rows(model)
    owner = d.owner_field(model)
    hostile = dict.fromkeys(MASS_FIELDS, other_user.pk) | {
        owner: other_user.pk,
        "id": 987654321,
        "pk": 987654321,
        "is_staff": True,
        "is_superuser": True,
        "created_at": "2001-01-01T00:00:00Z",
    }
    url = primary.url(**{primary.params[-1]: _lookup_value(primary, mine)})
    representation = user_api.get(url).json()
    tried = 0
    for route in detail:
        if route is not primary and route.template != primary.template:
            continue
        for method in ("patch", "put"):
            if method not in route.methods:
                continue
            tried += 1
            response = _call(user_api, method, url, {**representation, **hostile})
            assert response.status_code < 500, f"{method.upper()} {url} → {response.status_code}"
    # Creating: send the owner's own representation plus the hostile fields, as the other user.
    for route in lists:
        if "post" not in route.methods:
            continue
        tried += 1
        existing = set(model._default_manager.values_list("pk", flat=True))
        response = other_api.post(route.url(), {**representation, **hostile}, format="json")
        assert response.status_code < 500, f"POST {route.template} → {response.status_code}"
        created = model._default_manager.exclude(pk__in=existing)
        for row in created:
            assert getattr(row, f"{owner}_id") == other_user.pk, "created for someone else"
            assert str(row.pk) != "987654321"
    fresh = model._default_manager.get(pk=mine.pk)
    assert getattr(fresh, f"{owner}_id") == user.pk
    if isinstance(mine.pk, int):
        assert not model._default_manager.filter(pk=987654321).exists()
    User = get_user_model()
    assert not User.objects.filter(pk__in=[user.pk, other_user.pk], is_staff=True).exists()
    if not tried:
        pytest.skip(f"{_label(model)} has no write route")


def _staff_only(route: d.Route) -> tuple[bool, bool]:
    """(staff for everything, staff for writes) from the view's permission classes."""
    names = {p.__name__ for p in getattr(route.cls, "permission_classes", [])}
    return bool(names & {"IsStaff", "IsAdminUser"}), "IsStaffOrReadOnly" in names


STAFF_ROUTES = [r for r in d.api_routes() if r.cls is not None and any(_staff_only(r))]


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda r: r.template)
def test_staff_only_actions_refuse_ordinary_users(route, user_api, staff_user):
    everything, writes = _staff_only(route)
    for method in route.methods:
        if not everything and method == "get":
            continue
        response = _call(user_api, method, route.url(), {})
        assert response.status_code == 403, (
            f"{method.upper()} {route.template} by a non-staff user → {response.status_code}"
        )
        assert "error" in response.json()


def test_matrix_covers_every_owned_model_with_an_api(user):
    """Keeps the discovery honest: prints the matrix size, fails if it finds nothing."""
    covered = {m: _routes_for(m, user) for m in OWNED}
    with_api = {m: r for m, r in covered.items() if r[0] or r[1]}
    cells = sum(len(r.methods) for det, _ in with_api.values() for r in det)
    print(json.dumps({"owned_models": len(OWNED), "with_api": len(with_api), "cells": cells}))
    assert len(with_api) >= 1
    assert {"moods.MoodEntry"} <= {_label(m) for m in with_api}


def _page_routes_for(model) -> list[d.Route]:
    label = model._meta.app_label
    return [
        r
        for r in d.all_routes()
        if not r.is_api and len(r.params) == 1 and r.name and r.name.split(":")[0] == label
    ]


@pytest.mark.parametrize("model", OWNED, ids=_label)
def test_pages_never_show_another_users_row(model, rows, other_client):
    """Every page of the model's app that takes one id, fetched by another user with the owner's
    row id: refused, or at least showing none of the row's distinctive values."""
    pages = _page_routes_for(model)
    if not pages:
        pytest.skip(f"{_label(model)} has no id-addressed page")
    mine, _ = rows(model)
    before = d.snapshot(mine)
    secrets = [
        v
        for v in d.snapshot(mine).values()
        if isinstance(v, str) and len(v) >= 16 and not v.isdigit()
    ]
    for route in pages:
        for method in ("get", "post"):
            response = getattr(other_client, method)(route.url(**{route.params[0]: mine.pk}))
            assert response.status_code < 500, f"{method.upper()} {route.template} → 5xx"
            if response.status_code == 200:
                body = response.content.decode("utf-8", "replace")
                leaked = [s for s in secrets if s in body]
                assert not leaked, f"{route.template} shows another user's row: {leaked[:2]}"
    assert d.snapshot(mine) == before, "another user's page requests changed the row"
