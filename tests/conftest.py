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


def _make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, **extra
    )


@pytest.fixture
def user(db):
    return _make_user("alice")


@pytest.fixture
def other_user(db):
    return _make_user("bob")


@pytest.fixture
def staff_user(db):
    return _make_user("staff", is_staff=True, is_superuser=True)


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
