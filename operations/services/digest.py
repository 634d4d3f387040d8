"""The daily digest email to staff: health, incidents and business metrics of the day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from operations import registry, selectors
from operations.models import HealthSnapshot, Incident, Notification
from operations.services.notifications import notification_send


def digest_text(*, day: date) -> str:
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=1)
    snaps = list(HealthSnapshot.objects.filter(hour__gte=start, hour__lt=end))
    incidents = list(Incident.objects.filter(triggered_at__gte=start, triggered_at__lt=end))
    stats = selectors.incident_stats(days=30)
    lines = [f"{settings.HARMONYHUB_SITE_NAME} daily digest for {day.isoformat()}", ""]
    if snaps:
        requests = sum(s.requests for s in snaps)
        errors = sum(s.errors_5xx for s in snaps)
        worst = max((s.p95_ms or 0) for s in snaps)
        lines.append(
            f"Health: {len(snaps)} hourly snapshots, {requests} requests, "
            f"{100.0 * errors / requests if requests else 0:.2f}% 5xx, "
            f"worst hourly p95 {worst:g} ms"
        )
    else:
        lines.append("Health: no hourly snapshots recorded.")
    lines.append(f"Incidents today: {len(incidents)}")
    for inc in incidents:
        lines.append(f"  #{inc.pk} {inc.severity} {inc.title} [{inc.status}]")
    mtta, mttr = stats["mtta_minutes"], stats["mttr_minutes"]
    lines.append(
        f"30-day MTTA {mtta:.1f} min, MTTR {mttr:.1f} min"
        if mtta and mttr
        else "30-day MTTA/MTTR: n/a"
    )
    lines += ["", "Metrics:"]
    for metric in registry.all_metrics():
        value = registry.metric_value(metric.name)
        if value is not None:
            lines.append(f"  {metric.name}: {value:,.2f} {metric.unit}".rstrip())
    return "\n".join(lines)


def digest_send(*, day: date | None = None) -> int:
    """Email the digest for `day` (default yesterday) to active staff once; returns emails sent."""
    day = day or (timezone.now().date() - timedelta(days=1))
    subject = f"{settings.HARMONYHUB_SITE_NAME} digest {day.isoformat()}"
    body = digest_text(day=day)
    now = timezone.now()
    sent = 0
    for user in get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email=""):
        if Notification.objects.filter(kind="digest", subject=subject, user=user).exists():
            continue
        notification_send(
            channel_kind="email",
            recipient=user.email,
            user=user,
            subject=subject,
            body=body,
            kind="digest",
            now=now,
        )
        sent += 1
    return sent
