"""Request metrics middleware: latency and status per route, buffered per process.

Add "operations.middleware.RequestMetricsMiddleware" near the top of MIDDLEWARE (after
SecurityMiddleware) so it times the whole stack. Each process buffers counts in memory and
writes its own per-minute rows every OPERATIONS_METRICS_FLUSH_SECONDS (default 5), so the
per-request cost is a dict update and several workers never contend on one row.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject, empty

from operations.recorder import recorder

DEFAULT_EXCLUDE = ("/static/", "/media/", "/health/", "/metrics", "/favicon.ico")


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    route = match.route or match.view_name or "<unknown>"
    return route[:255]


class _QueryCounter:
    """An execute wrapper that only counts (queries per request for performance triage)."""

    __slots__ = ("count",)

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestMetricsMiddleware:
    """Time every request and hand (route, method, status, ms, user) to the recorder."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exclude = tuple(getattr(settings, "OPERATIONS_METRICS_EXCLUDE", DEFAULT_EXCLUDE))

    def __call__(self, request):
        path = request.path
        if path.startswith(self.exclude):
            return self.get_response(request)
        counter = _QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
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
            queries=counter.count,
        )
        return response


#: URL names that keep working in read-only mode: signing in and out (a responder must be able
#: to sign in to switch read-only off) and the isolation switches themselves.
READ_ONLY_EXEMPT = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "admin:login",
        "admin:logout",
        "operations:isolation_action",
        "ops-isolation-action",
    }
)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadOnlyMiddleware:
    """While the site is read-only, every unsafe request answers 503 with Retry-After.

    Reads are untouched (and never look at the switch). API clients get the shared error
    envelope `{"error": {"code": "read_only", ...}}`; browsers get a styled page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in _SAFE_METHODS:
            return self.get_response(request)
        from operations.isolation_state import isolation_get

        state = isolation_get()
        if not state.read_only or self._exempt(request):
            return self.get_response(request)
        return self._refuse(request, state)

    @staticmethod
    def _exempt(request) -> bool:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in READ_ONLY_EXEMPT

    @staticmethod
    def _refuse(request, state):
        from django.http import JsonResponse
        from django.shortcuts import render

        from common.api.exception_handler import error_body
        from operations import conf

        message = (
            "HarmonyHub is read-only for now while an incident is handled; nothing was saved. "
            "Reading still works. Please try again later."
        )
        if request.path.startswith("/api/"):
            response = JsonResponse(error_body("read_only", message), status=503)
        else:
            response = render(
                request, "operations/read_only.html", {"message": message}, status=503
            )
        response["Retry-After"] = str(int(conf.get("OPERATIONS_READ_ONLY_RETRY_AFTER")))
        # An expected refusal, not a server error: keep django.request from logging each one.
        response._has_been_logged = True
        return response
