"""The beat schedule, defined in code and upserted by name into django-celery-beat.

Upserting (never delete-and-recreate) keeps the rows' ids, run counts and the `enabled` flag that
staff may have switched off in the admin: code owns *what* runs and *when*, the admin owns
*whether*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    """One beat entry: a task run on a standard 5-field crontab (min hour day month weekday)."""

    name: str
    task: str
    crontab: str
    description: str = ""


SCHEDULE: list[ScheduledJob] = [
    ScheduledJob(
        name="operations.purge_expired",
        task="operations.tasks.purge_expired_task",
        crontab="17 3 * * *",
        description="Daily purge of expired sessions and old task results.",
    ),
    ScheduledJob(
        name="operations.minutely",
        task="operations.tasks.run_minutely_task",
        crontab="* * * * *",
        description="Flush request metrics, sample resources, check readiness, evaluate alert "
        "rules, send grouped notifications and due escalations.",
    ),
    ScheduledJob(
        name="common.outbox_sweep",
        task="common.tasks.outbox_sweep_task",
        crontab="* * * * *",
        description="Re-send queued jobs whose message was lost and jobs whose worker died "
        "(transactional outbox; see common/outbox.py).",
    ),
    ScheduledJob(
        name="operations.health_snapshot",
        task="operations.tasks.health_snapshot_task",
        crontab="2 * * * *",
        description="Hourly health snapshot of the previous hour (one row per hour).",
    ),
    ScheduledJob(
        name="operations.daily_digest",
        task="operations.tasks.daily_digest_task",
        crontab="30 6 * * *",
        description="Daily digest email to staff (once per staff member and day).",
    ),
    ScheduledJob(
        name="operations.metric_samples",
        task="operations.tasks.metric_samples_task",
        crontab="55 23 * * *",
        description="Daily value of every registered metric for the success-dashboard trends.",
    ),
    ScheduledJob(
        name="arts.storage_sweep",
        task="domains.arts.tasks.arts_storage_sweep_task",
        crontab="41 4 * * *",
        description="Daily removal of stored music files that no message refers to.",
    ),
    ScheduledJob(
        name="valuation.daily_report",
        task="valuation.tasks.valuation_daily_task",
        crontab="5 0 * * *",
        description="Daily valuation snapshots (components + portfolio) and report files.",
    ),
    ScheduledJob(
        name="innovation.weekly_metrics",
        task="innovation.tasks.innovation_metrics_weekly",
        crontab="30 1 * * 1",
        description="Weekly innovation metrics (breakthrough rate, IP portfolio, funnel, DI1).",
    ),
]


def schedule_sync(jobs: list[ScheduledJob] | None = None) -> dict[str, int]:
    """Create or update one PeriodicTask per job, by name; return counts of created/updated."""
    from django.db import transaction
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        for job in jobs if jobs is not None else SCHEDULE:
            minute, hour, day_of_month, month_of_year, day_of_week = job.crontab.split()
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_month=day_of_month,
                month_of_year=month_of_year,
                day_of_week=day_of_week,
                timezone="UTC",
            )
            task, created = PeriodicTask.objects.get_or_create(
                name=job.name,
                defaults={"task": job.task, "crontab": crontab, "description": job.description},
            )
            if not created:
                changed = (
                    task.task != job.task
                    or task.crontab_id != crontab.pk
                    or task.description != job.description
                )
                if changed:
                    task.task, task.crontab, task.description = job.task, crontab, job.description
                    task.interval = task.solar = task.clocked = None
                    task.save()
                    counts["updated"] += 1
            else:
                counts["created"] += 1
    return counts
