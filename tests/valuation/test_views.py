"""Page tests: access, rendering, constant query count, CSV import page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services
from valuation.models import RevenueEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def valued():
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c)
    services.portfolio_revalue(seed=1)
    return c


def test_dashboard_renders_for_a_finance_analyst(finance_client, valued):
    r = finance_client.get("/valuation/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "FinanceAdvisor_Platform" in body and "valuation-chart-data" in body
    assert 'hx-trigger="every 10s"' in body
    assert finance_client.get("/valuation/live/").status_code == 200


def test_dashboard_empty_state(finance_client, db):
    assert "No valuation yet" in finance_client.get("/valuation/").content.decode()


def test_dashboard_constant_queries(finance_client, valued):
    with CaptureQueriesContext(connection) as one:
        finance_client.get("/valuation/live/")
    for i in range(4):
        c = ComponentFactory(name=f"Extra_{i}")
        seed_ledger(c, customers=5)
    services.portfolio_revalue(seed=1)
    with CaptureQueriesContext(connection) as five:
        finance_client.get("/valuation/live/")
    assert len(five) == len(one)


def test_component_page_and_404(finance_client, valued):
    r = finance_client.get("/valuation/c/FinanceAdvisor_Platform/")
    assert r.status_code == 200 and "Sensitivity" in r.content.decode()
    assert finance_client.get("/valuation/c/Nope/").status_code == 404


def test_import_page_staff_only_and_row_errors(user_client, staff_client, valued):
    assert user_client.get("/valuation/import/").status_code in (302, 403)
    text = (
        "customer_id,occurred_at,kind,amount\n"
        "q1,2024-01-01,subscribe,10\nq2,2024-01-01,subscribe,-1\n"
    )
    f = SimpleUploadedFile("l.csv", text.encode())
    r = staff_client.post("/valuation/import/", {"file": f, "component": "FinanceAdvisor_Platform"})
    assert r.status_code == 400 and "row-errors" in r.content.decode()
    assert not RevenueEvent.objects.filter(customer_ref="q1").exists()
    f = SimpleUploadedFile(
        "l.csv", text.splitlines(True)[0].encode() + b"q1,2024-01-01,subscribe,10\n"
    )
    r = staff_client.post("/valuation/import/", {"file": f, "component": "FinanceAdvisor_Platform"})
    assert r.status_code == 200 and "Imported 1 event" in r.content.decode()


def test_revalue_button_staff_only(user_client, staff_client, valued):
    assert user_client.post("/valuation/c/FinanceAdvisor_Platform/revalue/").status_code in (
        302,
        403,
    )
    r = staff_client.post("/valuation/c/FinanceAdvisor_Platform/revalue/")
    assert r.status_code == 302
