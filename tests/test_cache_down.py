"""Degrade, don't fail: with the cache (Redis) unreachable, reads and writes still work and the
rate limiters let requests through, counting each time they did."""

from __future__ import annotations

import socket

import pytest

from common.degrade import fail_open_counts

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_api_reads_and_writes_work_with_the_cache_down(user_api, cache_down):
    before = fail_open_counts().get("throttle.user", 0)
    assert user_api.get("/api/v1/moods/").status_code == 200
    created = user_api.post("/api/v1/moods/", {"emotion": "calm", "intensity": 0.5}, format="json")
    assert created.status_code == 201, created.content
    assert user_api.get("/api/v1/moods/").json()["count"] == 1
    assert fail_open_counts()["throttle.user"] >= before + 3


def test_anonymous_api_is_refused_not_500_with_the_cache_down(api_client, cache_down):
    assert api_client.get("/api/v1/moods/").status_code in (401, 403)


def test_pages_work_with_the_cache_down(user_client, cache_down):
    assert user_client.get("/").status_code == 200
    assert user_client.get("/moods/").status_code == 200


def test_compose_limit_lets_through_with_the_cache_down(cache_down):
    from domains.arts.throttle import compose_allowed

    assert compose_allowed(12345) is True
    assert fail_open_counts()["arts.compose"] >= 1


def test_failed_login_counter_never_breaks_a_login_with_the_cache_down(cache_down):
    from operations.services.security import security_login_failed

    assert security_login_failed(ip="203.0.113.9") == 0
