"""Is any Celery worker alive? Watched from the beat process, which runs even when no worker does.

Every worker run of the minutely job stamps the "celery.worker" heartbeat. `workers_watch`
compares its age with OPERATIONS_WORKER_STALE_SECONDS (90 s): older means no live worker, and
the "WorkerDown" alert (SEV-2) fires; a fresh heartbeat resolves it. The beat process calls it
every WATCH_INTERVAL_SECONDS from a daemon thread (`watchdog_start`), so with the heartbeat
stamped each minute an alert opens at most 90 + 30 = 120 s after the last worker died.
"""

from __future__ import annotations

import logging
import threading

from django.utils import timezone

from operations import conf

logger = logging.getLogger(__name__)
WORKER_DOWN_KEY = "system:WorkerDown:harmonyhub"
WATCH_INTERVAL_SECONDS = 30.0


def workers_watch(*, now=None) -> str:
    """ "ok", "down" (alert fired) or "unknown" (no heartbeat ever: nothing to compare)."""
    from operations.models import Alert, Heartbeat
    from operations.services.alerts import alert_fire_at, alert_resolve_at

    now = now or timezone.now()
    beat = Heartbeat.objects.filter(name="celery.worker").first()
    if beat is None:
        return "unknown"
    age = (now - beat.last_seen).total_seconds()
    if age > conf.get("OPERATIONS_WORKER_STALE_SECONDS"):
        alert_fire_at(
            source="system",
            name="WorkerDown",
            dedup_key=WORKER_DOWN_KEY,
            severity="SEV-2",
            summary=f"No live Celery worker: last heartbeat {int(age)} s ago",
            labels={"service": "harmonyhub", "component": "celery-worker"},
            value=age,
            now=now,
        )
        return "down"
    if Alert.objects.filter(dedup_key=WORKER_DOWN_KEY, status="firing").exists():
        alert_resolve_at(dedup_key=WORKER_DOWN_KEY, now=now, detail="A worker is back.")
    return "ok"


def watchdog_start(*, interval: float = WATCH_INTERVAL_SECONDS) -> threading.Thread:
    """Run `workers_watch` every `interval` seconds in a daemon thread (the beat process)."""
    stop = threading.Event()

    def loop():
        from django.db import close_old_connections

        while not stop.wait(interval):
            try:
                workers_watch()
            except Exception:  # the database may be down: try again next round
                logger.warning("worker watchdog could not run", exc_info=True)
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="harmonyhub-worker-watchdog", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
