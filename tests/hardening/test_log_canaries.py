"""Logs keep secrets out and security events in.

A journey through sign-up, failed and good logins, a lockout, tokens, mood notes, music message
texts, refused access, a CSRF failure, a password change, an export and an account deletion runs
with every logger captured at production's level and format. Each secret the journey types (the
passwords, the API token, a mood note, a message text, a username typed by mistake) is a unique
canary string; none may appear in any log line. The security events must appear, one JSON object
a line, with the event names a log collector would alert on.
"""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import Client
from rest_framework.test import APIClient

from common.logs import SECURITY_LOGGER, JsonFormatter


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.INFO)
        self.json, self.plain = JsonFormatter(), logging.Formatter()
        self.lines: list[str] = []
        self.plain_lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.json.format(record))
        self.plain_lines.append(self.plain.format(record))


@pytest.fixture
def logs():
    handler = _Capture()
    root, security = logging.getLogger(), logging.getLogger(SECURITY_LOGGER)
    level = root.level
    root.addHandler(handler)
    security.addHandler(handler)
    root.setLevel(logging.INFO)
    cache.clear()
    yield handler
    root.removeHandler(handler)
    security.removeHandler(handler)
    root.setLevel(level)
    cache.clear()


def _canary(label: str) -> str:
    return f"Canary-{label}-{uuid.uuid4().hex}"


def _events(handler) -> list[dict]:
    out = []
    for line in handler.lines:
        data = json.loads(line)
        if data["logger"] == SECURITY_LOGGER:
            out.append(data)
    return out


@pytest.mark.django_db
def test_a_whole_journey_logs_no_secret_and_every_security_event(logs, staff_user):
    password = _canary("Password")
    wrong = _canary("WrongPassword")
    typo_username = _canary("PasswordTypedAsUsername")
    note = _canary("MoodNote")
    text = _canary("MessageText")
    new_password = _canary("NewPassword")

    browser = Client()
    response = browser.post(
        "/accounts/signup/",
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    browser.post("/accounts/logout/")

    stranger = Client(REMOTE_ADDR="203.0.113.9")
    stranger.post("/accounts/login/", {"username": "carol", "password": wrong})
    stranger.post("/accounts/login/", {"username": typo_username, "password": wrong})
    assert (
        browser.post("/accounts/login/", {"username": "carol", "password": password}).status_code
        == 302
    )

    # Tokens: created on the profile page, used by an API client.
    browser.post("/accounts/profile/token/")
    key = browser.get("/accounts/profile/").context["new_key"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert (
        api.post(
            "/api/v1/moods/", {"emotion": "calm", "intensity": 0.4, "note": note}, format="json"
        ).status_code
        == 201
    )
    assert (
        api.post(
            "/api/v1/moods/", {"emotion": "calm", "intensity": 7, "note": note}, format="json"
        ).status_code
        == 400
    )
    assert (
        browser.post("/moods/", {"emotion": "joy", "intensity": 0.6, "note": note}).status_code
        == 302
    )
    made = api.post(
        "/api/v1/arts/messages/",
        {"emotion": "joy", "text": text, "recipient_name": "Dana", "duration_seconds": 8},
        format="json",
    )
    assert made.status_code == 201, made.content
    token_api = APIClient()
    assert (
        token_api.post(
            "/api/v1/auth/token/", {"username": "carol", "password": password}, format="json"
        ).status_code
        == 200
    )

    # Refused access: a staff-only API and a write without its CSRF token.
    assert api.get("/api/v1/operations/alerts/").status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user)
    assert (
        strict.post("/moods/", {"emotion": "joy", "intensity": 0.5, "note": note}).status_code
        == 403
    )

    # Lockout of the stranger's address.
    for _ in range(5):
        stranger.post("/accounts/login/", {"username": "carol", "password": wrong})

    response = browser.post(
        "/accounts/password/change/",
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert browser.get("/accounts/profile/export/").status_code == 200
    browser.post("/accounts/profile/token/revoke/")
    response = browser.post("/accounts/delete/", {"password": new_password, "confirm": "on"})
    assert response.status_code == 302

    secrets = [password, wrong, typo_username, note, text, new_password, key]
    everything = "\n".join(logs.lines + logs.plain_lines)
    leaked = [s.split("-")[1] for s in secrets if s in everything]
    assert leaked == [], f"secrets in the logs: {leaked}"

    events = _events(logs)
    names = [e["event"] for e in events]
    for expected in (
        "login_succeeded",
        "login_failed",
        "logout",
        "lockout",
        "token_created",
        "token_revoked",
        "access_denied",
        "csrf_failed",
        "password_changed",
        "data_exported",
        "account_deleted",
    ):
        assert expected in names, f"{expected} not logged; got {sorted(set(names))}"
    failed = [e for e in events if e["event"] == "login_failed"]
    assert all(e["level"] == "WARNING" and e["ip"] for e in failed)
    assert {e.get("user_id") for e in failed} >= {None}, "unknown usernames log no id"
    assert all(set(e) <= {"ts", "level", "logger", "message", *_safe_fields()} for e in events)


def _safe_fields():
    from common.logs import SAFE_FIELDS

    return SAFE_FIELDS


@pytest.mark.django_db
def test_a_database_error_is_logged_without_the_row_it_quoted(logs, user_api, monkeypatch):
    """Database errors quote the failing row; production's JSON lines keep only the type and
    where it happened, and the API answers 409 with no detail."""
    note = _canary("MoodNote")

    def fail(**kwargs):
        raise DatabaseError(f'duplicate key value violates constraint: note="{kwargs["note"]}"')

    monkeypatch.setattr("domains.moods.services.mood_entry_create", fail)
    response = user_api.post(
        "/api/v1/moods/", {"emotion": "calm", "intensity": 0.3, "note": note}, format="json"
    )
    assert response.status_code == 409
    assert note not in response.content.decode()
    assert logs.lines, "the error was not logged at all"
    assert not any(note in line for line in logs.lines)
    logged = [json.loads(line) for line in logs.lines if '"exc"' in line]
    assert logged and logged[-1]["exc"]["type"] == "DatabaseError"


def test_fields_outside_the_allowlist_never_reach_the_output():
    record = logging.makeLogRecord(
        {
            "name": SECURITY_LOGGER,
            "msg": "login failed",
            "levelno": logging.WARNING,
            "levelname": "WARNING",
            "event": "login_failed",
            "password": "hunter2",
            "token": "abc123",
            "note": "private",
            "user_id": 3,
        }
    )
    data = json.loads(JsonFormatter().format(record))
    assert data["event"] == "login_failed" and data["user_id"] == 3
    assert not {"password", "token", "note"} & set(data)
    assert "hunter2" not in json.dumps(data)
