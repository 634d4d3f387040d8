"""Journey: a Finance analyst previews a round, saves two scenarios and compares them."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from accounts.roles import FINANCE_ANALYST, roles_sync
from valuation.demo import seed_captable_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, pre_money: str, raise_amount: str, pool: str, name: str = "") -> None:
    page.check("input[name=pre_money_source][value=typed]")
    page.fill("#id_pre_money", pre_money)
    page.fill("#id_raise_amount", raise_amount)
    page.fill("#id_target_pool_pct", pool)
    page.fill("#id_name", name)


def test_build_save_and_compare_two_round_scenarios(page, live_url, login, password, tmp_path):
    roles_sync(group_model=Group, permission_model=Permission)
    analyst = get_user_model().objects.create_user(username="fiona", password=password)
    analyst.groups.add(Group.objects.get(name=FINANCE_ANALYST))
    seed_captable_demo()
    login(page, "fiona", password)
    page.goto(f"{live_url}/valuation/captable/")
    expect(page.get_by_test_id("cap-table-today")).to_contain_text("Ada Moreno")

    # An error lands next to its field and nothing is saved.
    _fill(page, "", "6000000", "10", "Seed extension")
    page.click("button[value=save]")
    expect(page.locator("#id_pre_money ~ .errorlist")).to_contain_text("Type a pre-money")

    _fill(page, "30000000", "6000000", "10")
    page.click("button[value=preview]")
    expect(page.get_by_test_id("post-round-table")).to_contain_text("Harbor Seed Fund")
    expect(page.get_by_test_id("post-round-table")).to_contain_text("Series A lead")
    page.wait_for_function("Chart.getChart('chart-ownership') !== undefined")
    _shot(page, "captable-preview.png")

    _fill(page, "30000000", "6000000", "10", "A at 30M")
    page.click("button[value=save]")
    expect(page.locator("h1")).to_have_text("A at 30M")
    page.wait_for_function("Chart.getChart('chart-ownership').data.datasets.length > 5")
    price_a = page.get_by_test_id("price-per-share").inner_text()

    page.goto(f"{live_url}/valuation/captable/")
    _fill(page, "45000000", "8000000", "12", "A at 45M")
    page.click("button[value=save]")
    expect(page.locator("h1")).to_have_text("A at 45M")
    assert page.get_by_test_id("price-per-share").inner_text() != price_a

    page.goto(f"{live_url}/valuation/captable/")
    expect(page.get_by_test_id("saved-scenarios").locator("tbody tr")).to_have_count(2)
    page.select_option("#id_a", label="A at 30M")
    page.select_option("#id_b", label="A at 45M")
    page.click("form[aria-label='Compare two scenarios'] button[type=submit]")
    expect(page.get_by_test_id("compare-holders")).to_contain_text("Ada Moreno")
    expect(page.get_by_test_id("compare-terms")).to_contain_text("Price per share")
    page.wait_for_function("Chart.getChart('chart-compare') !== undefined")
    _shot(page, "captable-compare.png")
    page.set_viewport_size({"width": 390, "height": 800})
    _shot(page, "captable-compare-phone.png")


def _shot(page, name: str) -> None:
    shots = os.environ.get("HARMONYHUB_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, name), full_page=True)
