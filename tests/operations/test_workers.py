"""No live worker → the WorkerDown alert within two minutes; a worker back → resolved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from operations.models import Alert, Heartbeat
from operations.services.workers import WORKER_DOWN_KEY, workers_watch

pytestmark = pytest.mark.django_db


def test_worker_down_alert_opens_within_two_minutes_and_resolves():
    t0 = timezone.now()
    Heartbeat.objects.create(name="celery.worker", last_seen=t0)
    assert workers_watch(now=t0 + timedelta(seconds=60)) == "ok"
    assert not Alert.objects.filter(dedup_key=WORKER_DOWN_KEY).exists()
    # The watchdog runs every 30 s: the first run past 90 s is at most 120 s after the last beat.
    assert workers_watch(now=t0 + timedelta(seconds=120)) == "down"
    alert = Alert.objects.get(dedup_key=WORKER_DOWN_KEY)
    assert alert.status == "firing" and alert.severity == "SEV-2"
    assert workers_watch(now=t0 + timedelta(seconds=150)) == "down"
    assert Alert.objects.filter(dedup_key=WORKER_DOWN_KEY).count() == 1
    Heartbeat.objects.filter(name="celery.worker").update(last_seen=t0 + timedelta(seconds=170))
    assert workers_watch(now=t0 + timedelta(seconds=180)) == "ok"
    assert Alert.objects.get(dedup_key=WORKER_DOWN_KEY).status == "resolved"


def test_watchdog_thread_runs_the_watch(monkeypatch):
    import threading

    from operations.services import workers

    ran = threading.Event()
    monkeypatch.setattr(workers, "workers_watch", lambda: ran.set())
    thread = workers.watchdog_start(interval=0.05)
    try:
        assert ran.wait(5)
    finally:
        thread.stop.set()
        thread.join(5)


def test_full_health_shows_no_live_worker(staff_client):
    Heartbeat.objects.create(
        name="celery.worker", last_seen=timezone.now() - timedelta(seconds=300)
    )
    checks = {c["name"]: c for c in staff_client.get("/health/full").json()["checks"]}
    assert checks["celery_worker"]["status"] == "warning"
    assert "no live worker" in checks["celery_worker"]["detail"]
