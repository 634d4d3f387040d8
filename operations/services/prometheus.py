"""Prometheus text exposition built from the database aggregates (correct across workers)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from operations import registry
from operations.models import Alert, Incident, ResourceSample
from operations.services.metrics import request_stats, route_stats


def _esc(value) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _fmt(value) -> str:
    return "NaN" if value is None else f"{float(value):.6g}"


class _Writer:
    def __init__(self):
        self.lines: list[str] = []

    def family(self, name: str, help_text: str, kind: str = "gauge") -> None:
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]

    def sample(self, name: str, value, /, **labels) -> None:
        label_text = ",".join(f'{k}="{_esc(v)}"' for k, v in labels.items())
        self.lines.append(
            f"{name}{{{label_text}}} {_fmt(value)}" if labels else f"{name} {_fmt(value)}"
        )


def metrics_text() -> str:
    """Gauges over the last 5 minutes, resources, alert/incident counts and registry metrics."""
    now = timezone.now()
    start = now - timedelta(minutes=5)
    w = _Writer()
    total = request_stats(start=start, end=now)
    w.family("harmonyhub_http_requests_5m", "Requests in the last 5 minutes, all workers.")
    w.sample("harmonyhub_http_requests_5m", total["count"])
    w.family("harmonyhub_http_errors_5xx_5m", "5xx responses in the last 5 minutes.")
    w.sample("harmonyhub_http_errors_5xx_5m", total["errors_5xx"])
    w.family("harmonyhub_http_auth_failures_5m", "401 and 403 responses in the last 5 minutes.")
    w.sample("harmonyhub_http_auth_failures_5m", total["auth_failures"])
    w.family("harmonyhub_http_error_ratio_5m", "5xx / requests over the last 5 minutes.")
    w.sample("harmonyhub_http_error_ratio_5m", total["error_rate"])
    w.family("harmonyhub_http_latency_ms_5m", "Nearest-rank latency quantiles (ms), 5 minutes.")
    for q in (50, 95, 99):
        w.sample("harmonyhub_http_latency_ms_5m", total[f"p{q}_ms"], quantile=f"0.{q}")
    w.family("harmonyhub_http_route_requests_5m", "Requests per route, last 5 minutes.")
    routes = route_stats(start=start, end=now, limit=50)
    for row in routes:
        w.sample(
            "harmonyhub_http_route_requests_5m",
            row["count"],
            route=row["route"],
            method=row["method"],
        )
    w.family("harmonyhub_http_route_latency_p95_ms_5m", "p95 latency per route (ms).")
    for row in routes:
        w.sample(
            "harmonyhub_http_route_latency_p95_ms_5m",
            row["p95_ms"],
            route=row["route"],
            method=row["method"],
        )
    sample = ResourceSample.objects.order_by("-taken_at").first()
    if sample is not None:
        for name, value, text in (
            ("harmonyhub_cpu_percent", sample.cpu_percent, "Host CPU busy (%)."),
            ("harmonyhub_memory_percent", sample.memory_percent, "Host memory used (%)."),
            ("harmonyhub_process_rss_bytes", sample.rss_bytes, "Sampling process RSS (bytes)."),
            ("harmonyhub_disk_percent", sample.disk_percent, "Disk used (%)."),
            ("harmonyhub_queue_depth", sample.queue_depth, "Messages in the Celery queue."),
        ):
            w.family(name, text)
            w.sample(name, value)
    w.family("harmonyhub_alerts_firing", "Firing alerts by source and severity.")
    for row in (
        Alert.objects.filter(status="firing").values("source", "severity").annotate(n=Count("id"))
    ):
        w.sample(
            "harmonyhub_alerts_firing", row["n"], source=row["source"], severity=row["severity"]
        )
    w.family("harmonyhub_incidents_open", "Open incidents by status.")
    for row in Incident.objects.exclude(status="resolved").values("status").annotate(n=Count("id")):
        w.sample("harmonyhub_incidents_open", row["n"], status=row["status"])
    w.family("harmonyhub_metric", "Registered business and product metrics.")
    for metric in registry.all_metrics():
        value = registry.metric_value(metric.name)
        if value is not None:
            w.sample("harmonyhub_metric", value, name=metric.name, unit=metric.unit)
    return "\n".join(w.lines) + "\n"
