"""Journey: challenge -> concepts -> invention -> gate -> plan -> promoted, valued component."""

import pytest
from playwright.sync_api import expect

from innovation import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_challenge_to_portfolio(page, live_url, login, innovation_user, password):
    services.reference_load()
    login(page, innovation_user.username, password)
    page.goto(f"{live_url}/innovation/")
    page.fill("#id_challenge", "AI-powered mental health solutions")
    page.fill("#id_count", "3")
    page.click("#challenge-form button[type=submit]")
    expect(page.locator("article.concept")).to_have_count(3)
    page.locator("article.concept details summary").first.click()
    expect(page.locator("article.concept").first).to_contain_text("Closest prior art")
    page.locator("article.concept form button").first.click()
    expect(page.locator(".messages")).to_contain_text("Saved as INV")

    page.select_option("#id_decision", "go")
    page.fill("#id_rationale", "Novel and relevant")
    page.click("#gate-form button[type=submit]")
    expect(page.locator("#gate-history")).to_contain_text("Novel and relevant")

    for n in (1, 2, 3):
        page.check(f"#plan-form input[value='{n}']")
    page.click("#plan-form button[type=submit]")
    expect(page.locator("#plan")).to_contain_text("TRL 3")
    page.wait_for_function(
        "() => !!document.querySelector('#bass-chart') && "
        "window.Chart && Chart.getChart('bass-chart')"
    )

    page.click("#promote")
    expect(page.locator(".messages")).to_contain_text("Promoted to portfolio component")

    page.goto(f"{live_url}/innovation/board/")
    expect(page.locator("#board")).to_contain_text("Evaluated")
    page.goto(f"{live_url}/innovation/radar/")
    expect(page.locator("#radar circle[r='6']")).to_have_count(1)


def test_sac_heat_map(page, live_url, login, innovation_user, password):
    services.reference_load()
    login(page, innovation_user.username, password)
    page.goto(f"{live_url}/innovation/sac/")
    page.fill("#id_challenge", "Sustainable urban mobility")
    page.click("#sac-form button[type=submit]")
    expect(page.locator("#heatmap")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Mobility × Environment")
