"""Answers that say what happened: database unavailable → 503 + Retry-After (never 409 or 500),
and the outage recorded afterwards with its real start and end."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client

from operations.models import Incident

pytestmark = pytest.mark.django_db


def _refuse(execute, sql, params, many, context):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5433 failed: Connection refused'
    )


@pytest.fixture(autouse=True)
def _outage_dir(settings, tmp_path):
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path
    cache.delete_many(["outage:database:start", "outage:database:end"])


def test_api_answers_503_with_retry_after_when_the_database_is_down(user_api):
    with connection.execute_wrapper(_refuse):
        response = user_api.get("/api/v1/moods/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "unavailable"


def test_api_write_answers_503_not_409(user_api):
    with connection.execute_wrapper(_refuse):
        response = user_api.post(
            "/api/v1/moods/", {"emotion": "calm", "intensity": 0.5}, format="json"
        )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_page_answers_503_with_retry_after_when_the_database_is_down(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with connection.execute_wrapper(_refuse):
        response = client.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert b"Temporarily unavailable" in response.content


def test_anonymous_api_answers_503_when_the_session_store_is_down():
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    with connection.execute_wrapper(_refuse):
        response = client.get("/api/v1/moods/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_outage_is_recorded_on_recovery_with_its_real_start_and_end(user_api, monkeypatch):
    from operations.services.minutely import minutely_run

    clock = iter([1_800_000_000.0, 1_800_000_042.0])
    monkeypatch.setattr("common.outage._clock", lambda: next(clock))
    with connection.execute_wrapper(_refuse):
        assert user_api.get("/api/v1/moods/").status_code == 503
        assert user_api.get("/api/v1/moods/").status_code == 503
    minutely_run(sample_resources=False, check_health=False)
    incident = Incident.objects.get(alert_name="DatabaseUnavailable")
    assert incident.triggered_at.timestamp() == 1_800_000_000.0
    assert incident.resolved_at.timestamp() == 1_800_000_042.0
    assert incident.status == "resolved" and incident.severity == "SEV-1"
    assert "2 request(s)" in incident.title or "2 request(s)" in incident.alerts.get().summary
    minutely_run(sample_resources=False, check_health=False)  # notes were cleared: no second one
    assert Incident.objects.filter(alert_name="DatabaseUnavailable").count() == 1
