"""Auth and sessions: CSRF on every session-authenticated write (generated from the URL conf),
session rotation at login and invalidation at logout and password change, login throttling on the
page and on the token endpoint, password validation, and production's cookie and header settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.api import TokenLoginThrottle
from domains.moods.models import MoodEntry
from tests.test_access import URLS

ROOT = Path(__file__).resolve().parents[2]
UNSAFE = ("post", "put", "patch", "delete")
# Views that deliberately take writes without a CSRF token. Each one authenticates every request
# some other way, which its own tests prove.
CSRF_EXEMPT: set[str] = {
    "stripe-webhook",  # no session: each request must carry a valid Stripe-Signature
}


def _row_counts() -> dict[str, int]:
    skip = {"sessions", "axes"}  # the request itself may touch these
    # The refusal itself is a security event, persisted by design (README "Incident playbooks").
    audit = {"operations.SecurityEventRecord"}
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label not in skip and m._meta.label not in audit
    }


@pytest.fixture
def csrf_client(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url,name,pattern", URLS, ids=[u[0] for u in URLS])
def test_session_writes_without_a_csrf_token_are_refused(csrf_client, url, name, pattern):
    """Staff (who pass every other check) send each unsafe method without a token: 403, and
    nothing is written. Pages are guarded by Django's middleware, the API by DRF's session
    authentication; a token-authenticated API client needs no CSRF token (tested below)."""
    if name in CSRF_EXEMPT:
        pytest.skip("CSRF-exempt by design")
    before = _row_counts()
    for method in UNSAFE:
        response = getattr(csrf_client, method)(url)
        assert response.status_code == 403, f"{method.upper()} {url} → {response.status_code}"
        if url.startswith("/api/v1/"):
            assert "error" in response.json()
    assert _row_counts() == before


@pytest.mark.django_db
def test_with_the_csrf_token_the_same_write_goes_through(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/moods/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/moods/", {"emotion": "calm", "intensity": 0.5, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert MoodEntry.objects.filter(user=user).count() == 1
    api = client.post(
        "/api/v1/moods/",
        {"emotion": "joy", "intensity": 0.6},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert api.status_code == 201


@pytest.mark.django_db
def test_token_clients_need_no_csrf_token(user):
    token = Token.objects.create(user=user)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/moods/", {"emotion": "joy", "intensity": 0.6}, format="json")
    assert response.status_code == 201


@pytest.mark.django_db
def test_csrf_failure_page_is_friendly_and_logged(csrf_client, caplog):
    with caplog.at_level("WARNING", logger="harmonyhub.security"):
        response = csrf_client.post("/moods/", {"emotion": "calm", "intensity": 0.5})
    assert response.status_code == 403
    assert b"This form expired" in response.content
    assert [r.event for r in caplog.records if hasattr(r, "event")] == ["csrf_failed"]


# --- sessions ---------------------------------------------------------------------------------


def _login(client, username="alice", password="correct-horse-battery-staple-42"):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_login_rotates_the_session_key(client, user):
    session = client.session
    session["pre_login"] = "set by an anonymous visit"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = _login(client)
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists(), "old key still valid"
    assert Session.objects.get(session_key=after).get_decoded()["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_logout_invalidates_the_session_server_side(client, user):
    _login(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/moods/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405, "logout must be a POST"
    assert client.post("/accounts/logout/").status_code in (200, 302)
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get("/moods/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_password_change_signs_out_every_other_session(user):
    mine, elsewhere = Client(), Client()
    _login(mine)
    _login(elsewhere)
    response = mine.post(
        "/accounts/password/change/",
        {
            "old_password": "correct-horse-battery-staple-42",
            "new_password1": "a-new-and-long-passphrase-91",
            "new_password2": "a-new-and-long-passphrase-91",
        },
    )
    assert response.status_code == 302
    assert mine.get("/moods/").status_code == 200, "the changing session stays signed in"
    assert elsewhere.get("/moods/").status_code == 302, "other sessions must be signed out"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "new_password,error",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("12345678901234", "entirely numeric"),
        ("alice-example", "too similar"),
    ],
)
def test_password_validation_on_change_and_signup(user_client, client, user, new_password, error):
    response = user_client.post(
        "/accounts/password/change/",
        {
            "old_password": "correct-horse-battery-staple-42",
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery-staple-42")
    signup = client.post(
        "/accounts/signup/",
        {
            "username": "alice-example",
            "email": "new@example.com",
            "password1": new_password,
            "password2": new_password,
        },
    )
    assert signup.status_code == 400
    assert not type(user).objects.filter(email="new@example.com").exists()


# --- throttling -------------------------------------------------------------------------------


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_token_login_locks_out_after_five_failures_like_the_page(api_client, user, fresh_cache):
    codes = [
        api_client.post(
            "/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, format="json"
        ).status_code
        for _ in range(5)
    ]
    assert codes == [400, 400, 400, 400, 429], "the fifth failure locks the address out"
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": "correct-horse-battery-staple-42"},
        format="json",
    )
    assert response.status_code in (403, 429)
    assert "token" not in response.json()
    assert not Token.objects.filter(user=user).exists()
    # The page shares the lockout: the address is locked out there too.
    assert _login(Client()).status_code == 429


@pytest.mark.django_db
def test_token_login_is_rate_limited_per_address(api_client, user, fresh_cache, monkeypatch):
    monkeypatch.setattr(TokenLoginThrottle, "rate", "3/minute", raising=False)
    codes = [
        api_client.post(
            "/api/v1/auth/token/",
            {"username": "alice", "password": "correct-horse-battery-staple-42"},
            format="json",
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]


@pytest.mark.django_db
def test_lockout_is_per_address_not_global(user, fresh_cache):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _login(attacker, password="wrong")
    assert _login(attacker).status_code == 429
    assert _login(Client(REMOTE_ADDR="198.51.100.2")).status_code == 302


# --- production settings ----------------------------------------------------------------------

_PROBE = """
import json
from django.conf import settings
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY",
]
print(json.dumps({n: getattr(settings, n) for n in names}))
"""


@pytest.fixture(scope="module")
def production_security_settings(tmp_path_factory):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "harmonyhub_site.settings.production",
        "DJANGO_SECRET_KEY": "p" * 64,
        "DJANGO_ALLOWED_HOSTS": "hh.example.com",
        "HARMONYHUB_VAR_DIR": str(tmp_path_factory.mktemp("var")),
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import django; django.setup()\n" + _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_settings_are_strict(production_security_settings):
    s = production_security_settings
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_SAMESITE"] == s["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["X_FRAME_OPTIONS"] == "DENY"
    assert "script-src 'self'" in s["CONTENT_SECURITY_POLICY"]


@pytest.mark.django_db
def test_production_responses_carry_the_security_headers_and_secure_cookies(
    production_security_settings, user
):
    values = {k: v for k, v in production_security_settings.items() if k != "DEBUG"}
    with override_settings(**values, ALLOWED_HOSTS=["hh.example.com"]):
        client = Client(HTTP_HOST="hh.example.com", HTTP_X_FORWARDED_PROTO="https")
        assert Client(HTTP_HOST="hh.example.com").get("/accounts/login/").status_code == 301
        response = _login(client)
        assert response.status_code == 302
        session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session_cookie["secure"] and session_cookie["httponly"]
        assert session_cookie["samesite"] == "Lax"
        csrf_cookie = client.get("/accounts/login/").cookies.get(settings.CSRF_COOKIE_NAME)
        if csrf_cookie is not None:
            assert csrf_cookie["secure"]
        for url in ("/moods/", "/api/v1/moods/"):
            page = client.get(url)
            assert page.status_code == 200, url
            assert page["Strict-Transport-Security"].startswith("max-age=31536000")
            assert "includeSubDomains" in page["Strict-Transport-Security"]
            assert page["Content-Security-Policy"] == values["CONTENT_SECURITY_POLICY"]
            assert "no-store" in page["Cache-Control"]
            assert page["X-Frame-Options"] == "DENY"
            assert page["X-Content-Type-Options"] == "nosniff"
            assert page["Referrer-Policy"] == "same-origin"
