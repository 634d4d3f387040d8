"""A transactional outbox for queued jobs: the job row is the truth, the broker message a hint.

The pattern (microservices.io "Transactional outbox"): a service writes its job row (status
"queued") in the same transaction as the change that needs it and asks `job_dispatch_on_commit`
to send the task once that transaction commits. If the broker is down at that moment the send
fails quietly (logged and counted) and the request still succeeds: the row is kept. A beat job
(`outbox_sweep`, every minute) asks each registered sweeper to re-send jobs that are queued or
running past their lease, so a lost message, a broker outage or a killed worker delays a job but
never strands it. Tasks are idempotent (they claim the row before working), so a re-send that
races the original is harmless.

Contexts register their sweeper in `AppConfig.ready()`; common imports none of them.

Leases (seconds; settings or environment):
- JOB_DISPATCH_LEASE_SECONDS (120): a queued job whose message was sent this long ago and has
  not started is sent again (a busy worker may then see it twice; the second is a no-op).
- JOB_RUN_LEASE_SECONDS (CELERY_TASK_TIME_LIMIT + 60): a job "running" this long has lost its
  worker (the hard time limit would have ended it), so it may be claimed again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_sweepers: dict[str, Callable[..., int]] = {}
_counters = {"sent": 0, "send_failed": 0}


def _seconds(name: str, default: int) -> int:
    if hasattr(settings, name):
        return int(getattr(settings, name))
    return int(os.environ.get(name) or default)


def dispatch_lease() -> timedelta:
    """How long a sent-but-unstarted job waits before it is sent again."""
    return timedelta(seconds=_seconds("JOB_DISPATCH_LEASE_SECONDS", 120))


def run_lease() -> timedelta:
    """How long a running job may run before its worker counts as lost."""
    limit = int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 360) or 360)
    return timedelta(seconds=_seconds("JOB_RUN_LEASE_SECONDS", limit + 60))


def send_now(send: Callable[[], object], *, what: str) -> bool:
    """Send a task; a broker failure is logged and counted, never raised (the sweeper retries).

    Eager mode (tests, the embedded default without a worker) runs the task inline, so its own
    errors are the caller's business and propagate as before.
    """
    from celery import current_app

    if current_app.conf.task_always_eager:
        send()
        return True
    try:
        send()
    except Exception as exc:  # broker down, DNS, auth: the job row stays queued for the sweeper
        with _lock:
            _counters["send_failed"] += 1
        logger.warning("could not send %s (%s); the outbox sweeper will re-send it", what, exc)
        return False
    with _lock:
        _counters["sent"] += 1
    return True


def job_dispatch_on_commit(send: Callable[[], object], *, what: str) -> None:
    """Send the job's task after the surrounding transaction commits (now, if there is none)."""
    transaction.on_commit(lambda: send_now(send, what=what))


def counters() -> dict[str, int]:
    """Sends and failed sends in this process since it started."""
    with _lock:
        return dict(_counters)


def register_sweeper(name: str, func: Callable[..., int]) -> None:
    """`func(now=...) -> int` re-sends its context's stale jobs and returns how many."""
    with _lock:
        _sweepers[name] = func


def outbox_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Run every registered sweeper; one failing sweeper does not stop the others."""
    now = now or timezone.now()
    with _lock:
        items = sorted(_sweepers.items())
    out = {}
    for name, func in items:
        try:
            out[name] = func(now=now)
        except Exception:
            logger.exception("outbox sweeper %s failed", name)
            out[name] = -1
    return out
