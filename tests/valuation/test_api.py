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


def test_users_read_components_staff_write(user_api, staff_api, comp):
    r = user_api.get(f"{BASE}/components/")
    assert r.status_code == 200 and r.json()["results"][0]["name"] == "FinanceAdvisor_Platform"
    body = {"name": "New_Thing", "title": "New", "sector": "fintech"}
    assert user_api.post(f"{BASE}/components/", body, format="json").status_code == 403
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


def test_revalue_202_then_status_and_snapshots(staff_api, user_api, comp):
    r = staff_api.post(f"{BASE}/revalue/", {"component": comp.name}, format="json")
    assert r.status_code == 202 and r.json()["status_url"].endswith(f"/jobs/{r.json()['id']}/")
    assert (
        staff_api.post(f"{BASE}/revalue/", {"component": "Nope"}, format="json").status_code == 400
    )
    snaps = user_api.get(f"{BASE}/snapshots/?scope={comp.name}")
    assert snaps.status_code == 200


def test_kpis_and_report_download(user_api, comp):
    r = user_api.get(f"{BASE}/components/{comp.name}/kpis/")
    assert r.status_code == 200
    period = r.json()["periods"][-1]
    assert "customer_churn_rate" in period["kpis"] and "convention" in period["kpis"]["nrr"]
    assert (
        user_api.get(f"{BASE}/portfolio/kpis/?start=2024-05-01&end=2024-01-01").status_code == 400
    )
    for fmt, ctype in (("text", "text/plain"), ("json", "application/json"), ("csv", "text/csv")):
        r = user_api.get(f"{BASE}/report/?format={fmt}&seed=5")
        assert r.status_code == 200 and r["Content-Type"].startswith(ctype)
    assert user_api.get(f"{BASE}/report/?format=pdf").status_code == 400
    r = user_api.get(f"{BASE}/report/?component=FinanceAdvisor_Platfrm")
    assert r.status_code == 400 and "FinanceAdvisor_Platform" in r.json()["error"]["message"]


def test_policy_staff_only_edit(user_api, staff_api):
    assert (
        user_api.patch(f"{BASE}/policy/", {"value_move_pct": "3"}, format="json").status_code == 403
    )
    r = staff_api.patch(f"{BASE}/policy/", {"value_move_pct": "3"}, format="json")
    assert r.status_code == 200 and r.json()["value_move_pct"] == "3.0000"
