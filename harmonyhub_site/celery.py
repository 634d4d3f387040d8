"""The Celery app. Workers and beat load Django settings from DJANGO_SETTINGS_MODULE."""

import logging
import os

from celery import Celery, Task
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.base")
logger = logging.getLogger(__name__)


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth another try: the database or the broker was briefly away or locked."""
    from django.db import InterfaceError, OperationalError

    return (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class ReliableTask(Task):
    """The base of every project task: bounded retries with exponential backoff and full jitter.

    With the at-least-once settings (acks_late, reject_on_worker_lost, prefetch 1, time limits)
    a transient database or broker error is retried after about 2, 4, 8, 16 and 32 s (each drawn
    at random up to that bound, capped at five minutes), then the task fails for good and the
    failure is recorded. Other errors are bugs or bad input and are not retried. Tasks are
    idempotent by key, so a retry never doubles an effect.
    """

    max_retries = 5
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True

    #: Monitoring keeps running while the site is read-only: these task-name prefixes are exempt.
    read_only_exempt = ("operations.", "harmonyhub.", "celery.")

    def __call__(self, *args, **kwargs):
        if self._paused_by_read_only():
            if self.request.is_eager or self.request.id is None:
                # No broker to come back through: skip; periodic work runs again on its beat.
                logger.warning("read-only mode: skipped %s", self.name)
                return None
            # Back on the queue until read-only mode ends; never counts against max_retries.
            raise self.retry(countdown=60, max_retries=self.request.retries + 1)
        return super().__call__(*args, **kwargs)

    def _paused_by_read_only(self) -> bool:
        if self.name.startswith(self.read_only_exempt):
            return False
        from operations.isolation_state import isolation_get

        try:
            return isolation_get().read_only
        except Exception:  # noqa: BLE001 - unreadable switch: run; the task's own DB work decides
            return False

    @property
    def autoretry_for(self):  # read when the task is declared, after Django is importable
        return _transient_errors()


app = Celery("harmonyhub", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _sync_schedule(sender=None, **kwargs):
    """When beat starts: upsert the code-defined schedule and start the worker watchdog."""
    from harmonyhub_site.schedule import schedule_sync
    from operations.services.workers import watchdog_start

    schedule_sync()
    # Beat runs when no worker does, so it is the one to notice that none is alive.
    watchdog_start()


@app.task(name="harmonyhub.ping", ignore_result=False)
def ping(payload: str) -> dict:
    """Round-trip diagnostic: proves a worker consumes from the broker and can answer."""
    import socket

    return {"echo": payload, "worker": socket.gethostname()}
