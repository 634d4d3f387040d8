"""API tests: permissions, validation (400 + nothing written), revalue 202, report download."""

import pytest
from django.utils import timezone

from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation.models import Component, RevenueEvent, ValuationSnapshot

pytestmark = pytest.mark.django_db
BASE = "/api/v1/valuation"


@pytest.fixture
def comp(settings):
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c)
    return c


def test_anonymous_is_refused(api_client, comp):
    assert api_client.get(f"{BASE}/components/").status_code in (401, 403)


def test_analysts_read_components_administrators_write(user_api, finance_api, staff_api, comp):
    assert user_api.get(f"{BASE}/components/").status_code == 403  # members: not the books
    r = finance_api.get(f"{BASE}/components/")
    assert r.status_code == 200 and r.json()["results"][0]["name"] == "FinanceAdvisor_Platform"
    body = {"name": "New_Thing", "title": "New", "sector": "fintech"}
    assert finance_api.post(f"{BASE}/components/", body, format="json").status_code == 403
    r = staff_api.post(f"{BASE}/components/", body, format="json")
    assert r.status_code == 201, r.json()
    bad = {**body, "name": "Other", "discount_rate": "0.02", "terminal_growth": "0.03"}
    r = staff_api.post(f"{BASE}/components/", bad, format="json")
    assert r.status_code == 400 and "discount_rate" in r.json()["error"]["fields"]
    bad = {**body, "name": "Other2", "method_weights": {"dcf_gordon": 0.7, "vc_method": 0.7}}
    r = staff_api.post(f"{BASE}/components/", bad, format="json")
    assert r.status_code == 400 and "method_weights" in r.json()["error"]["fields"]
    assert not Component.objects.filter(name__startswith="Other").exists()


