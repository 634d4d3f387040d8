"""Request/resource metrics: writing aggregates, psutil samples, hourly health snapshots."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from datetime import datetime, timedelta

import psutil
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Avg, F, Max, Sum
from django.utils import timezone

from operations.engines import stats
from operations.models import (
    AnalyticsEvent,
    HealthSnapshot,
    Heartbeat,
    RequestMinute,
    ResourceSample,
)

SNAPSHOT_ENGINE_VERSION = stats.ENGINE_VERSION


def inputs_hash(payload) -> str:
    """sha256 of the canonical JSON of an engine's inputs."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def request_minutes_write(*, worker: str, aggs: dict, events: dict) -> int:
    """Add a process's buffered counts to its own per-minute rows (no cross-process races)."""
    touched = 0
    with transaction.atomic():
        for (minute, route, method), agg in aggs.items():
            row, _ = RequestMinute.objects.select_for_update().get_or_create(
                minute=minute, route=route, method=method, worker=worker
            )
            hist = dict(row.histogram)
            for key, count in agg.histogram.items():
                hist[key] = hist.get(key, 0) + count
            RequestMinute.objects.filter(pk=row.pk).update(
                count=F("count") + agg.count,
                s2xx=F("s2xx") + agg.s2xx,
                s3xx=F("s3xx") + agg.s3xx,
                s4xx=F("s4xx") + agg.s4xx,
                s5xx=F("s5xx") + agg.s5xx,
                s401=F("s401") + agg.s401,
                s403=F("s403") + agg.s403,
                sum_ms=F("sum_ms") + agg.sum_ms,
                sum_queries=F("sum_queries") + getattr(agg, "queries", 0),
                max_ms=max(row.max_ms, agg.max_ms),
                histogram=hist,
            )
            touched += 1
        if events:
            # A user may have deleted their account between the request and this flush.
            live = set(
                get_user_model()
                .objects.filter(pk__in={key[0] for key in events})
                .values_list("pk", flat=True)
            )
            rows = [
                AnalyticsEvent(
                    user_id=user_id,
                    session_key=session_key[:64],
                    kind=kind,
                    path=path,
                    occurred_at=at,
                )
                for (user_id, session_key, kind, _m), (path, at) in events.items()
                if user_id in live
            ]
            AnalyticsEvent.objects.bulk_create(rows)
            touched += len(rows)
    return touched


def request_stats(*, start: datetime, end: datetime, route: str | None = None) -> dict:
    """Totals and nearest-rank percentiles over [start, end), summed over every worker."""
    qs = RequestMinute.objects.filter(minute__gte=start, minute__lt=end)
    if route:
        qs = qs.filter(route=route)
    totals = qs.aggregate(
        count=Sum("count"),
        s5xx=Sum("s5xx"),
        s4xx=Sum("s4xx"),
        s401=Sum("s401"),
        s403=Sum("s403"),
        sum_ms=Sum("sum_ms"),
    )
    hist = stats.histogram_merge(qs.values_list("histogram", flat=True))
    pct = stats.percentiles_from_histogram(hist, (50, 95, 99))
    count = totals["count"] or 0
    seconds = max((end - start).total_seconds(), 1.0)
    return {
        "count": count,
        "errors_5xx": totals["s5xx"] or 0,
        "errors_4xx": totals["s4xx"] or 0,
        "auth_failures": (totals["s401"] or 0) + (totals["s403"] or 0),
        "error_rate": stats.rate(totals["s5xx"] or 0, count),
        "rps": count / seconds,
        "mean_ms": (totals["sum_ms"] or 0.0) / count if count else None,
        "p50_ms": pct[50],
        "p95_ms": pct[95],
        "p99_ms": pct[99],
        "histogram": hist,
    }


def route_stats(*, start: datetime, end: datetime, limit: int = 20) -> list[dict]:
    """Per-route totals over a window, busiest first, with p95."""
    rows = (
        RequestMinute.objects.filter(minute__gte=start, minute__lt=end)
        .values("route", "method")
        .annotate(count=Sum("count"), s5xx=Sum("s5xx"), sum_ms=Sum("sum_ms"))
        .order_by("-count")[:limit]
    )
    out = []
    for row in rows:
        hists = RequestMinute.objects.filter(
            minute__gte=start, minute__lt=end, route=row["route"], method=row["method"]
        ).values_list("histogram", flat=True)
        pct = stats.percentiles_from_histogram(stats.histogram_merge(hists), (95,))
        out.append(
            {
                **row,
                "p95_ms": pct[95],
                "mean_ms": row["sum_ms"] / row["count"] if row["count"] else None,
                "error_rate": stats.rate(row["s5xx"], row["count"]),
            }
        )
    return out


