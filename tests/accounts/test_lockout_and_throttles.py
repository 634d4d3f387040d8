"""Lock-out by name and address together, a trusted proxy count, throttled reset and sign-up
(issue 21): one attacker behind the proxy cannot lock everyone out, and a client-sent
X-Forwarded-For buys no fresh budget."""

import pytest
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.api.throttles import AnonWindowThrottle

pytestmark = pytest.mark.django_db
GOOD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, ip="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": ip}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_lockout_is_per_username_and_address(client, user, other_user):
    for _ in range(5):
        _login(client, "alice", "wrong")
    assert _login(client, "alice", GOOD).status_code == 429
    # Someone else at the same address, and alice elsewhere, are not locked out.
    assert _login(client, "bob", GOOD).status_code == 302
    client.logout()
    assert _login(client, "alice", GOOD, ip="10.0.0.2").status_code == 302


def test_forwarded_for_is_not_trusted_without_a_proxy(client, user, settings):
    settings.HARMONYHUB_TRUSTED_PROXIES = 0
    for i in range(5):
        _login(client, "alice", "wrong", xff=f"203.0.113.{i}")
    assert _login(client, "alice", GOOD, xff="203.0.113.99").status_code == 429


def test_behind_one_proxy_the_client_address_counts(client, user, settings):
    from axes.models import AccessAttempt

    settings.HARMONYHUB_TRUSTED_PROXIES = 1
    proxy = "10.9.9.9"
    for _ in range(5):
        # The left part is whatever the client sent; the proxy appends the real address.
        _login(client, "alice", "wrong", ip=proxy, xff="1.2.3.4, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    assert _login(client, "alice", GOOD, ip=proxy, xff="198.51.100.7").status_code == 429
    assert _login(client, "alice", GOOD, ip=proxy, xff="198.51.100.8").status_code == 302


def _api_request(xff=None):
    extra = {"REMOTE_ADDR": "192.0.2.1"}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return Request(APIRequestFactory().get("/api/v1/ping/", **extra))


def test_api_throttle_ignores_client_forwarded_for(settings):
    settings.HARMONYHUB_TRUSTED_PROXIES = 0
    throttle = AnonWindowThrottle()
    assert throttle.get_ident(_api_request("203.0.113.5")) == "192.0.2.1"
    settings.HARMONYHUB_TRUSTED_PROXIES = 1
    assert throttle.get_ident(_api_request("6.6.6.6, 203.0.113.5")) == "203.0.113.5"


def test_password_reset_is_throttled(client, user, settings):
    settings.HARMONYHUB_PASSWORD_RESET_RATE = "3/hour"
    codes = [
        client.post("/accounts/password/reset/", {"email": f"x{i}@example.com"}).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    last = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert last.status_code == 429 and b"Too many" in last.content
    assert last["Retry-After"]


def test_signup_is_throttled(client, settings):
    settings.HARMONYHUB_SIGNUP_RATE = "2/hour"
    codes = []
    for i in range(3):
        client.logout()
        codes.append(
            client.post(
                "/accounts/signup/",
                {
                    "username": f"newbie{i}",
                    "email": f"newbie{i}@example.com",
                    "password1": "a-long-and-unusual-passphrase",
                    "password2": "a-long-and-unusual-passphrase",
                },
            ).status_code
        )
    assert codes == [302, 302, 429]
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="newbie2").exists()
