"""Celery tasks: thin, id-taking wrappers over the services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="valuation.tasks.revaluation_run_task")
def revaluation_run_task(job_id: int) -> list[int]:
    """Run one queued revaluation job; returns the snapshot ids it wrote."""
    from valuation.services.jobs import revaluation_run

    job = revaluation_run(job_id=job_id)
    return list(job.snapshot_ids) if job else []


@shared_task(name="valuation.tasks.valuation_daily_task")
def valuation_daily_task(as_of: str | None = None) -> str:
    """Daily: revalue every component and the portfolio, write the report files."""
    from datetime import date

    from valuation.services.report import valuation_daily_run

    return valuation_daily_run(as_of=date.fromisoformat(as_of) if as_of else None)


@shared_task(name="valuation.tasks.stripe_event_process_task")
def stripe_event_process_task(event_pk: int) -> str:
    """Apply one stored Stripe event; a failed one is tried again later with backoff."""
    from valuation.services.stripe import MAX_ATTEMPTS, stripe_event_process

    event = stripe_event_process(event_pk=event_pk)
    if event is None:
        return "missing"
    if event.status == "failed" and event.next_retry_at and event.attempts < MAX_ATTEMPTS:
        delay = max(0, int((event.next_retry_at - event.updated_at).total_seconds()))
        stripe_event_process_task.apply_async(args=[event_pk], countdown=delay)
    return event.status
