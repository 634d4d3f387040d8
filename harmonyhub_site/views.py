"""The home dashboard and the error pages.

The dashboard composes one card per context: an app contributes by defining
`dashboard_card(request) -> dict | None` in its `dashboard.py` (keys: title, url, lines as
[(label, value)], optional chart). Discovery keeps this module free of per-context imports.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

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
        card = module.dashboard_card(request)
        if card:
            cards.append(card)
    return cards


def home(request):
    return render(request, "home.html", {"cards": _dashboard_cards(request)})


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def error_500(request):
    # No request context: whatever broke (the database, a context processor) must not break
    # the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())
