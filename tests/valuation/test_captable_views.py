"""Cap table pages: build, preview, save, compare, export; errors next to fields; roles."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.roles import FINANCE_ANALYST, INNOVATION_MANAGER, roles_sync
from tests.valuation.test_captable_services import small_table
from valuation.models import RoundScenario

pytestmark = pytest.mark.django_db


def _role_client(role: str, username: str) -> Client:
    roles_sync(group_model=Group, permission_model=Permission)
    u = get_user_model().objects.create_user(username=username, password="x-Pass-1234")
    if role:
        u.groups.add(Group.objects.get(name=role))
    c = Client()
    c.force_login(u, backend="django.contrib.auth.backends.ModelBackend")
    return c


@pytest.fixture
def analyst():
    return _role_client(FINANCE_ANALYST, "fiona")


def form(**extra):
    return {
        "pre_money_source": "typed",
        "pre_money": "9000000",
        "raise_amount": "3000000",
        "target_pool_pct": "10",
        "close_date": "2026-01-01",
        "investor": "Lead VC",
        "series": "Series A Preferred",
        **extra,
    }


def test_preview_save_and_compare_in_the_page(analyst):
    small_table()
    r = analyst.get("/valuation/captable/")
    assert r.status_code == 200
    assert b"Model a round" in r.content and b"Founder" in r.content
    r = analyst.post("/valuation/captable/", form(action="preview"))
    assert r.status_code == 200
    assert b"0.9176" in r.content and b"807,692" in r.content and b"Lead VC" in r.content
    assert b"captable-chart-data" in r.content
    assert RoundScenario.objects.count() == 0
    r = analyst.post("/valuation/captable/", form(action="save", name="Base"))
    assert r.status_code == 302
    a = RoundScenario.objects.get(name="Base")
    assert r["Location"].endswith(f"/valuation/captable/s/{a.pk}/")
    analyst.post("/valuation/captable/", form(action="save", name="High", pre_money="15000000"))
    b = RoundScenario.objects.get(name="High")
    page = analyst.get(f"/valuation/captable/s/{a.pk}/")
    assert page.status_code == 200 and b"Post-round cap table" in page.content
    cmp = analyst.get(f"/valuation/captable/compare/?a={a.pk}&b={b.pk}")
    assert cmp.status_code == 200
    assert b"Holders side by side" in cmp.content and b"captable-compare-data" in cmp.content
    csv = analyst.get(f"/valuation/captable/s/{a.pk}/csv/")
    assert csv.status_code == 200 and b"Founder,8000000" in csv.content


def test_errors_sit_next_to_their_fields(analyst):
    small_table()
    r = analyst.post(
        "/valuation/captable/", form(action="preview", pre_money="", target_pool_pct="150")
    )
    assert r.status_code == 400
    f = r.context["form"]
    assert "pre_money" in f.errors and "target_pool_pct" in f.errors
    r = analyst.post("/valuation/captable/", form(action="save", name=""))
    assert r.status_code == 400 and "name" in r.context["form"].errors
    r = analyst.post(
        "/valuation/captable/",
        form(action="preview", raise_amount="900000000", target_pool_pct="90"),
    )
    assert r.status_code == 400 and "target_pool_pct" in r.context["form"].errors
    r = analyst.post(
        "/valuation/captable/", form(action="preview", pre_money_source="valuation_p50")
    )
    assert r.status_code == 400 and "pre_money_source" in r.context["form"].errors
    r = analyst.get("/valuation/captable/compare/?a=1&b=1")
    assert r.status_code == 400
    assert RoundScenario.objects.count() == 0


def test_pages_are_for_the_finance_role(user_client, client):
    small_table()
    innovator = _role_client(INNOVATION_MANAGER, "ivan")
    for url in ("/valuation/captable/", "/valuation/captable/compare/"):
        assert user_client.get(url).status_code == 403
        assert innovator.get(url).status_code == 403
        assert client.get(url).status_code == 302  # to the login page
    r = user_client.post("/valuation/captable/", form(action="save", name="Nope"))
    assert r.status_code == 403
    assert RoundScenario.objects.count() == 0


def test_pre_money_from_the_valuation_p50_with_its_band(analyst):
    from datetime import date
    from decimal import Decimal as D

    from valuation.models import ValuationSnapshot

    small_table()
    ValuationSnapshot.objects.create(
        scope="portfolio",
        as_of=date(2026, 1, 1),
        computed_at="2026-01-01T00:00:00Z",
        p5=D(6_000_000),
        p10=D(7_000_000),
        p25=D(8_000_000),
        p50=D(9_000_000),
        p75=D(11_000_000),
        p90=D(13_000_000),
        p95=D(14_000_000),
        value=D(9_000_000),
        mean=D(9_000_000),
        std=D(1_000_000),
        inputs_hash="y" * 64,
        seed=1,
        engine_version="t",
    )
    page = analyst.get("/valuation/captable/")
    assert b"P50 9,000,000" in page.content and b"P10 7,000,000" in page.content
    r = analyst.post(
        "/valuation/captable/",
        form(action="save", name="From P50", pre_money_source="valuation_p50", pre_money=""),
    )
    assert r.status_code == 302
    s = RoundScenario.objects.get(name="From P50")
    assert s.pre_money == D(9_000_000) and s.pre_money_source == "valuation_p50"
    detail = analyst.get(f"/valuation/captable/s/{s.pk}/")
    assert b"P90 13,000,000" in detail.content


def test_no_cap_table_yet_says_how_to_create_one(analyst):
    r = analyst.get("/valuation/captable/")
    assert r.status_code == 200 and b"no cap table yet" in r.content
