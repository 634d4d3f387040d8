"""Valuation test settings: fewer Monte Carlo paths keep service tests quick; no debounce."""

import pytest


@pytest.fixture(autouse=True)
def _fast_valuation(request, settings):
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        from valuation.models import ValuationPolicy

        request.getfixturevalue("db")
        ValuationPolicy.objects.update_or_create(pk=1, defaults={"monte_carlo_paths": 2000})
