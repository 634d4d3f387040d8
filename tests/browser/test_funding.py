"""Journey: a Finance analyst sees the funding-delay warning, applies the lever it names in the
plan form, and the warning clears; the page works at phone width."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import roles_sync
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services
from valuation.models import CostEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_funding_delay_lever_clears_the_warning(page, live_url, login, password, tmp_path):
    MultiplesFactory()
    comp = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(comp, months=16, customers=60)
    today = timezone.now().date()
    months = []
    y, m = today.year, today.month
    for _ in range(17):
        months.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    CostEntry.objects.bulk_create(
        CostEntry(component=comp, month=mo, category=cat, amount=Decimal(a))
        for mo in months
        for cat, a in (("sales", "600"), ("marketing", "900"), ("rnd", "9000"))
    )
    burn = services.funding_readiness_build()["cash_plan"]["burn"]
    services.funding_plan_update(cash_balance=Decimal(str(round(burn * 7, 2))))
    roles_sync(group_model=Group, permission_model=Permission)
    user = get_user_model().objects.create_user("fiona", "f@example.com", password)
    user.groups.add(Group.objects.get(name="Finance analyst"))
    login(page, "fiona", password)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/valuation/funding/")
    warning = page.locator("#funding-delay")
    expect(warning).to_contain_text("hiring freeze")
    expect(page.locator("#scorecard")).to_contain_text("Burn multiple")
    page.screenshot(path=str(tmp_path / "funding-phone.png"), full_page=True)
    restore = services.funding_readiness_build()["cash_plan"]["restore"]
    pct = next(r["hiring_freeze_pct"] for r in restore if r["lever"] == "hiring freeze")
    page.fill("#id_hiring_freeze_pct", str(pct))
    page.click("#funding-plan-form button[type=submit]")
    expect(page.locator("#scorecard")).to_be_visible()
    expect(page.locator("#funding-delay")).to_have_count(0)
    expect(page.locator("#levers")).to_contain_text(f"hiring freeze {pct}%")
