"""Admin: every model's changelist loads for staff; the revalue action calls the service."""

import pytest

from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation.models import RevaluationJob, ValuationSnapshot

pytestmark = pytest.mark.django_db

MODELS = [
    "component",
    "revenueevent",
    "costentry",
    "multiplestable",
    "valuationpolicy",
    "revaluationjob",
    "valuationsnapshot",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_load(staff_client, model):
    assert staff_client.get(f"/admin/valuation/{model}/").status_code == 200


def test_revalue_actions(staff_client):
    MultiplesFactory()
    c = ComponentFactory(name="Admin_Comp")
    seed_ledger(c, customers=10)
    r = staff_client.post(
        "/admin/valuation/component/", {"action": "revalue_now", "_selected_action": [c.pk]}
    )
    assert r.status_code == 302
    assert ValuationSnapshot.objects.filter(scope="Admin_Comp").exists()
    assert ValuationSnapshot.objects.filter(scope="portfolio").exists()
    staff_client.post(
        "/admin/valuation/component/", {"action": "revalue_selected", "_selected_action": [c.pk]}
    )
    assert RevaluationJob.objects.filter(component=c).exists()
