"""Journey: a revenue event posted through the API changes the dashboard without a reload."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services
from valuation.models import ValuationPolicy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_event_updates_dashboard_live(page, live_url, login, staff_user, password, settings):
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    ValuationPolicy.objects.update_or_create(pk=1, defaults={"monte_carlo_paths": 1000})
    MultiplesFactory()
    comp = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(comp)
    services.portfolio_revalue()
    login(page, staff_user.username, password)
    page.goto(f"{live_url}/valuation/")
    mrr = page.get_by_test_id("portfolio-mrr")
    before = mrr.inner_text()
    expect(page.locator("#chart-fan")).to_be_visible()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    resp = page.request.post(
        f"{live_url}/api/v1/valuation/events/",
        data={
            "component": comp.name,
            "customer_ref": "live-1",
            "kind": "subscribe",
            "occurred_at": timezone.now().isoformat(),
            "amount": "9000",
            "stream": "enterprise",
        },
        headers={"X-CSRFToken": token, "Referer": f"{live_url}/valuation/"},
    )
    assert resp.status == 201, resp.text()
    url_before = page.url
    expect(mrr).not_to_have_text(before, timeout=30_000)
    assert page.url == url_before  # refreshed in place by htmx, no navigation
