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
        **incident_target_stats(start=start),
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


#: The seed's response-time targets when neither the runbook nor the policy names one.
DEFAULT_ACK_TARGET_MINUTES = 5
DEFAULT_RESOLVE_TARGET_MINUTES = 60


def incident_target_stats(*, start) -> dict:
    """How incidents since `start` did against their response-time targets: the runbook's
    respond/resolve minutes, else the escalation policy's targets, else the seed's 5 / 60."""
    rows = Incident.objects.filter(triggered_at__gte=start).values_list(
        "triggered_at",
        "acknowledged_at",
        "resolved_at",
        "runbook__respond_within_minutes",
        "runbook__resolve_within_minutes",
        "policy__ack_target_minutes",
        "policy__resolve_target_minutes",
    )
    now = timezone.now()
    acked_in = acked_late = resolved_in = resolved_late = 0
    for triggered, acked, resolved, rb_ack, rb_res, pol_ack, pol_res in rows:
        ack_target = timedelta(minutes=rb_ack or pol_ack or DEFAULT_ACK_TARGET_MINUTES)
        res_target = timedelta(minutes=rb_res or pol_res or DEFAULT_RESOLVE_TARGET_MINUTES)
        # An incident still waiting past its target counts as late already.
        if (acked or resolved or now) - triggered <= ack_target:
            acked_in += acked is not None or resolved is not None
        else:
            acked_late += 1
        if (resolved or now) - triggered <= res_target:
            resolved_in += resolved is not None
        else:
            resolved_late += 1
    return {
        "ack_within_target": acked_in,
        "ack_late": acked_late,
        "resolve_within_target": resolved_in,
        "resolve_late": resolved_late,
        "ack_target_pct": _pct(acked_in, acked_in + acked_late),
        "resolve_target_pct": _pct(resolved_in, resolved_in + resolved_late),
        "default_ack_target_minutes": DEFAULT_ACK_TARGET_MINUTES,
        "default_resolve_target_minutes": DEFAULT_RESOLVE_TARGET_MINUTES,
    }


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
