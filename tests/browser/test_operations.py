"""Journey: an alert opens an incident; staff acknowledge and resolve it in the pages."""

import pytest
from playwright.sync_api import expect

from operations.models import Incident
from operations.services import alert_fire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_acknowledge_and_resolve_an_incident(page, live_url, login, staff_user, password):
    alert = alert_fire(
        source="revenue",
        name="RevenueDecline",
        dedup_key="rev:browser",
        severity="SEV-2",
        summary="MRR down 11% month over month",
    )
    login(page, staff_user.username, password)
    page.goto(f"{live_url}/operations/incidents/?open=true")
    page.get_by_role("link", name=f"#{alert.incident_id}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MRR down 11%")
    page.fill("#ack-comment", "Looking at billing failures")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".page-header .badge").first).to_have_text("Acknowledged")
    expect(page.get_by_text("Looking at billing failures")).to_be_visible()
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator(".page-header .badge").first).to_have_text("Resolved")
    incident = Incident.objects.get(pk=alert.incident_id)
    assert incident.status == "resolved" and incident.acknowledged_by == staff_user


def test_health_page_draws_charts(page, live_url, login, staff_user, password):
    login(page, staff_user.username, password)
    page.goto(f"{live_url}/operations/health/")
    expect(page.locator("#chart-requests")).to_be_visible()
    size = page.evaluate("document.getElementById('chart-requests').width")
    assert size > 0
    expect(page.get_by_role("cell", name="database", exact=False).first).to_be_visible()
