"""Scheduled jobs: each is a few lines over services and idempotent per period."""

from __future__ import annotations

from celery import shared_task


def _beat(name: str, outcome: str, detail: str = "") -> None:
    from operations.services.metrics import heartbeat_beat

    heartbeat_beat(name=name, outcome=outcome, detail=detail)


@shared_task(name="operations.tasks.run_minutely_task")
def run_minutely_task() -> dict:
    """Flush metrics, sample resources, evaluate rules, dispatch notifications, escalate."""
    from operations.services.minutely import minutely_run

    # Stamped first: the heartbeat says a worker consumes, whatever the job's steps then do.
    _beat("celery.worker", "ok", "minutely job picked up")
    return minutely_run()


@shared_task(name="operations.tasks.health_snapshot_task")
def health_snapshot_task(hour_iso: str | None = None) -> int:
    from datetime import datetime

    from operations.services.health import health_run
    from operations.services.metrics import health_snapshot_take

    hour = datetime.fromisoformat(hour_iso) if hour_iso else None
    report = health_run(level="full")
    snapshot = health_snapshot_take(hour=hour, checks=report["checks"])
    _beat("job.health_snapshot", "ok", f"snapshot {snapshot.hour:%Y-%m-%d %H:00}")
    return snapshot.pk


@shared_task(name="operations.tasks.purge_expired_task")
def purge_expired_task() -> dict:
    from operations.services.purge import purge_expired

    counts = purge_expired()
    _beat("job.purge_expired", "ok", ", ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


@shared_task(name="operations.tasks.daily_digest_task")
def daily_digest_task(day_iso: str | None = None) -> int:
    from datetime import date

    from operations.services.digest import digest_send

    sent = digest_send(day=date.fromisoformat(day_iso) if day_iso else None)
    _beat("job.daily_digest", "ok", f"{sent} email(s)")
    return sent


@shared_task(name="operations.tasks.metric_samples_task")
def metric_samples_task() -> int:
    from operations.services.product import metric_samples_take

    stored = metric_samples_take()
    _beat("job.metric_samples", "ok", f"{stored} metric(s)")
    return stored


@shared_task(name="operations.tasks.performance_triage_task")
def performance_triage_task(incident_id: int) -> int | None:
    """Attach a performance triage report to a newly opened performance incident (once)."""
    from operations.models import Incident, PlaybookReport
    from operations.services.triage import incident_triage_attach

    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return None
    if PlaybookReport.objects.filter(incident=incident, kind="performance").exists():
        return None  # idempotent: a redelivered task does not attach a second copy
    return incident_triage_attach(incident=incident).pk