def test_post_event_and_bulk_all_or_nothing(
    staff_api, user_api, comp, django_capture_on_commit_callbacks
):
    ev = {
        "component": comp.name,
        "customer_ref": "k1",
        "occurred_at": timezone.now().isoformat(),
        "kind": "subscribe",
        "amount": "250.00",
        "interval": "monthly",
        "stream": "enterprise",
    }
    assert user_api.post(f"{BASE}/events/", ev, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        r = staff_api.post(f"{BASE}/events/", ev, format="json")
    assert r.status_code == 201, r.json()
    assert ValuationSnapshot.objects.filter(scope="portfolio").exists()
    n = RevenueEvent.objects.count()
    for bad in (
        {"amount": "-3"},
        {"amount": "NaN"},
        {"stream": "gold"},
        {"occurred_at": "yesterday"},
        {"component": "Nope"},
    ):
        r = staff_api.post(f"{BASE}/events/", [ev, {**ev, **bad}], format="json")
        assert r.status_code == 400, bad
        assert r.json()["error"]["fields"]
    assert RevenueEvent.objects.count() == n


def test_csv_upload_reports_row_errors(staff_api, comp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "component,customer_id,occurred_at,kind,amount,interval\n"
        f"{comp.name},u1,2024-03-01,subscribe,100,monthly\n"
        f"{comp.name},u2,2024-03-01,subscribe,abc,monthly\n"
    )
    f = SimpleUploadedFile("ledger.csv", csv_text.encode(), content_type="text/csv")
    r = staff_api.post(f"{BASE}/events/upload/", {"file": f}, format="multipart")
    assert r.status_code == 400 and "rows[1].amount" in r.json()["error"]["fields"]
    assert not RevenueEvent.objects.filter(customer_ref="u1").exists()


def test_revalue_202_then_status_and_snapshots(staff_api, finance_api, comp):
    r = staff_api.post(f"{BASE}/revalue/", {"component": comp.name}, format="json")
    assert r.status_code == 202 and r.json()["status_url"].endswith(f"/jobs/{r.json()['id']}/")
    assert (
        staff_api.post(f"{BASE}/revalue/", {"component": "Nope"}, format="json").status_code == 400
    )
    snaps = finance_api.get(f"{BASE}/snapshots/?scope={comp.name}")
    assert snaps.status_code == 200


def test_kpis_and_report_download(finance_api, comp):
    r = finance_api.get(f"{BASE}/components/{comp.name}/kpis/")
    assert r.status_code == 200
    period = r.json()["periods"][-1]
    assert "customer_churn_rate" in period["kpis"] and "convention" in period["kpis"]["nrr"]
    assert (
        finance_api.get(f"{BASE}/portfolio/kpis/?start=2024-05-01&end=2024-01-01").status_code
        == 400
    )
    for fmt, ctype in (("text", "text/plain"), ("json", "application/json"), ("csv", "text/csv")):
        r = finance_api.get(f"{BASE}/report/?format={fmt}&seed=5")
        assert r.status_code == 200 and r["Content-Type"].startswith(ctype)
    assert finance_api.get(f"{BASE}/report/?format=pdf").status_code == 400
    r = finance_api.get(f"{BASE}/report/?component=FinanceAdvisor_Platfrm")
    assert r.status_code == 400 and "FinanceAdvisor_Platform" in r.json()["error"]["message"]


def test_policy_staff_only_edit(user_api, staff_api):
    assert (
        user_api.patch(f"{BASE}/policy/", {"value_move_pct": "3"}, format="json").status_code == 403
    )
    r = staff_api.patch(f"{BASE}/policy/", {"value_move_pct": "3"}, format="json")
    assert r.status_code == 200 and r.json()["value_move_pct"] == "3.0000"


def test_issue_mrr_example_through_the_database(finance_api, db):
    from datetime import UTC, datetime

    from valuation.models import RevenueEvent

    c = ComponentFactory(name="Known_Answer")

    def ev(cust, sub, when, kind, amount, interval="monthly"):
        y, m, d, hh, mm = when
        return RevenueEvent(
            component=c,
            customer_ref=cust,
            subscription_ref=sub,
            kind=kind,
            occurred_at=datetime(y, m, d, hh, mm, tzinfo=UTC),
            amount=amount,
            interval=interval,
        )

    RevenueEvent.objects.bulk_create(
        [
            ev("A", "main", (2024, 6, 1, 0, 0), "subscribe", 100),
            ev("B", "main", (2024, 6, 2, 0, 0), "subscribe", 200),
            ev("C", "main", (2024, 7, 1, 0, 0), "subscribe", 50),
            ev("D", "main", (2024, 5, 1, 0, 0), "subscribe", 80),
            ev("D", "main", (2024, 11, 15, 0, 0), "cancel", 0),
            ev("E", "plan", (2024, 8, 1, 0, 0), "subscribe", 1200, "annual"),
            ev("E", "addon", (2024, 8, 1, 0, 1), "subscribe", 20),
            ev("F", "main", (2025, 1, 3, 9, 0), "subscribe", 300),
            ev("A", "main", (2025, 1, 5, 10, 0), "change", 150),
            ev("B", "main", (2025, 1, 7, 11, 0), "change", 120),
            ev("C", "main", (2025, 1, 9, 12, 0), "cancel", 0),
            ev("D", "main", (2025, 1, 11, 13, 0), "reactivate", 90),
            ev("E", "addon", (2025, 1, 13, 14, 0), "cancel", 0),
            ev("G", "main", (2025, 1, 20, 8, 0), "subscribe", 40),
            ev("G", "addon", (2025, 1, 20, 8, 30), "subscribe", 10),
        ]
    )
    r = finance_api.get(f"{BASE}/components/Known_Answer/kpis/?start=2025-01-01&end=2025-01-31")
    assert r.status_code == 200
    jan = r.json()["periods"][-1]
    assert jan["period_start"] == "2025-01-01"
    mv, k = jan["movements"], jan["kpis"]
    assert [
        round(mv[x], 2)
        for x in ("new", "expansion", "contraction", "churn", "reactivation", "end_mrr")
    ] == [350, 50, 100, 50, 90, 810]
    assert round(k["customer_churn_rate"]["value"] * 100, 2) == 25.00
    assert round(k["gross_mrr_churn"]["value"] * 100, 2) == 31.91
    assert round(k["net_mrr_churn"]["value"] * 100, 2) == 2.13
    assert round(k["nrr"]["value"] * 100, 2) == 78.72
    assert round(k["grr"]["value"] * 100, 2) == 68.09
    assert round(k["quick_ratio"]["value"], 3) == 2.667
    assert round(k["quick_ratio_with_reactivation"]["value"], 3) == 3.267
