"""Background work: the at-least-once settings, and bounded retries with exponential backoff.

The retry policy lives on the app's base task class (harmonyhub_site.celery.ReliableTask), so a
task added later inherits it without being listed here: the first test walks every registered
task. The real-worker side (a retried job done once, retries that stop) is in
test_celery_faults.py and runs on Redis.
"""

from __future__ import annotations

import itertools

import pytest
from celery.signals import task_retry
from django.conf import settings
from django.db import OperationalError

from harmonyhub_site.celery import ReliableTask, app


def _project_tasks():
    app.loader.import_default_modules()
    return {n: t for n, t in app.tasks.items() if not n.startswith(("celery.", "tests."))}


def test_at_least_once_delivery_settings():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_every_project_task_retries_transient_errors_a_bounded_number_of_times():
    tasks = _project_tasks()
    assert len(tasks) >= 10, sorted(tasks)
    for name, task in tasks.items():
        assert isinstance(task, ReliableTask), name
        assert hasattr(task, "_orig_run"), f"{name}: autoretry is not wired"
        assert OperationalError in task.autoretry_for, name
        assert 1 <= task.max_retries <= 10, name
        assert task.retry_backoff and task.retry_jitter, name
        assert task.retry_backoff_max <= 600, name


_calls = itertools.count()


@app.task(name="tests.retry.flaky", bind=True)
def _flaky(self, failures: int, error: str = "operational") -> int:
    next(_calls)
    if self.request.retries < failures:
        if error == "operational":
            raise OperationalError("database is locked")
        raise ValueError("bad input is not transient")
    return self.request.retries


@pytest.fixture
def retries():
    """Collect each retry's countdown (Retry.when) as the eager run goes."""
    seen: list[float] = []

    def record(sender=None, reason=None, **kwargs):
        if getattr(sender, "name", None) == "tests.retry.flaky":
            seen.append(float(reason.when))

    task_retry.connect(record, weak=False)
    global _calls
    _calls = itertools.count()
    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # eager retries re-apply; let the last one report
    yield seen
    app.conf.task_eager_propagates = propagates
    task_retry.disconnect(record)


def _attempts() -> int:
    return next(_calls)


def test_a_transient_error_is_retried_until_it_clears(retries):
    result = _flaky.apply(args=[3])
    assert result.successful()
    assert result.get() == 3
    assert len(retries) == 3
    assert _attempts() == 4


def test_retries_stop_at_max_retries_and_the_error_surfaces(retries):
    result = _flaky.apply(args=[99])
    assert result.failed()
    assert isinstance(result.result, OperationalError)
    assert len(retries) == _flaky.max_retries == 5
    assert _attempts() == 6


def test_backoff_is_exponential_with_full_jitter_and_capped(retries):
    for _ in range(20):
        _flaky.apply(args=[99])
    by_attempt = [retries[i::5] for i in range(5)]
    for n, countdowns in enumerate(by_attempt):
        bound = min(2 * 2**n, _flaky.retry_backoff_max)  # 2, 4, 8, 16, 32 s
        assert all(0 <= c <= bound for c in countdowns), (n, countdowns)
    # Full jitter spreads the retries out: later bounds are used, not just the first one.
    assert max(by_attempt[4]) > 4


def test_a_non_transient_error_is_not_retried(retries):
    result = _flaky.apply(args=[1, "value"])
    assert result.failed()
    assert isinstance(result.result, ValueError)
    assert retries == []
    assert _attempts() == 1
