"""Fixtures shared by every test: users and authenticated clients."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def password():
    return PASSWORD


def _make_user(username: str, *, role: str | None = None, **extra):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, **extra
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_role_user(username: str, role: str):
    """A person holding one role, as `seed_demo` makes them (staff for the staff roles)."""
    from accounts.roles import ADMINISTRATOR, ROLE_BY_NAME

    r = ROLE_BY_NAME[role]
    return _make_user(username, role=role, is_staff=r.staff, is_superuser=role == ADMINISTRATOR)


@pytest.fixture
def user(db):
    """A Member (the role every sign-up gets)."""
    return make_role_user("alice", "Member")


@pytest.fixture
def other_user(db):
    return make_role_user("bob", "Member")


@pytest.fixture
def finance_user(db):
    return make_role_user("fiona", "Finance analyst")


@pytest.fixture
def innovation_user(db):
    return make_role_user("ivan", "Innovation manager")


@pytest.fixture
def operator_user(db):
    return make_role_user("olga", "Operator")


@pytest.fixture
def staff_user(db):
    """An Administrator (superuser)."""
    return make_role_user("staff", "Administrator")


@pytest.fixture
def api_client():
    return APIClient()


def _api_for(u):
    client = APIClient()
    client.force_authenticate(u)
    return client


@pytest.fixture
def user_api(user):
    return _api_for(user)


@pytest.fixture
def other_api(other_user):
    return _api_for(other_user)


@pytest.fixture
def staff_api(staff_user):
    return _api_for(staff_user)


@pytest.fixture
def finance_api(finance_user):
    return _api_for(finance_user)


@pytest.fixture
def innovation_api(innovation_user):
    return _api_for(innovation_user)


@pytest.fixture
def operator_api(operator_user):
    return _api_for(operator_user)


@pytest.fixture
def user_client(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def other_client(other_user):
    client = Client()
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    client.force_login(staff_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _fresh_request_metrics_buffer():
    """The metrics middleware buffers per process; a test must not inherit another's counts."""
    from operations.recorder import recorder

    recorder.take()
    yield
    recorder.take()


def _client_for(u):
    client = Client()
    client.force_login(u, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def finance_client(finance_user):
    return _client_for(finance_user)


@pytest.fixture
def innovation_client(innovation_user):
    return _client_for(innovation_user)


@pytest.fixture
def operator_client(operator_user):
    return _client_for(operator_user)
