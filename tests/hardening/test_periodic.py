"""Every job in the beat schedule (harmonyhub_site/schedule.py), run twice for the same period,
has one effect: the second run writes no row the first did not (Celery beat can fire twice
around a restart or with two schedulers; tasks must be idempotent by period)."""

from __future__ import annotations

import importlib
import os
import time
from datetime import datetime

import pytest
from django.apps import apps

from harmonyhub_site.schedule import SCHEDULE
from tests.hardening import discovery as d

pytestmark = pytest.mark.django_db
BOOKKEEPING = {"sessions", "django_celery_results", "django_celery_beat", "admin", "axes"}

# job name → (only on PostgreSQL?, reason): defects found here, routed to their owners.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
KNOWN: dict[str, tuple[bool, str]] = {}


def _task(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in BOOKKEEPING and not m._meta.proxy
    }


def _params():
    for job in SCHEDULE:
        postgres_only, reason = KNOWN.get(job.name, (False, ""))
        applies = bool(reason) and (ON_POSTGRES or not postgres_only)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if applies else []
        yield pytest.param(job, id=job.name, marks=marks)


@pytest.mark.parametrize("job", list(_params()))
def test_a_periodic_job_run_twice_in_one_period_has_one_effect(job, staff_user, user):
    for model in d.owned_models():
        d.make_row(model, user)
    # Each app's own test factories give the jobs something real to work on.
    for model, factory in d._factories().items():
        if model not in d.owned_models():
            factory()
    try:
        task = _task(job.task)
    except (ImportError, AttributeError) as exc:
        pytest.fail(f"{job.name}: task {job.task} does not import: {exc}")
    # Both runs inside one minute, so even a minutely job sees a single period.
    if datetime.now().second > 50:
        time.sleep(61 - datetime.now().second)
    task.apply().get()
    after_first = _counts()
    task.apply().get()
    after_second = _counts()
    grown = {
        k: (after_first[k], after_second[k])
        for k in after_first
        if after_second[k] > after_first[k]
    }
    assert grown == {}, f"{job.name} wrote again for the same period: {grown}"
