"""Role × route: every named URL, called by each role with each method, answers as the table in
`accounts/access.py` says. Generated from the URL conf, so a new route without an entry fails."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.access import ROUTE_ACCESS
from accounts.roles import ROLES
from tests.conftest import make_role_user

SKIP_NAMESPACES = ("admin",)
READ_METHODS = ("get",)
WRITE_METHODS = ("post", "patch", "delete")
DENIED = {403, 405}  # 405: the route does not take that method at all, for anyone
# Public and the same for everyone (tests/test_access.py covers them), and costly to build: asked
# as one role only.
ASKED_ONCE = {"api-schema", "api-docs"}
# Routes after which the client may be signed out (or its account gone): sign in again.
SIGNS_OUT = {"accounts:logout", "accounts:account-delete", "api-me", "accounts:password-change"}


def _named_routes():
    seen = {}

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield namespace + p.name, p

    for name, pattern in walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIP_NAMESPACES or name in seen:
            continue
        seen[name] = pattern
    return seen


ROUTES = _named_routes()


def _sample(name: str, pattern) -> str:
    """A URL for the route with placeholder arguments (objects need not exist: permission is
    checked before any lookup, and an allowed role then gets 404)."""
    regex = pattern.pattern.regex
    kwargs = {}
    converters = getattr(pattern.pattern, "converters", {})
    for group in regex.groupindex:
        conv = converters.get(group)
        if conv is not None and conv.__class__.__name__ == "UUIDConverter":
            kwargs[group] = str(uuid.UUID(int=1))
        elif conv is not None and conv.__class__.__name__ == "IntConverter":
            kwargs[group] = 1
        elif group in ("format",):
            continue
        else:
            kwargs[group] = "1" if re.search(r"id$|^pk$", group) else "sample"
    return reverse(name, kwargs=kwargs)


def test_every_route_has_an_entry_in_the_access_table():
    missing = sorted(set(ROUTES) - set(ROUTE_ACCESS))
    stale = sorted(set(ROUTE_ACCESS) - set(ROUTES))
    assert not missing, f"routes with no entry in accounts/access.py: {missing}"
    assert not stale, f"entries in accounts/access.py for routes that no longer exist: {stale}"


@pytest.fixture
def role_users(db):
    return {role.name: make_role_user(f"role-{i}", role.name) for i, role in enumerate(ROLES)}


def _methods(pattern) -> set[str] | None:
    """The methods an API route takes (None for a Django view: it is asked every method).

    DRF checks permissions before it looks for a handler, so a method a view does not take at
    all answers 403 to whoever lacks the model permission that method would need; such pairs
    say nothing about the roles and are not asked.
    """
    callback = pattern.callback
    if getattr(callback, "actions", None):
        return {m.lower() for m in callback.actions}
    cls = getattr(callback, "cls", None)
    if cls is not None:
        return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)}
    return None


def _outcome(client, method: str, url: str) -> int:
    response = getattr(client, method)(url, content_type="application/json", data={})
    location = response.get("Location", "")
    if response.status_code in (301, 302) and "/accounts/login/?next=" in location:
        return 401  # sent to log in: refused, and never right for someone signed in
    return response.status_code


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_exactly_what_the_table_allows(name, role_users):
    readers, writers = ROUTE_ACCESS[name]
    url = _sample(name, ROUTES[name])
    takes = _methods(ROUTES[name])
    wrong = []
    for role, user in role_users.items():
        if name in ASKED_ONCE and role != "Member":
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for method in READ_METHODS + WRITE_METHODS:
            if takes is not None and method not in takes:
                continue
            allowed = role in (readers if method in READ_METHODS else writers)
            if name in SIGNS_OUT:
                user.refresh_from_db()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            status = _outcome(client, method, url)
            if allowed and status in (401, 403):
                wrong.append(f"{role} {method.upper()} {url}: {status}, the table allows it")
            if not allowed and status not in DENIED:
                wrong.append(f"{role} {method.upper()} {url}: {status}, the table refuses it")
    assert not wrong, "\n".join(wrong)


def test_a_role_that_is_refused_a_write_leaves_no_row(role_users, django_assert_num_queries):
    """A refusal happens before any work: the Member's POST to the ledger writes nothing."""
    from valuation.models import RevenueEvent

    client = Client()
    client.force_login(role_users["Member"], backend="django.contrib.auth.backends.ModelBackend")
    before = RevenueEvent.objects.count()
    response = client.post(
        reverse("valuation-api:event-list"),
        data={"customer_id": "c1", "occurred_at": "2026-01-01T00:00:00Z", "kind": "new"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert RevenueEvent.objects.count() == before


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        ("Finance analyst", "/admin/valuation/revenueevent/", "/admin/operations/incident/"),
        ("Innovation manager", "/admin/innovation/challenge/", "/admin/valuation/revenueevent/"),
        ("Operator", "/admin/operations/incident/", "/admin/valuation/revenueevent/"),
    ],
)
def test_the_admin_shows_each_staff_role_only_its_models(role, sees, does_not_see, db):
    client = Client()
    client.force_login(
        make_role_user("r", role), backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get(sees).status_code == 200
    assert client.get(does_not_see).status_code == 403
    index = client.get("/admin/").content.decode()
    assert sees in index and does_not_see not in index


def test_a_member_cannot_enter_the_admin(user_client):
    response = user_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_sign_up_makes_a_member(client, db):
    from django.contrib.auth import get_user_model

    response = client.post(
        "/accounts/signup/",
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "a-long-unguessable-pass-77",
            "password2": "a-long-unguessable-pass-77",
        },
    )
    assert response.status_code in (200, 302)
    newbie = get_user_model().objects.get(username="newbie")
    assert list(newbie.groups.values_list("name", flat=True)) == ["Member"]
    assert not newbie.is_staff


MEMBER_CARDS = {
    "Your mood journal",
    "Music messages",
    "Mood-based shopping",
    "Emotional risk profile",
}
MEMBER_NAV = {"Mood journal", "Music messages", "Shopping", "Risk profile"}


@pytest.mark.parametrize(
    ("role", "cards", "nav"),
    [
        ("Member", MEMBER_CARDS, MEMBER_NAV),
        ("Finance analyst", {"Portfolio valuation"}, {"Valuation"}),
        ("Innovation manager", {"Innovation"}, {"Innovation"}),
        ("Operator", {"Operations"}, {"Operations"}),
        (
            "Administrator",
            MEMBER_CARDS | {"Portfolio valuation", "Innovation", "Operations"},
            MEMBER_NAV | {"Valuation", "Innovation", "Operations"},
        ),
    ],
)
def test_home_cards_and_navigation_follow_the_role(role, cards, nav, db):
    client = Client()
    client.force_login(
        make_role_user("r", role), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get("/")
    assert response.status_code == 200
    assert {c["title"] for c in response.context["cards"]} == cards
    assert {i["label"] for i in response.context["nav_items"]} == nav


def test_the_admin_lists_the_roles_with_their_descriptions(staff_client):
    from accounts.roles import ROLES

    page = staff_client.get("/admin/auth/group/").content.decode()
    for role in ROLES:
        assert role.name in page and role.description.split(",")[0] in page


def test_setting_a_password_in_the_admin_revokes_the_api_token(staff_client, user):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=user)
    response = staff_client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "a-new-long-pass-phrase-9", "password2": "a-new-long-pass-phrase-9"},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
