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
