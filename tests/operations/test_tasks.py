"""Scheduled jobs and commands: idempotent per period, outcomes recorded."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from harmonyhub_site.schedule import SCHEDULE
from operations import tasks
from operations.models import HealthSnapshot, Heartbeat, Notification, RequestMinute

pytestmark = pytest.mark.django_db


def test_schedule_lists_every_operations_job():
    names = {job.task for job in SCHEDULE}
    assert {
        "operations.tasks.run_minutely_task",
        "operations.tasks.health_snapshot_task",
        "operations.tasks.purge_expired_task",
        "operations.tasks.daily_digest_task",
        "operations.tasks.metric_samples_task",
    } <= names


def test_purge_removes_only_expired_and_is_idempotent():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="new", session_data="x", expire_date=now + timedelta(1))
    for days in (1, 30):
        RequestMinute.objects.create(
            minute=now - timedelta(days=days), route="r", method="GET", worker="w"
        )
    first = tasks.purge_expired_task()
    assert first["sessions"] == 1 and first["request_minutes"] == 1
    assert tasks.purge_expired_task()["sessions"] == 0
    assert Heartbeat.objects.get(name="job.purge_expired").last_outcome == "ok"


def test_snapshot_task_one_row_per_hour():
    hour = datetime(2025, 2, 3, 4, 0, tzinfo=UTC)
    tasks.health_snapshot_task(hour.isoformat())
    tasks.health_snapshot_task(hour.isoformat())
    assert HealthSnapshot.objects.count() == 1


def test_minutely_task_records_worker_heartbeat():
    result = tasks.run_minutely_task()
    assert "rules" in result
    assert Heartbeat.objects.filter(name="celery.worker").exists()


def test_digest_once_per_staff_and_day(staff_user):
    day = timezone.now().date()
    assert tasks.daily_digest_task(day.isoformat()) == 1
    assert tasks.daily_digest_task(day.isoformat()) == 0
    assert len(mail.outbox) == 1 and "digest" in mail.outbox[0].subject
    assert Notification.objects.filter(kind="digest").count() == 1


def test_metric_samples_task_stores_values():
    assert tasks.metric_samples_task() >= 1


def test_operations_tick_command(capsys):
    call_command("operations_tick", "--snapshot", "2025-02-03T04:00+00:00", "--purge")
    out = capsys.readouterr().out
    assert "minutely:" in out and "snapshot 2025-02-03 04:00" in out and "purged:" in out
    with pytest.raises(CommandError):
        call_command("operations_tick", "--skip-minutely", "--snapshot", "yesterday")
