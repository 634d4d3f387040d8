"""Read-only mode, generated from the URL conf: every write route answers 503 (with
Retry-After and the JSON envelope on the API), every read goes through, and switching the mode
off (itself a write that must keep working) restores writes."""

import pytest

from operations.middleware import READ_ONLY_EXEMPT
from operations.services.isolation import isolation_apply
from tests.test_access import URLS

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")


def _refused(response) -> bool:
    return response.status_code == 503 and "Retry-After" in response


def _routes():
    return [(url, name) for url, name, _ in URLS if name not in READ_ONLY_EXEMPT]


def test_the_walk_covers_pages_and_api():
    urls = [u for u, _ in _routes()]
    assert len(urls) > 100
    assert any(u.startswith("/api/v1/") for u in urls) and "/moods/" in urls


def test_every_write_refused_every_read_allowed_and_off_restores(staff_client, staff_user):
    isolation_apply(action="read_only_on", actor=staff_user, reason="breach drill")
    not_refused, refused_reads = [], []
    for url, _name in _routes():
        for method in WRITE_METHODS:
            response = getattr(staff_client, method)(url)
            if not _refused(response):
                not_refused.append(f"{method.upper()} {url} → {response.status_code}")
            elif url.startswith("/api/"):
                body = response.json()
                assert body["error"]["code"] == "read_only", url
            else:
                assert b"read-only for now" in response.content, url
        response = staff_client.get(url)
        if _refused(response):
            refused_reads.append(url)
    assert not_refused == []
    assert refused_reads == []

    # The switch itself keeps working while everything else is refused.
    response = staff_client.post(
        "/api/v1/operations/isolation/read_only_off/",
        {"reason": "drill over"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"]["read_only"] is False
    still_refused = []
    for url, _name in _routes():
        for method in WRITE_METHODS:
            response = getattr(staff_client, method)(url)
            if _refused(response):
                still_refused.append(f"{method.upper()} {url}")
    assert still_refused == []


def test_a_real_write_is_refused_then_succeeds(user_client, staff_user):
    from domains.moods.models import MoodEntry

    isolation_apply(action="read_only_on", actor=staff_user, reason="incident 1")
    response = user_client.post("/api/v1/moods/", {"emotion": "calm", "intensity": 0.5})
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert MoodEntry.objects.count() == 0
    assert user_client.get("/api/v1/moods/").status_code == 200
    isolation_apply(action="read_only_off", actor=staff_user, reason="over")
    response = user_client.post(
        "/api/v1/moods/", {"emotion": "calm", "intensity": 0.5}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert MoodEntry.objects.count() == 1


def test_login_still_works_while_read_only(client, user, password, staff_user):
    isolation_apply(action="read_only_on", actor=staff_user, reason="incident 2")
    response = client.post("/accounts/login/", {"username": "alice", "password": password})
    assert response.status_code == 302


def test_celery_writer_tasks_are_skipped_while_read_only(staff_user):
    from harmonyhub_site.celery import app

    calls = []

    @app.task(name="tests.read_only_writer", bind=False)
    def writer():
        calls.append(1)
        return "wrote"

    @app.task(name="operations.tests_monitor")
    def monitor():
        calls.append(2)
        return "watched"

    isolation_apply(action="read_only_on", actor=staff_user, reason="incident 3")
    assert writer.delay().get() is None
    assert monitor.delay().get() == "watched"
    isolation_apply(action="read_only_off", actor=staff_user, reason="over")
    assert writer.delay().get() == "wrote"
    assert calls == [2, 1]
