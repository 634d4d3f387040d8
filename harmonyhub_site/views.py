"""The home dashboard and the error pages.

The dashboard composes one card per context: an app contributes by defining
`dashboard_card(request) -> dict | None` in its `dashboard.py` (keys: title, url, lines as
[(label, value)], optional chart) and `CARD_PERMISSION`, the permission a person needs to see it
(a module without one shows its card to nobody). Discovery keeps this module free of
per-context imports.
"""

from __future__ import annotations

import importlib
import logging
import sys

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from common.api.exception_handler import DATABASE_MESSAGE, STORAGE_MESSAGE, error_body
from common.logs import security_event
from common.outage import RETRY_AFTER_SECONDS, outage_note, unavailable_kind

logger = logging.getLogger(__name__)


def _dashboard_cards(request) -> list[dict]:
    cards = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        permission = getattr(module, "CARD_PERMISSION", None)
        if not permission or not request.user.has_perm(permission):
            continue
        try:
            card = module.dashboard_card(request)
        except Exception:  # one context's failure must not take the whole dashboard down
            logger.exception("dashboard card of %s failed", config.label)
            card = {
                "title": str(config.verbose_name),
                "url": "",
                "lines": [],
                "note": "This card could not be loaded just now; the rest of the page is fine.",
            }
        if card:
            cards.append(card)
    return cards


def home(request):
    return render(request, "home.html", {"cards": _dashboard_cards(request)})


def _api_error(request, status: int, code: str, message: str):
    """API clients get the shared JSON error shape even when Django, not DRF, answers."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    return None


@login_not_required
def error_400(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        api = _api_error(request, 413, "too_large", "The request body is too large.")
        return api or render(request, "400.html", {"too_large": True}, status=413)
    api = _api_error(request, 400, "bad_request", "The request could not be understood.")
    return api or render(request, "400.html", status=400)


@login_not_required
def error_403(request, exception=None):
    security_event("access_denied", request=request, status=403)
    api = _api_error(request, 403, "permission_denied", "You do not have access to this.")
    return api or render(request, "403.html", status=403)


@login_not_required
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused cross-site or token-less write, logged and shown plainly."""
    security_event("csrf_failed", request=request, level=logging.WARNING, status=403)
    api = _api_error(request, 403, "csrf_failed", "CSRF check failed; reload the page and retry.")
    return api or render(request, "403.html", {"csrf": True}, status=403)


@login_not_required
def error_404(request, exception=None):
    api = _api_error(request, 404, "not_found", "Not found.")
    return api or render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    # No request context: whatever broke (the database, a context processor) must not break
    # the error page too.
    unavailable = _unavailable(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    if request.path.startswith("/api/"):
        body = error_body("server_error", "Something went wrong; the error has been logged.")
        return JsonResponse(body, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def _unavailable(request, exc):
    """A database that cannot be reached → 503 + Retry-After; a full disk → 507 (pages and API).

    Django calls the 500 handler inside its `except` block, so the exception is at hand here
    even when it was raised by middleware before any view ran.
    """
    kind = unavailable_kind(exc)
    if kind is None:
        return None
    if kind == "database":
        outage_note("database")
        code, status, message = "unavailable", 503, DATABASE_MESSAGE
        title = "Temporarily unavailable"
    else:
        code, status, message = "insufficient_storage", 507, STORAGE_MESSAGE
        title = "Storage full"
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(code, message), status=status)
    else:
        html = loader.get_template("503.html").render({"title": title, "message": message})
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
