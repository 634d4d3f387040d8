"""Journey: take the quick check and the full questionnaire, read the result, see the history."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_short_and_full_questionnaire_result_and_history(page, live_url, login, user, password):
    login(page, user.username, password)
    page.goto(f"{live_url}/finance/")
    page.click("#start-short")
    page.check("input[name=emotional_tolerance][value=moderate]")
    page.fill("#id_financial_anxiety_level", "6")
    page.fill("#id_horizon_years", "12")
    page.click("#assess-submit")
    expect(page.locator("#risk-score")).to_contain_text("56")
    expect(page.locator("#flag-list")).to_contain_text("Short form")
    page.wait_for_function("window.fanChart && window.fanChart.data.datasets.length === 3")
    assert page.evaluate("window.fanChart.data.labels.length") == 13  # now + 12 years

    page.goto(f"{live_url}/finance/assess/?form=full")
    # The wizard shows one step at a time; a keyboard user moves with Next.
    expect(page.locator("[data-step='2']")).to_be_hidden()
    for item in range(1, 14):
        page.locator(f"input[name=t{item}]").last.check()
    page.click("#wizard-next")
    expect(page.locator("[data-step='2']")).to_be_visible()
    for item in range(1, 8):
        page.check(f"input[name=a{item}][value='2']")
    page.click("#wizard-next")
    page.fill("#id_emergency_fund_months", "6")
    page.click("#assess-submit")
    # All last options: 47 less 3 for item 1 (reverse-scored, d = 1) = 44, high
    expect(page.locator(".components")).to_contain_text("raw 44/47, high")
    page.wait_for_function("window.allocationChart !== undefined")
    expect(page.locator("#allocation-text")).to_contain_text("stocks")

    page.goto(f"{live_url}/finance/")
    expect(page.locator("#history-table tbody tr")).to_have_count(2)
    page.wait_for_function("window.historyChart && window.historyChart.data.labels.length === 2")
