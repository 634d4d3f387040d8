"""The fixed-window throttles: exact budget per window, a truthful Retry-After, a new budget in
the next window, separate budgets per client, and a constant-size cache entry at any rate."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIRequestFactory, force_authenticate

from common.api.throttles import AnonWindowThrottle, UserWindowThrottle


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()
    yield
    cache.clear()


def _throttle(cls, rate: str, clock: Clock):
    cls_ = type("T", (cls,), {"rate": rate, "timer": staticmethod(clock)})
    return cls_()


def _request(user=None, ip="192.0.2.1"):
    from rest_framework.request import Request

    raw = APIRequestFactory().get("/api/v1/moods/", REMOTE_ADDR=ip)
    if user is not None:
        force_authenticate(raw, user=user)
    request = Request(raw)
    request._user = user if user is not None else type("Anon", (), {"is_authenticated": False})()
    return request


def test_exact_budget_per_window_and_retry_after():
    clock = Clock(60 * 16_667 + 20.0)  # 20 s into a one-minute window
    results = [_throttle(AnonWindowThrottle, "3/minute", clock) for _ in range(5)]
    allowed = [t.allow_request(_request(), None) for t in results]
    assert allowed == [True, True, True, False, False]
    assert results[3].wait() == pytest.approx(40.0)
    clock.now += 40.0  # the next window
    assert _throttle(AnonWindowThrottle, "3/minute", clock).allow_request(_request(), None)


def test_each_client_has_its_own_budget(user, other_user):
    clock = Clock(5_000_000.0)
    for _ in range(2):
        assert _throttle(UserWindowThrottle, "2/minute", clock).allow_request(_request(user), None)
    assert not _throttle(UserWindowThrottle, "2/minute", clock).allow_request(_request(user), None)
    assert _throttle(UserWindowThrottle, "2/minute", clock).allow_request(
        _request(other_user), None
    )
    assert _throttle(AnonWindowThrottle, "2/minute", clock).allow_request(
        _request(ip="192.0.2.99"), None
    )


def test_the_cache_entry_stays_one_integer_at_a_high_rate():
    clock = Clock(7_000_000.0)
    for _ in range(500):
        throttle = _throttle(AnonWindowThrottle, "1000000/minute", clock)
        assert throttle.allow_request(_request(), None)
    key = f"{throttle.key}:{int(clock.now // 60)}"
    assert cache.get(key) == 500
