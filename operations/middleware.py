"""Request metrics middleware: latency and status per route, buffered per process.

Add "operations.middleware.RequestMetricsMiddleware" near the top of MIDDLEWARE (after
SecurityMiddleware) so it times the whole stack. Each process buffers counts in memory and
writes its own per-minute rows every OPERATIONS_METRICS_FLUSH_SECONDS (default 5), so the
per-request cost is a dict update and several workers never contend on one row.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from operations.recorder import recorder

DEFAULT_EXCLUDE = ("/static/", "/media/", "/health/", "/metrics", "/favicon.ico")


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    route = match.route or match.view_name or "<unknown>"
    return route[:255]


class RequestMetricsMiddleware:
    """Time every request and hand (route, method, status, ms, user) to the recorder."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exclude = tuple(getattr(settings, "OPERATIONS_METRICS_EXCLUDE", DEFAULT_EXCLUDE))

    def __call__(self, request):
        path = request.path
        if path.startswith(self.exclude):
            return self.get_response(request)
        start = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - start) * 1000.0
        user = request.__dict__.get("user")
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            # Nothing in the request looked at the user; loading it here would cost a query.
            user = None
        user_id = user.pk if user is not None and user.is_authenticated else None
        session = getattr(request, "session", None)
        recorder.record(
            route=_route(request),
            method=request.method,
            status=response.status_code,
            ms=elapsed_ms,
            user_id=user_id,
            session_key=(session.session_key or "") if session is not None else "",
            path=path,
        )
        return response
