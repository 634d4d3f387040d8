"""Product analytics writes: events and survey answers; success targets and market sizes."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from common.exceptions import ApplicationError
from operations.models import (
    AnalyticsEvent,
    MarketSegment,
    MetricSample,
    SuccessTarget,
    SurveyResponse,
)
from operations.registry import all_metrics, metric_value

SURVEY_RANGES = {"nps": (0, 10), "csat": (1, 5)}


def analytics_record(*, user, kind: str, session_key: str = "", path: str = "", at=None):
    """Record one analytics event (logins come from the signal, page/API use from middleware)."""
    if kind not in dict(AnalyticsEvent.KINDS):
        raise ApplicationError("Unknown event kind.", fields={"kind": ["Unknown kind."]})
    return AnalyticsEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        session_key=session_key[:64],
        path=path[:255],
        occurred_at=at or timezone.now(),
    )


def survey_submit(*, user, kind: str, score, comment: str = "", at=None) -> SurveyResponse:
    """Store one NPS (0-10) or CSAT (1-5) answer."""
    if kind not in SURVEY_RANGES:
        raise ApplicationError(
            "Unknown survey.", code="invalid", fields={"kind": ["Choose nps or csat."]}
        )
    low, high = SURVEY_RANGES[kind]
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score is None or not low <= score <= high:
        raise ApplicationError(
            "The score is out of range.",
            code="invalid",
            fields={"score": [f"Give a whole number from {low} to {high}."]},
        )
    return SurveyResponse.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        score=score,
        comment=(comment or "")[:2000],
        created_at=at or timezone.now(),
    )


def success_target_update(*, target: SuccessTarget, **values) -> SuccessTarget:
    for field in ("label", "unit", "direction", "year1", "year2", "year3"):
        if field in values:
            setattr(target, field, values[field])
    target.full_clean()
    target.save()
    return target


def market_segment_save(*, segment: MarketSegment | None = None, **values) -> MarketSegment:
    segment = segment or MarketSegment()
    for field, value in values.items():
        setattr(segment, field, value)
    if segment.market_size is not None and segment.market_size <= 0:
        raise ApplicationError(
            "Market size must be positive.", fields={"market_size": ["Must be above 0."]}
        )
    segment.full_clean()
    segment.save()
    return segment


def metric_samples_take(*, day: date | None = None) -> int:
    """Store today's value of every registered metric (one row per metric and day)."""
    day = day or timezone.now().date()
    stored = 0
    for metric in all_metrics():
        value = metric_value(metric.name)
        if value is None:
            continue
        MetricSample.objects.update_or_create(name=metric.name, day=day, defaults={"value": value})
        stored += 1
    return stored
