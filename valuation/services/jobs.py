"""Revaluation jobs: coalesce bursts of ledger writes into one queued revaluation.

Jobs go through the transactional outbox (`common.outbox`): the row is written with the ledger
change, the task is sent after commit, and `revaluation_jobs_sweep` re-sends a job whose message
was lost (broker outage) or whose worker died, so a job is delayed by an outage but never stuck.
"""

from __future__ import annotations

import os
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from common.outbox import dispatch_lease, job_dispatch_on_commit, run_lease, send_now
from valuation.models import Component, RevaluationJob


def debounce_seconds() -> int:
    """Seconds a queued revaluation waits so a burst of events is valued once."""
    default = os.environ.get("VALUATION_REVALUE_DEBOUNCE_SECONDS", "5")
    return int(getattr(settings, "VALUATION_REVALUE_DEBOUNCE_SECONDS", default))


def _send(job_id: int, *, countdown: int = 0) -> None:
    from valuation.tasks import revaluation_run_task

    revaluation_run_task.apply_async(args=[job_id], countdown=countdown)


def _dispatch_on_commit(job_id: int) -> None:
    delay = debounce_seconds()
    job_dispatch_on_commit(lambda: _send(job_id, countdown=delay), what=f"revaluation job {job_id}")


def _pending(job: RevaluationJob, now: datetime) -> bool:
    """Queued with a message sent recently enough that a worker should still pick it up."""
    if job.dispatched_at is None:
        return False
    return now - job.dispatched_at <= dispatch_lease() + _debounce_delta()


def _debounce_delta():
    from datetime import timedelta

    return timedelta(seconds=debounce_seconds())


def revaluation_request(*, component: Component | None, reason: str = "") -> RevaluationJob:
    """Queue a revaluation of `component` (and then the portfolio) after the current commit.

    While a job for the same component is genuinely pending (queued, its message recently
    sent), further requests join it instead of enqueuing another task, so a burst of events
    gives one revaluation. Joining a queued job whose message may have been lost sends it
    again, so later writes can never pile up behind a job nobody will run.
    """
    now = timezone.now()
    with transaction.atomic():
        job = _queued_job(component)
        if job is None:
            try:
                with transaction.atomic():
                    job = RevaluationJob.objects.create(
                        component=component, reason=reason[:120], dispatched_at=now
                    )
            except IntegrityError:
                # Another request queued one between our read and our insert: join it.
                job = _queued_job(component)
            else:
                _dispatch_on_commit(job.pk)
                return job
        if job is None:  # the winner already started: queue a fresh one behind it
            job = RevaluationJob.objects.create(
                component=component, reason=reason[:120], dispatched_at=now
            )
            _dispatch_on_commit(job.pk)
            return job
        updates = {"requested_count": F("requested_count") + 1, "updated_at": now}
        if not _pending(job, now):
            updates["dispatched_at"] = now
            _dispatch_on_commit(job.pk)
        RevaluationJob.objects.filter(pk=job.pk).update(**updates)
        job.refresh_from_db()
        return job


def _queued_job(component: Component | None) -> RevaluationJob | None:
    return (
        RevaluationJob.objects.select_for_update()
        .filter(component=component, status="queued")
        .order_by("created_at")
        .first()
    )


def _claim(job_id: int) -> RevaluationJob | None:
    """Mark the job running if it is queued, or running past its lease (its worker was lost)."""
    now = timezone.now()
    with transaction.atomic():
        job = RevaluationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        stale = job.status == "running" and (
            job.started_at is None or now - job.started_at > run_lease()
        )
        if job.status != "queued" and not stale:
            return None
        job.status, job.started_at = "running", now
        job.save(update_fields=["status", "started_at", "updated_at"])
        return job


def revaluation_run(*, job_id: int) -> RevaluationJob | None:
    """Run a queued job: revalue its component (if any) and the portfolio. Idempotent."""
    from valuation.services.portfolio import portfolio_revalue
    from valuation.services.revalue import component_revalue

    job = _claim(job_id)
    if job is None:
        return RevaluationJob.objects.filter(pk=job_id).first()
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


def revaluation_jobs_sweep(*, now: datetime | None = None) -> int:
    """Re-send queued jobs whose message is overdue and running jobs whose worker was lost.

    Each re-send first moves `dispatched_at` with a conditional update, so two sweeps running
    at once send a job once. Returns how many jobs were sent.
    """
    now = now or timezone.now()
    overdue = now - dispatch_lease() - _debounce_delta()
    sent = 0
    queued = RevaluationJob.objects.filter(status="queued").filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=overdue)
    )
    for job in queued.only("pk", "dispatched_at"):
        won = RevaluationJob.objects.filter(
            pk=job.pk, status="queued", dispatched_at=job.dispatched_at
        ).update(dispatched_at=now)
        if won and send_now(lambda pk=job.pk: _send(pk), what=f"revaluation job {job.pk}"):
            sent += 1
    lost = RevaluationJob.objects.filter(status="running", started_at__lt=now - run_lease())
    for job in lost.only("pk", "component_id", "started_at"):
        with transaction.atomic():
            already = RevaluationJob.objects.filter(component=job.component_id, status="queued")
            if already.exists():
                # A newer queued job revalues the same component; this one need not run again.
                RevaluationJob.objects.filter(pk=job.pk, status="running").update(
                    status="failed",
                    error="worker lost; superseded by a newer queued job",
                    finished_at=now,
                )
                continue
            try:
                with transaction.atomic():
                    won = RevaluationJob.objects.filter(
                        pk=job.pk, status="running", started_at=job.started_at
                    ).update(status="queued", dispatched_at=now)
            except IntegrityError:  # a request queued one for the component meanwhile
                won = 0
        if won and send_now(lambda pk=job.pk: _send(pk), what=f"revaluation job {job.pk}"):
            sent += 1
    return sent