def queue_depth() -> int | None:
    """Messages waiting in the default Celery queue, or None when the broker cannot tell."""
    from celery import current_app as app  # the site app, set current at startup

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            queue = app.conf.task_default_queue or "celery"
            ok = conn.default_channel.queue_declare(queue=queue, passive=True)
            return int(ok.message_count)
    except Exception:  # an unreachable broker is reported by the health check instead
        return None


_cpu_primed = False


def cpu_percent() -> float:
    """Host CPU busy % since the previous call in this process (one 0.1 s sample the first
    time, when there is no previous call to measure from)."""
    global _cpu_primed
    if not _cpu_primed:
        _cpu_primed = True
        return psutil.cpu_percent(interval=0.1)
    return psutil.cpu_percent(interval=None)


def disk_volumes() -> dict[str, str]:
    """The directories whose volumes matter: uploaded/composed media, and a local database."""
    volumes = {"media": str(settings.MEDIA_ROOT)}
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and str(db["NAME"]) != ":memory:":
        volumes["database"] = os.path.dirname(os.path.abspath(str(db["NAME"])))
    elif db.get("HOST", "") in ("", "localhost", "127.0.0.1", "::1"):
        data_dir = os.environ.get("PGDATA", "")
        if data_dir:
            volumes["database"] = data_dir
    return volumes


def _existing(path: str) -> str:
    """The path itself or its nearest existing parent (MEDIA_ROOT may not exist yet)."""
    while path and not os.path.exists(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path or "/"


def disk_usage_by_volume() -> dict[str, float]:
    """Percent used of each volume in `disk_volumes()`."""
    out = {}
    for name, path in disk_volumes().items():
        usage = shutil.disk_usage(_existing(path))
        out[name] = 100.0 * usage.used / usage.total if usage.total else 0.0
    return out


def disk_usage_percent() -> float:
    """The fullest of the media and (local) database volumes."""
    return max(disk_usage_by_volume().values())


def resource_sample_take(*, now: datetime | None = None, with_queue: bool = True) -> ResourceSample:
    """One psutil sample for this minute (idempotent per minute)."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    try:
        load1 = os.getloadavg()[0]
    except (AttributeError, OSError):
        load1 = None
    values = {
        "host": socket.gethostname()[:120],
        # In a long-lived worker: the busy share since the previous minute's sample.
        "cpu_percent": cpu_percent(),
        "memory_percent": psutil.virtual_memory().percent,
        "rss_bytes": psutil.Process().memory_info().rss,
        "disk_percent": disk_usage_percent(),
        "load1": load1,
        "queue_depth": queue_depth() if with_queue else None,
    }
    sample, _ = ResourceSample.objects.update_or_create(taken_at=now, defaults=values)
    return sample


def health_snapshot_take(
    *, hour: datetime | None = None, checks: list[dict] | None = None
) -> HealthSnapshot:
    """Summarise one UTC hour (default: the last complete one); one row per hour, re-runnable."""
    if hour is None:
        hour = timezone.now() - timedelta(hours=1)
    hour = hour.replace(minute=0, second=0, microsecond=0)
    end = hour + timedelta(hours=1)
    req = request_stats(start=hour, end=end)
    res = ResourceSample.objects.filter(taken_at__gte=hour, taken_at__lt=end).aggregate(
        cpu=Avg("cpu_percent"),
        mem=Avg("memory_percent"),
        rss=Max("rss_bytes"),
        disk=Max("disk_percent"),
        queue=Max("queue_depth"),
    )
    checks = checks or []
    statuses = [c.get("status") for c in checks]
    status = "critical" if "critical" in statuses else "warning" if "warning" in statuses else "ok"
    payload = {
        "hour": hour.isoformat(),
        "histogram": sorted(req["histogram"].items()),
        "count": req["count"],
        "errors_5xx": req["errors_5xx"],
        "resources": res,
    }
    values = {
        "requests": req["count"],
        "errors_5xx": req["errors_5xx"],
        "error_rate": req["error_rate"],
        "rps": req["count"] / 3600.0,
        "p50_ms": req["p50_ms"],
        "p95_ms": req["p95_ms"],
        "p99_ms": req["p99_ms"],
        "cpu_percent": res["cpu"],
        "memory_percent": res["mem"],
        "rss_bytes": res["rss"],
        "disk_percent": res["disk"],
        "queue_depth": res["queue"],
        "status": status,
        "checks": checks,
        "inputs_hash": inputs_hash(payload),
        "engine_version": SNAPSHOT_ENGINE_VERSION,
    }
    snapshot, _ = HealthSnapshot.objects.update_or_create(hour=hour, defaults=values)
    return snapshot


def heartbeat_beat(*, name: str, outcome: str = "ok", detail: str = "", now=None) -> Heartbeat:
    """Record that a background component ran (worker heartbeat, a scheduled job's outcome)."""
    beat, _ = Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "last_seen": now or timezone.now(),
            "last_outcome": outcome[:20],
            "detail": detail[:255],
        },
    )
    return beat
