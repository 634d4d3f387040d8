"""Reads behind the health page and the success-metrics dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.utils import timezone

from operations import conf, registry
from operations.engines import series
from operations.models import (
    HealthSnapshot,
    MarketSegment,
    MetricSample,
    ResourceSample,
    SuccessTarget,
)


def _nan_to_none(values) -> list:
    return [None if v is None or np.isnan(v) else round(float(v), 3) for v in values]


def health_page_data(*, minutes: int = 60) -> dict:
    """Per-minute request series (5-minute rolling p95 and error rate) and resources."""
    from operations.services.rules import minute_arrays

    now = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    start = now - timedelta(minutes=minutes)
    arrays = minute_arrays(start=start, end=now)
    rolled = series.rolling_request_series(
        arrays["counts"], arrays["errors"], arrays["auth"], arrays["dense"], 5
    )
    labels = [(start + timedelta(minutes=i)).strftime("%H:%M") for i in range(minutes)]
    samples = list(
        ResourceSample.objects.filter(taken_at__gte=start).order_by("taken_at")[: minutes + 5]
    )
    snaps = list(
        HealthSnapshot.objects.filter(hour__gte=now - timedelta(hours=48)).order_by("hour")
    )
    return {
        "minutes": {
            "labels": labels,
            "requests": [int(c) for c in arrays["counts"]],
            "p95": _nan_to_none(rolled["p95_ms"]),
            "error_pct": [round(float(v) * 100, 3) for v in rolled["error_rate"]],
        },
        "resources": {
            "labels": [s.taken_at.strftime("%H:%M") for s in samples],
            "cpu": [s.cpu_percent for s in samples],
            "memory": [s.memory_percent for s in samples],
            "disk": [s.disk_percent for s in samples],
        },
        "hours": {
            "labels": [s.hour.strftime("%d %H:00") for s in snaps],
            "p50": [s.p50_ms for s in snaps],
            "p95": [s.p95_ms for s in snaps],
            "p99": [s.p99_ms for s in snaps],
            "error_pct": [round(s.error_rate * 100, 3) for s in snaps],
            "rps": [round(s.rps, 4) for s in snaps],
        },
        "snapshots": list(reversed(snaps))[:24],
        "latest_sample": samples[-1] if samples else None,
    }


def program_year() -> int:
    """Which target year (1-3) applies today, counted from OPERATIONS_PROGRAM_START."""
    start = str(conf.get("OPERATIONS_PROGRAM_START") or "")
    try:
        first = date.fromisoformat(start[:10])
    except ValueError:
        return 1
    return max(1, min(3, (timezone.now().date() - first).days // 365 + 1))


def target_status(value: float | None, target: Decimal | None, direction: str) -> str:
    """ok at or beyond target, warn within 20 % of it, crit further off, none without data."""
    if value is None or target is None:
        return "none"
    target = float(target)
    if direction == "lower":
        if value <= target:
            return "ok"
        return "warn" if target and value <= target * 1.2 else "crit"
    if value >= target:
        return "ok"
    return "warn" if value >= target * 0.8 else "crit"


def success_dashboard(*, year: int | None = None, days: int = 90) -> dict:
    year = year if year in (1, 2, 3) else program_year()
    since = timezone.now().date() - timedelta(days=days)
    rows = []
    for target in SuccessTarget.objects.all():
        value = registry.metric_value(target.key)
        goal = getattr(target, f"year{year}")
        trend = list(
            MetricSample.objects.filter(name=target.key, day__gte=since)
            .order_by("day")
            .values_list("day", "value")
        )
        rows.append(
            {
                "target": target,
                "value": value,
                "goal": goal,
                "status": target_status(value, goal, target.direction),
                "progress": (
                    min(100.0, 100.0 * value / float(goal))
                    if value is not None and goal and target.direction == "higher"
                    else None
                ),
                "trend": {
                    "labels": [d.isoformat() for d, _ in trend],
                    "values": [v for _, v in trend],
                },
            }
        )
    markets = []
    for segment in MarketSegment.objects.all():
        value = registry.metric_value(segment.metric)
        share = 100.0 * value / float(segment.market_size) if value is not None else None
        markets.append(
            {
                "segment": segment,
                "value": value,
                "share": share,
                "status": target_status(share, segment.target_share_percent, "higher"),
            }
        )
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row["target"].get_category_display(), []).append(row)
    return {"year": year, "groups": grouped, "markets": markets}
