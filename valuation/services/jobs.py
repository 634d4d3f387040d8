"""Revaluation jobs: coalesce bursts of ledger writes into one queued revaluation."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from valuation.models import Component, RevaluationJob


def debounce_seconds() -> int:
    """Seconds a queued revaluation waits so a burst of events is valued once."""
    default = os.environ.get("VALUATION_REVALUE_DEBOUNCE_SECONDS", "5")
    return int(getattr(settings, "VALUATION_REVALUE_DEBOUNCE_SECONDS", default))


def revaluation_request(*, component: Component | None, reason: str = "") -> RevaluationJob:
    """Queue a revaluation of `component` (and then the portfolio) after the current commit.

    While a job for the same component is still queued, further requests join it instead of
    enqueuing another task, so a burst of events gives one revaluation.
    """
    from valuation.tasks import revaluation_run_task

    with transaction.atomic():
        job = _queued_job(component)
        if job is None:
            try:
                with transaction.atomic():
                    job = RevaluationJob.objects.create(component=component, reason=reason[:120])
            except IntegrityError:
                # Another request queued one between our read and our insert: join it.
                job = _queued_job(component)
            else:
                job_id, delay = job.pk, debounce_seconds()
                transaction.on_commit(
                    lambda: revaluation_run_task.apply_async(args=[job_id], countdown=delay)
                )
                return job
        RevaluationJob.objects.filter(pk=job.pk).update(
            requested_count=F("requested_count") + 1, updated_at=timezone.now()
        )
        job.refresh_from_db()
        return job


def _queued_job(component: Component | None) -> RevaluationJob | None:
    return (
        RevaluationJob.objects.select_for_update()
        .filter(component=component, status="queued")
        .order_by("created_at")
        .first()
    )


def revaluation_run(*, job_id: int) -> RevaluationJob | None:
    """Run a queued job: revalue its component (if any) and the portfolio. Idempotent."""
    from valuation.services.portfolio import portfolio_revalue
    from valuation.services.revalue import component_revalue

    with transaction.atomic():
        job = RevaluationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != "queued":
            return job
        job.status, job.started_at = "running", timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    ids = []
    try:
        if job.component_id is not None:
            ids.append(component_revalue(component=job.component, trigger="event").pk)
        if Component.objects.filter(is_active=True).exists():
            ids.append(portfolio_revalue(trigger="event").pk)
    except Exception as exc:
        RevaluationJob.objects.filter(pk=job.pk).update(
            status="failed", error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    RevaluationJob.objects.filter(pk=job.pk).update(
        status="done", snapshot_ids=ids, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
