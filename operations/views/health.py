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


HEALTH_PERMISSION = "operations.view_healthsnapshot"


def _may_see_health(request) -> bool:
    """Staff holding the health permission, or a scraper presenting the metrics token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm(HEALTH_PERMISSION):
        return True
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return False
    from operations.isolation_state import metrics_token_matches

    return metrics_token_matches(credential.strip())


def _health(request, level: str):
    report = health_evaluate(level=level)
    code = 503 if report["status"] == "critical" else 200
    if not _may_see_health(request):
        # The public answer says only whether to route traffic here, nothing about the parts.
        public = "fail" if code == 503 else "ok"
        if _wants_prometheus(request):
            text = (
                "# HELP harmonyhub_health_up 1 when this node can serve, 0 when it cannot.\n"
                "# TYPE harmonyhub_health_up gauge\n"
                f"harmonyhub_health_up {1 if code == 200 else 0}\n"
            )
            return HttpResponse(text, content_type=PROMETHEUS_TYPE, status=code)
        return JsonResponse({"status": public}, status=code)
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
    """Database and migrations decide 503; a cache or broker outage is a 200 "warning"."""
    return _health(request, "ready")


@login_not_required
@never_cache
@require_GET
def health_full(request):
    """Everything: dependencies, resources, workers, beat and engine smoke computations.

    Staff with the health permission or the metrics token only: it names hosts, versions and
    volumes.
    """
    if not _may_see_health(request):
        if request.user.is_authenticated:
            return JsonResponse({"status": "forbidden"}, status=403)
        response = JsonResponse({"status": "authentication required"}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="health"'
        return response
    return _health(request, "full")


def _authorised(request) -> bool:
    if request.user.is_authenticated and request.user.has_perm("operations.view_requestminute"):
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
        return bool(
            found and found.user.is_active and found.user.has_perm("operations.view_requestminute")
        )
    return False


@login_not_required
@never_cache
@require_GET
def metrics(request):
    """Prometheus exposition built from the database aggregates (Operators or a token only)."""
    if not _authorised(request):
        if request.user.is_authenticated:  # signed in, but not a role that reads metrics
            return HttpResponse("permission denied\n", status=403, content_type="text/plain")
        response = HttpResponse("authentication required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type=PROMETHEUS_TYPE)
