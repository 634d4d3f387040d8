"""Health endpoints for load balancers and probes, and /metrics for Prometheus scrapers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.services.health import health_evaluate, health_prometheus
from operations.services.prometheus import metrics_text

PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _wants_prometheus(request) -> bool:
    fmt = request.GET.get("format", "")
    if fmt:
        return fmt == "prometheus"
    accept = request.headers.get("Accept", "")
    return accept.startswith("text/plain")


def _health(request, level: str):
    report = health_evaluate(level=level)
    code = 503 if report["status"] == "critical" else 200
    if _wants_prometheus(request):
        return HttpResponse(health_prometheus(report), content_type=PROMETHEUS_TYPE, status=code)
    return JsonResponse(report, status=code)


@login_not_required
@never_cache
@require_GET
def health_live(request):
    """Process up; touches no dependency."""
    return _health(request, "live")


@login_not_required
@never_cache
@require_GET
def health_ready(request):
    """Database, cache, broker reachable and migrations applied."""
    return _health(request, "ready")


@login_not_required
@never_cache
@require_GET
def health_full(request):
    """Everything: dependencies, resources, workers, beat and engine smoke computations."""
    return _health(request, "full")


def _authorised(request) -> bool:
    if request.user.is_authenticated and request.user.is_staff:
        return True
    header = request.headers.get("Authorization", "")
    scheme, _, credential = header.partition(" ")
    if not credential:
        return False
    if scheme.lower() == "bearer":
        from operations.isolation_state import metrics_token_matches

        return metrics_token_matches(credential.strip())
    if scheme.lower() == "token":
        from rest_framework.authtoken.models import Token

        found = Token.objects.select_related("user").filter(key=credential.strip()).first()
        return bool(found and found.user.is_active and found.user.is_staff)
    return False


@login_not_required
@never_cache
@require_GET
def metrics(request):
    """Prometheus exposition built from the database aggregates (staff or a token only)."""
    if not _authorised(request):
        response = HttpResponse("authentication required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type=PROMETHEUS_TYPE)
