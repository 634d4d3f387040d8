"""Daily purge of expired data: sessions, old metric minutes and samples, old task results."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from operations import conf
from operations.models import Notification, RequestMinute, ResourceSample


def _days(name: str) -> int:
    return int(conf.get(name))


def purge_expired(*, now=None) -> dict[str, int]:
    """Delete what has outlived its retention; running twice a day deletes nothing more."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        counts["sessions"] = Session.objects.filter(expire_date__lt=now).delete()[0]
        metric_cutoff = now - timedelta(days=_days("OPERATIONS_METRICS_RETENTION_DAYS"))
        counts["request_minutes"] = RequestMinute.objects.filter(minute__lt=metric_cutoff).delete()[
            0
        ]
        counts["resource_samples"] = ResourceSample.objects.filter(
            taken_at__lt=metric_cutoff
        ).delete()[0]
        read_cutoff = now - timedelta(days=_days("OPERATIONS_INBOX_RETENTION_DAYS"))
        counts["read_notifications"] = Notification.objects.filter(
            channel_kind="in_app", read_at__lt=read_cutoff
        ).delete()[0]
        try:
            from django_celery_results.models import TaskResult
        except ImportError:  # results backend not installed
            TaskResult = None
        if TaskResult is not None:
            expires = getattr(settings, "CELERY_RESULT_EXPIRES", timedelta(days=7))
            counts["task_results"] = TaskResult.objects.filter(
                date_done__lt=now - expires
            ).delete()[0]
    return counts
