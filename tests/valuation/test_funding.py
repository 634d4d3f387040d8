"""Series A readiness, cash runway and the funding-delay rule on the real database (issue 15):
services, the built-in operations rule, the demo scenario, API, page and command."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import roles_sync
from operations.models import Alert, AlertRule
from operations.services.rules import rules_evaluate
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services
from valuation.demo import PEOPLE_NOTE, seed_funding_demo
from valuation.models import CostEntry, FundingPlan

pytestmark = pytest.mark.django_db
BASE = "/api/v1/valuation/funding"


def _month_starts(n):
    today = timezone.now().date()
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append(date(y, m, 1))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return sorted(out)


@pytest.fixture
def portfolio():
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c, months=16, customers=60)
    CostEntry.objects.bulk_create(
        CostEntry(component=c, month=m, category=cat, amount=Decimal(amount))
        for m in _month_starts(17)
        for cat, amount in (("sales", "600"), ("marketing", "900"), ("rnd", "9000"))
    )
    return c


def _role_user(name, role=None):
    roles_sync(group_model=Group, permission_model=Permission)
    u = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    if role:
        u.groups.add(Group.objects.get(name=role))
    return u


def _api(u):
    c = APIClient()
    c.force_authenticate(u)
    return c


def _page(u):
    c = Client()
    c.force_login(u, backend="django.contrib.auth.backends.ModelBackend")
    return c


def test_readiness_from_the_ledger_matches_the_portfolio_valuation(portfolio):
    ledger = services.funding_readiness_build(from_ledger=True)
    assert ledger["source"]["kind"] == "ledger"
    snap = services.portfolio_revalue(seed=3)
    valued = services.funding_readiness_build()
    assert valued["source"]["kind"] == "portfolio valuation"
    assert valued["source"]["inputs_hash"] == snap.inputs_hash
    for a, b in zip(ledger["scorecard"]["rows"], valued["scorecard"]["rows"], strict=True):
        assert a["key"] == b["key"]
        assert a["value"] == pytest.approx(b["value"], rel=1e-9, abs=1e-9) or (
            a["value"] is None and b["value"] is None
        )
    card = valued["scorecard"]
    assert len(card["rows"]) == 12 and all(len(r["trend"]) >= 1 for r in card["rows"])
    assert all(r["status"] in ("met", "close", "gap") and r["source"] for r in card["rows"])
    assert len(card["summary"]["top_gaps"]) == 2
    assert [s["delay_months"] for s in valued["cash_plan"]["scenarios"]] == [0, 3, 6, 9]
    assert not FundingPlan.objects.exists()  # reading never writes the plan row


def test_no_components_is_a_clear_error():
    from common.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        services.funding_readiness_build()
    assert exc.value.code == "empty_portfolio"


def _burn(**kw):
    return services.funding_readiness_build(**kw)["cash_plan"]["burn"]


def test_funding_delay_rule_fires_with_levers_and_resolves_when_a_lever_restores_runway(
    portfolio,
):
    rule = AlertRule.objects.get(name="funding-delay")
    assert rule.builtin and rule.metric == "funding.runway_margin_months"
    burn = _burn()
    assert burn > 0
    services.funding_plan_update(cash_balance=Decimal(str(round(burn * 7, 2))))
    now = timezone.now()
    assert rules_evaluate(now=now).get("firing") == 1
    alert = Alert.objects.get(name="FundingDelay", status="firing")
    assert alert.source == "valuation"
    assert "runway 7.0 months" in alert.summary and "hiring freeze" in alert.summary
    assert alert.value == pytest.approx(-2.0, abs=1e-6)
    restore = services.funding_readiness_build()["cash_plan"]["restore"]
    freeze = next(r for r in restore if r["lever"] == "hiring freeze")
    services.funding_plan_update(hiring_freeze_pct=freeze["hiring_freeze_pct"])
    assert rules_evaluate(now=now + timedelta(minutes=1)).get("resolved") == 1
    assert not Alert.objects.filter(name="FundingDelay", status="firing").exists()


def test_buffer_is_editable_and_drives_the_rule(portfolio):
    burn = _burn()
    services.funding_plan_update(cash_balance=Decimal(str(round(burn * 10, 2))))
    assert services.funding_readiness_build()["funding_delay"]["firing"] is False
    services.funding_plan_update(buffer_months=Decimal("5"))  # 6 + 5 = 11 > 10
    out = services.funding_readiness_build()
    assert out["funding_delay"]["firing"] and out["cash_plan"]["need_months"] == 11


def test_demo_funding_data_fires_the_rule_and_a_lever_resolves_it(portfolio):
    today = timezone.now().date()
    seed_funding_demo(today=today, months=_month_starts(17))
    seed_funding_demo(today=today, months=_month_starts(17))  # idempotent
    assert CostEntry.objects.filter(note=PEOPLE_NOTE).count() == 17
    out = services.funding_readiness_build()
    assert out["funding_delay"]["firing"]
    assert out["cash_plan"]["runway_months"] == pytest.approx(7.0, abs=0.01)
    now = timezone.now()
    rules_evaluate(now=now)
    assert Alert.objects.filter(name="FundingDelay", status="firing").exists()
    call_command("valuation", "--funding", "--hiring-freeze", "25", "--apply", stdout=_Sink())
    rules_evaluate(now=now + timedelta(minutes=1))
    assert not Alert.objects.filter(name="FundingDelay", status="firing").exists()


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, s, ending=None):
        self.text += s

    def flush(self):
        pass


def test_plan_update_rejects_bad_values(portfolio):
    from common.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        services.funding_plan_update(marketing_cut_pct=Decimal("120"))
    assert "marketing_cut_pct" in exc.value.fields
    with pytest.raises(ApplicationError):
        services.funding_plan_update(nonsense=1)
    assert not FundingPlan.objects.exists()


# --- API -------------------------------------------------------------------------------------


def test_api_permissions(api_client, portfolio):
    assert api_client.get(f"{BASE}/scorecard/").status_code in (401, 403)
    member = _api(_role_user("m", "Member"))
    assert member.get(f"{BASE}/scorecard/").status_code == 403
    assert member.get(f"{BASE}/plan/").status_code == 403
    innov = _api(_role_user("i", "Innovation manager"))
    assert innov.get(f"{BASE}/scorecard/").status_code == 403
    operator = _api(_role_user("o", "Operator"))
    assert operator.patch(f"{BASE}/plan/", {"buffer_months": "4"}, format="json").status_code == 403
    fin = _api(_role_user("f", "Finance analyst"))
    r = fin.get(f"{BASE}/scorecard/")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["scorecard"]["summary"]["total"] == 12
    assert body["cash_plan"]["need_months"] == 9.0
    r = fin.patch(f"{BASE}/plan/", {"buffer_months": "4", "bar_nrr": "1.2"}, format="json")
    assert r.status_code == 200 and r.json()["buffer_months"] == "4.0"
    assert FundingPlan.objects.get().bar_nrr == Decimal("1.2")
    assert fin.get(f"{BASE}/scorecard/").json()["cash_plan"]["need_months"] == 10.0


def test_api_validation_errors_use_the_envelope(portfolio):
    fin = _api(_role_user("f", "Finance analyst"))
    r = fin.get(f"{BASE}/scorecard/", {"marketing_cut_pct": "150"})
    assert r.status_code == 400 and "marketing_cut_pct" in r.json()["error"]["fields"]
    r = fin.patch(f"{BASE}/plan/", {"hiring_freeze_pct": "-1"}, format="json")
    assert r.status_code == 400 and "hiring_freeze_pct" in r.json()["error"]["fields"]
    assert not FundingPlan.objects.exists()


def test_api_what_if_levers_are_not_saved(portfolio):
    fin = _api(_role_user("f", "Finance analyst"))
    base = fin.get(f"{BASE}/scorecard/").json()["cash_plan"]
    what = fin.get(f"{BASE}/scorecard/", {"marketing_cut_pct": "50"}).json()["cash_plan"]
    assert what["burn"] == pytest.approx(base["burn"] - 0.5 * 900)
    assert what["applied"]["marketing_cut_pct"] == 50
    assert not FundingPlan.objects.exists()


def test_api_empty_portfolio_is_400(db):
    fin = _api(_role_user("f", "Finance analyst"))
    r = fin.get(f"{BASE}/scorecard/")
    assert r.status_code == 400 and r.json()["error"]["code"] == "empty_portfolio"


# --- Page ------------------------------------------------------------------------------------


def test_page_permissions_and_form(client, portfolio):
    r = client.get("/valuation/funding/")
    assert r.status_code == 302 and "login" in r["Location"]
    assert _page(_role_user("m", "Member")).get("/valuation/funding/").status_code == 403
    fin = _page(_role_user("f", "Finance analyst"))
    r = fin.get("/valuation/funding/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="scorecard"' in html and 'id="delay-scenarios"' in html
    assert 'id="funding-plan-form"' in html and "Burn multiple" in html
    r = fin.post("/valuation/funding/", {"buffer_months": "abc"})
    assert r.status_code == 400 and "errorlist" in r.content.decode()
    assert not FundingPlan.objects.exists()
    form = {
        f.name: ("" if getattr(FundingPlan(), f.name) is None else getattr(FundingPlan(), f.name))
        for f in FundingPlan._meta.fields
        if f.name not in ("id", "updated_at")
    }
    form["buffer_months"] = "4"
    r = fin.post("/valuation/funding/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert FundingPlan.objects.get().buffer_months == Decimal("4")
    assert fin.get("/valuation/funding/?hiring_freeze_pct=500").status_code == 400


def test_page_read_only_role_has_no_form(portfolio):
    u = _role_user("v")
    u.user_permissions.add(Permission.objects.get(codename="view_fundingplan"))
    c = _page(u)
    html = c.get("/valuation/funding/").content.decode()
    assert 'id="scorecard"' in html and 'id="funding-plan-form"' not in html
    assert c.post("/valuation/funding/", {"buffer_months": "4"}).status_code == 403


# --- Command and report ----------------------------------------------------------------------


def test_command_funding_text_json_and_errors(portfolio):
    out = _Sink()
    call_command("valuation", "--funding", stdout=out)
    assert "Series A readiness" in out.text and "round 3 months late" in out.text
    out = _Sink()
    call_command("valuation", "--funding", "--format", "json", stdout=out)
    assert json.loads(out.text)["scorecard"]["summary"]["total"] == 12
    with pytest.raises(CommandError, match="between 0 and 100"):
        call_command("valuation", "--funding", "--marketing-cut", "101")
    with pytest.raises(CommandError, match="--apply needs"):
        call_command("valuation", "--funding", "--apply")


def test_daily_report_has_consistent_fans_and_the_readiness_section(portfolio):
    second = ComponentFactory(name="MoodJournal_App", sector="fintech")
    seed_ledger(second, months=16, customers=30, price=40)
    report = services.report_build(seed=5)
    port = report["portfolio"]
    comps = report["components"]
    total = sum(float(c["value"]) for c in comps)
    assert port["projection"][0]["year"] == 0
    assert port["projection"][0]["value_p50"] == pytest.approx(total, abs=0.01 * len(comps))
    for c in comps:
        assert c["projection"][0]["value_p50"] == pytest.approx(float(c["value"]), abs=0.01)
        for row in c["projection"]:
            assert row["value_p10"] <= row["value_p50"] <= row["value_p90"]
    assert report["funding"]["scorecard"]["summary"]["total"] == 12
    text = services.report_render(report, "text")
    assert "== Series A readiness" in text and "VaR/ES:" in text
    assert "VaR95 +" not in text and "VaR95 -" not in text
    csv = services.report_render(report, "csv")
    assert "var95_loss" in csv.splitlines()[0] and "year0_p50" in csv.splitlines()[0]
