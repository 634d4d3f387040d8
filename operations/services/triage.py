"""Performance triage: the evidence a "performance degradation" incident needs, attached to it
automatically when it opens (and on demand from the incident page).

* the slowest routes of the last hour: p50/p95 from the merged latency histograms, requests,
  5xx and queries per request, each against the same hour of the previous day;
* the busiest users of the last hour (active minutes, split page vs API/token calls);
* worker queues: messages waiting, the age of the oldest waiting message (file broker) and of
  the tasks running now (other brokers, via Celery's inspect with a 1 s timeout).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from operations.engines import stats
from operations.models import AnalyticsEvent, Incident, PlaybookReport, RequestMinute

TOP_ROUTES = 10
TOP_USERS = 10
TRIAGE_ALERTS = frozenset({"PerformanceDegradation", "QueueBacklog"})


def _routes(start: datetime, end: datetime) -> dict[tuple[str, str], dict]:
    out: dict[tuple[str, str], dict] = {}
    rows = RequestMinute.objects.filter(minute__gte=start, minute__lt=end).values_list(
        "route", "method", "count", "s5xx", "sum_ms", "sum_queries", "histogram"
    )
    for route, method, count, s5xx, sum_ms, sum_queries, hist in rows:
        agg = out.setdefault(
            (route, method),
            {"count": 0, "s5xx": 0, "sum_ms": 0.0, "sum_queries": 0, "hists": []},
        )
        agg["count"] += count
        agg["s5xx"] += s5xx
        agg["sum_ms"] += sum_ms
        agg["sum_queries"] += sum_queries
        agg["hists"].append(hist)
    result = {}
    for key, agg in out.items():
        pct = stats.percentiles_from_histogram(stats.histogram_merge(agg["hists"]), (50, 95))
        n = agg["count"]
        result[key] = {
            "count": n,
            "s5xx": agg["s5xx"],
            "p50_ms": pct[50],
            "p95_ms": pct[95],
            "mean_ms": agg["sum_ms"] / n if n else None,
            "queries_per_request": agg["sum_queries"] / n if n else None,
        }
    return result


def _change(now_value, before_value):
    if now_value is None or before_value in (None, 0):
        return None
    return round(100.0 * (now_value - before_value) / before_value, 1)


def slow_routes(*, now: datetime, limit: int = TOP_ROUTES) -> list[dict]:
    """The last hour's slowest routes (by p95), each against the same hour a day earlier."""
    hour = timedelta(hours=1)
    current = _routes(now - hour, now)
    previous = _routes(now - timedelta(days=1) - hour, now - timedelta(days=1))
    ranked = sorted(current.items(), key=lambda kv: (-(kv[1]["p95_ms"] or 0), -kv[1]["count"]))
    out = []
    for (route, method), cur in ranked[:limit]:
        prev = previous.get((route, method))
        out.append(
            {
                "route": route,
                "method": method,
                **cur,
                "previous_day": prev,
                "p50_change_pct": _change(cur["p50_ms"], prev and prev["p50_ms"]),
                "p95_change_pct": _change(cur["p95_ms"], prev and prev["p95_ms"]),
                "queries_change_pct": _change(
                    cur["queries_per_request"], prev and prev["queries_per_request"]
                ),
            }
        )
    return out


def busiest_users(*, now: datetime, limit: int = TOP_USERS) -> list[dict]:
    """Users with the most active minutes in the last hour, page views and API calls apart
    (an API minute is a token or an API session at work)."""
    rows = (
        AnalyticsEvent.objects.filter(
            occurred_at__gte=now - timedelta(hours=1), occurred_at__lt=now, kind__in=("page", "api")
        )
        .values("user_id", "kind")
        .annotate(minutes=Count("pk"))
    )
    per_user: dict[int, dict] = {}
    for row in rows:
        entry = per_user.setdefault(row["user_id"], {"page": 0, "api": 0})
        entry[row["kind"]] += row["minutes"]
    ranked = sorted(per_user.items(), key=lambda kv: -(kv[1]["page"] + kv[1]["api"]))[:limit]
    names = dict(
        get_user_model()
        .objects.filter(pk__in=[uid for uid, _ in ranked])
        .values_list("pk", "username")
    )
    return [
        {
            "user_id": uid,
            "username": names.get(uid, ""),
            "page_minutes": c["page"],
            "api_minutes": c["api"],
        }
        for uid, c in ranked
    ]


def _oldest_file_age(folder: str | None) -> float | None:
    if not folder or not Path(folder).is_dir():
        return None
    mtimes = [p.stat().st_mtime for p in Path(folder).iterdir() if p.is_file()]
    return round(time.time() - min(mtimes), 1) if mtimes else 0.0


def worker_queues() -> dict:
    """Messages waiting, the oldest waiting message's age and running tasks' ages (seconds);
    None where the broker cannot tell."""
    from operations.services.metrics import queue_depth

    out: dict = {"waiting": None, "oldest_waiting_s": None, "running": [], "inspected": False}
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        out["note"] = "Celery runs tasks inline (CELERY_TASK_ALWAYS_EAGER): no queue."
        return out
    out["waiting"] = queue_depth()
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith("filesystem://"):
        out["oldest_waiting_s"] = _oldest_file_age(options.get("data_folder_in"))
        return out
    try:
        from celery import current_app

        active = current_app.control.inspect(timeout=1.0).active() or {}
    except Exception:  # noqa: BLE001 - an unreachable broker is the health check's report
        return out
    out["inspected"] = True
    now = time.time()
    for worker, tasks in active.items():
        for task in tasks:
            started = task.get("time_start")
            out["running"].append(
                {
                    "worker": worker,
                    "task": task.get("name"),
                    "age_s": round(now - started, 1) if started else None,
                }
            )
    out["running"].sort(key=lambda t: -(t["age_s"] or 0))
    return out


def performance_triage(*, now: datetime | None = None) -> dict:
    """Everything the performance runbook asks for, as one JSON-ready report."""
    now = now or timezone.now()
    return {
        "at": now.isoformat(),
        "window": "last hour vs the same hour yesterday",
        "slow_routes": slow_routes(now=now),
        "busiest_users": busiest_users(now=now),
        "queues": worker_queues(),
    }


def incident_triage_attach(*, incident: Incident, user=None, now=None) -> PlaybookReport:
    """Attach a performance triage report to the incident."""
    report = performance_triage(now=now)
    worst = report["slow_routes"][0] if report["slow_routes"] else None
    title = (
        f"Slowest: {worst['method']} {worst['route']} p95 {worst['p95_ms']:.0f} ms"
        if worst and worst["p95_ms"] is not None
        else "No requests recorded in the last hour"
    )
    return PlaybookReport.objects.create(
        kind="performance",
        incident=incident,
        created_at=timezone.now(),
        created_by=user,
        title=title[:255],
        data=report,
    )
