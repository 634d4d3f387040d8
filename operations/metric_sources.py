"""Operations' own metrics in the registry: HTTP, resources, incidents and product metrics."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from operations.registry import register_metric

WINDOW = timedelta(minutes=5)


def _http(key: str):
    def value():
        from operations.services.metrics import request_stats

        now = timezone.now()
        return request_stats(start=now - WINDOW, end=now)[key]

    return value


def _resource(field: str):
    def value():
        from operations.models import ResourceSample

        sample = ResourceSample.objects.order_by("-taken_at").first()
        return getattr(sample, field) if sample else None

    return value


def _selector(name: str, key: str | None = None):
    def value():
        from operations import selectors

        result = getattr(selectors, name)()
        return result[key] if key else result

    return value


def register_builtin_metrics() -> None:
    for key, unit, text in (
        ("p95_ms", "ms", "p95 request latency over the last 5 minutes"),
        ("p99_ms", "ms", "p99 request latency over the last 5 minutes"),
        ("error_rate", "ratio", "5xx share over the last 5 minutes"),
        ("rps", "req/s", "Requests per second over the last 5 minutes"),
        ("auth_failures", "count", "401 + 403 responses over the last 5 minutes"),
    ):
        register_metric(f"http.{key}", _http(key), unit=unit, description=text)
    for field, unit in (
        ("cpu_percent", "%"),
        ("memory_percent", "%"),
        ("disk_percent", "%"),
        ("queue_depth", "messages"),
    ):
        register_metric(f"system.{field}", _resource(field), unit=unit, description=field)
    register_metric("product.dau", _selector("engagement_get", "dau"), unit="users")
    register_metric("product.wau", _selector("engagement_get", "wau"), unit="users")
    register_metric("product.mau", _selector("engagement_get", "mau"), unit="users")
    register_metric("product.stickiness", _selector("engagement_get", "stickiness"), unit="%")
    register_metric("product.nps", _selector("nps_get"), unit="points")
    register_metric("product.csat", _selector("csat_get"), unit="%")
    register_metric(
        "product.csat_mean", _selector("csat_mean_get"), unit="/5", description="Mean CSAT"
    )
    register_metric("users.total", _users_total, unit="users", description="Active accounts")
    register_metric("product.session_median_s", _selector("session_median_seconds"), unit="s")
    register_metric(
        "product.retention_monthly", _monthly_retention, unit="%", description="Month-1 retention"
    )
    register_metric(
        "product.retention_annual", _annual_retention, unit="%", description="Year-1 retention"
    )
    register_metric("operations.mtta_minutes", _selector("incident_stats", "mtta_minutes"))
    register_metric("operations.mttr_minutes", _selector("incident_stats", "mttr_minutes"))


def _monthly_retention():
    from operations import selectors
    from operations.engines.product import average_retention

    return average_retention(selectors.retention_get(unit="month"), 1)


def _annual_retention():
    from operations import selectors
    from operations.engines.product import average_retention

    return average_retention(selectors.retention_get(unit="year"), 1)


def _users_total():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).count()
