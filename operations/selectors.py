"""Operations reads: product metrics, incident stats, lists for pages and the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from operations.engines import alerting, product
from operations.models import (
    Alert,
    AnalyticsEvent,
    HealthSnapshot,
    Incident,
    Notification,
    SurveyResponse,
)


def _activity(start: datetime) -> list[tuple[int, date]]:
    rows = (
        AnalyticsEvent.objects.filter(occurred_at__gte=start, user__isnull=False)
        .values_list("user_id", "occurred_at")
        .order_by()
    )
    return list({(uid, at.date()) for uid, at in rows})


def engagement_get(*, day: date | None = None) -> dict:
    """DAU, WAU, MAU and stickiness for `day` (default today), UTC days."""
    day = day or timezone.now().date()
    start = datetime.combine(day - timedelta(days=29), datetime.min.time(), tzinfo=UTC)
    activity = [(u, d) for u, d in _activity(start) if d <= day]
    return product.engagement(activity, day)


def engagement_series(*, days: int = 30) -> list[dict]:
    today = timezone.now().date()
    start = datetime.combine(today - timedelta(days=days + 29), datetime.min.time(), tzinfo=UTC)
    activity = _activity(start)
    out = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        out.append({"day": day.isoformat(), **product.engagement(activity, day)})
    return out


def session_median_seconds(*, days: int = 30) -> float | None:
    start = timezone.now() - timedelta(days=days)
    rows = AnalyticsEvent.objects.filter(occurred_at__gte=start).exclude(session_key="")
    return product.median_session_seconds(rows.values_list("session_key", "occurred_at"))


def retention_get(*, unit: str = "month", months_back: int = 24) -> list[dict]:
    start = timezone.now() - timedelta(days=31 * months_back if unit == "month" else 365 * 5)
    return product.retention_cohorts(_activity(start), unit=unit)


def survey_scores(*, kind: str, days: int = 90) -> list[int]:
    start = timezone.now() - timedelta(days=days)
    return list(
        SurveyResponse.objects.filter(kind=kind, created_at__gte=start).values_list(
            "score", flat=True
        )
    )


def nps_get(*, days: int = 90) -> float | None:
    return product.nps(survey_scores(kind="nps", days=days))


def csat_get(*, days: int = 90) -> float | None:
    return product.csat(survey_scores(kind="csat", days=days))


def csat_mean_get(*, days: int = 90) -> float | None:
    return product.csat_mean(survey_scores(kind="csat", days=days))


def incident_stats(*, days: int = 30) -> dict:
    """MTTA/MTTR (minutes) and counts over incidents triggered in the last `days`."""
    start = timezone.now() - timedelta(days=days)
    rows = Incident.objects.filter(triggered_at__gte=start).values_list(
        "triggered_at", "acknowledged_at", "resolved_at", "status"
    )
    mtta, mttr = alerting.mtta_mttr((t, a, r) for t, a, r, _ in rows)
    statuses = [s for *_, s in rows]
    return {
        "mtta_minutes": mtta,
        "mttr_minutes": mttr,
        "total": len(statuses),
        "open": sum(1 for s in statuses if s != "resolved"),
        "triggered": statuses.count("triggered"),
        "acknowledged": statuses.count("acknowledged"),
    }


def incident_list(*, filters: dict | None = None) -> QuerySet[Incident]:
    from operations.filters import IncidentFilter

    qs = Incident.objects.select_related("acknowledged_by", "resolved_by", "policy", "runbook")
    return IncidentFilter(filters or {}, queryset=qs).qs


def alert_list(*, filters: dict | None = None) -> QuerySet[Alert]:
    from operations.filters import AlertFilter

    return AlertFilter(filters or {}, queryset=Alert.objects.select_related("incident")).qs


def snapshot_list(*, hours: int = 48) -> QuerySet[HealthSnapshot]:
    return HealthSnapshot.objects.filter(hour__gte=timezone.now() - timedelta(hours=hours))


def inbox_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, channel_kind="in_app")
