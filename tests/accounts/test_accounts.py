"""Sign-up, login throttling, password reset and API tokens, through the pages and the API."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_signup_creates_user_and_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "erin",
            "email": "erin@example.com",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="erin")
    assert not user.is_staff
    assert client.get("/").status_code == 200


def test_signup_weak_password_shows_errors_and_writes_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "erin", "email": "erin@example.com", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not get_user_model().objects.filter(username="erin").exists()


def test_signup_can_be_closed(client, settings):
    settings.SIGNUP_OPEN = False
    assert client.get("/accounts/signup/").status_code == 403


def test_login_is_locked_after_five_failures(client, user):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "correct-horse-battery-staple-42"}
    )
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content


def test_password_reset_sends_an_email(client, user):
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_change(user_client, user):
    response = user_client.post(
        "/accounts/password/change/",
        {
            "old_password": "correct-horse-battery-staple-42",
            "new_password1": "another-long-passphrase-9",
            "new_password2": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-9")


def test_profile_token_create_show_once_and_revoke(user_client, user):
    assert b"You have no API token" in user_client.get("/accounts/profile/").content
    user_client.post("/accounts/profile/token/")
    token = Token.objects.get(user=user)
    first = user_client.get("/accounts/profile/").content
    assert token.key.encode() in first and b"Created" in first
    assert token.key.encode() not in user_client.get("/accounts/profile/").content
    user_client.post("/accounts/profile/token/revoke/")
    assert not Token.objects.filter(user=user).exists()


def test_api_token_obtain(api_client, user):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "correct-horse-battery-staple-42"}
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=user).key
    bad = api_client.post("/api/v1/auth/token/", {"username": "alice", "password": "nope"})
    assert bad.status_code == 400 and "error" in bad.json()


def test_schedule_sync_upserts_by_name_and_keeps_enabled_flag():
    from django_celery_beat.models import PeriodicTask

    from harmonyhub_site.schedule import ScheduledJob, schedule_sync

    job = ScheduledJob(name="t.job", task="harmonyhub.ping", crontab="* * * * *")
    assert schedule_sync([job]) == {"created": 1, "updated": 0}
    PeriodicTask.objects.filter(name="t.job").update(enabled=False)
    moved = ScheduledJob(name="t.job", task="harmonyhub.ping", crontab="5 * * * *")
    assert schedule_sync([moved]) == {"created": 0, "updated": 1}
    task = PeriodicTask.objects.get(name="t.job")
    assert not task.enabled and task.crontab.minute == "5"
    assert schedule_sync([moved]) == {"created": 0, "updated": 0}


def test_every_scheduled_job_names_a_real_task_and_a_valid_crontab():
    import importlib

    from celery.schedules import crontab

    from harmonyhub_site.schedule import SCHEDULE

    assert len({job.name for job in SCHEDULE}) == len(SCHEDULE)
    for job in SCHEDULE:
        minute, hour, day_of_month, month_of_year, day_of_week = job.crontab.split()
        crontab(minute, hour, day_of_week, day_of_month, month_of_year)  # raises if invalid
        module, _, attr = job.task.rpartition(".")
        task = getattr(importlib.import_module(module), attr)
        assert task.name == job.task


def test_seed_demo_is_idempotent(monkeypatch, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("HARMONYHUB_DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo", stdout=StringIO())
    counts = get_user_model().objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert get_user_model().objects.count() == counts
    assert get_user_model().objects.get(username="demo").check_password("demo-passphrase-for-tests")
    assert get_user_model().objects.get(username="admin").is_staff


@pytest.mark.parametrize(
    "env,message",
    [({}, "DJANGO_SECRET_KEY"), ({"DJANGO_SECRET_KEY": "k" * 60}, "DJANGO_ALLOWED_HOSTS")],
)
def test_production_settings_refuse_to_start_without_secrets(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "harmonyhub_site.settings.production",
            **env,
        },
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_openapi_schema_is_valid_and_public(api_client):
    from openapi_spec_validator import validate

    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/moods/" in schema["paths"]


def test_swagger_ui_is_served_from_local_static(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_production_collectstatic_builds_the_manifest(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "harmonyhub_site.settings.production",
        "DJANGO_SECRET_KEY": "collectstatic-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "HARMONYHUB_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
