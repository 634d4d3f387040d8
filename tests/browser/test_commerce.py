"""Journey: mood and budget in, explained suggestions out; feedback changes the next list."""

import pytest
from playwright.sync_api import expect

from domains.commerce.selectors import snapshot_clear
from domains.commerce.services import catalogue_load_default
from domains.moods.services import mood_entry_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _card_ids(page) -> list[str]:
    return page.locator("#rec-list .rec-card").evaluate_all(
        "els => els.map(e => e.dataset.productId)"
    )


def test_feedback_changes_next_recommendations(page, live_url, login, user, password, settings):
    settings.COMMERCE_CATALOGUE_CHECK_SECONDS = 0
    catalogue_load_default()
    snapshot_clear()
    mood_entry_create(user=user, emotion="stressed", intensity=0.4)

    login(page, user.username, password)
    page.goto(f"{live_url}/commerce/")
    expect(page.locator("#id_current_mood")).to_have_value("stressed")  # from the journal
    page.fill("#id_budget_min", "20")
    page.fill("#id_budget_max", "100")
    page.click("#shop-form button[type=submit]")
    expect(page.locator("#rec-list .rec-card")).to_have_count(10)
    expect(page.locator("#rec-list .rec-card").first.locator(".reasons")).to_contain_text("fit")
    page.wait_for_function("document.getElementById('affect-chart') !== null")
    before = _card_ids(page)

    # "Not for me" on the first card: the list refreshes without it (htmx swap, no reload).
    page.locator("#rec-list .rec-card").first.get_by_role("button", name="not for me").click()
    expect(page.locator(f"#rec-list .rec-card[data-product-id='{before[0]}']")).to_have_count(0)
    expect(page.locator("#rec-list .rec-card")).to_have_count(10)
    after = _card_ids(page)
    assert after != before and before[0] not in after

    # Saving a product makes the next list personal: the saved one moves up to the top.
    saved = after[1]
    page.locator("#rec-list .rec-card").nth(1).get_by_role("button", name="Save").click()
    first = page.locator("#rec-list .rec-card").first
    expect(first).to_have_attribute("data-product-id", saved)
    expect(first).to_contain_text("you: save")
    assert _card_ids(page) != after

    page.goto(f"{live_url}/commerce/history/")
    expect(page.locator("#my-feedback")).to_contain_text("Not for me")
    expect(page.locator("#my-feedback")).to_contain_text("Saved")
