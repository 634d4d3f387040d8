"""GET, HEAD and OPTIONS never write: every route, read by an Administrator (who may read
everything), leaves every table as it was, alerts and incidents included."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.test import Client

from tests.conftest import make_role_user
from tests.test_roles import ROUTES, _sample
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger

# Tables a read may touch, each for a reason that is about the request itself, not the data.
EXEMPT = {
    "sessions.session": "signing the test client in writes its session",
    "operations.requestminute": "request metrics count the request being made",
    "finance.assessmentaccess": "a staff read of someone's assessment is logged by design",
    "operations.securityeventrecord": "the security log records sensitive reads and refusals",
    "axes.accessattempt": "login attempts (none are made here)",
    "axes.accesslog": "login audit (none are made here)",
    "axes.accessfailurelog": "login audit (none are made here)",
}


def fingerprint() -> dict[str, str]:
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXEMPT:
            continue
        rows = list(model._default_manager.order_by("pk").values_list())
        out[label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


@pytest.fixture
def portfolio(db):
    MultiplesFactory()
    component = ComponentFactory(name="Probe_App")
    seed_ledger(component, months=6, customers=8)
    return component


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before if before[k] != after.get(k))


@pytest.mark.django_db
def test_no_get_route_writes_anything(portfolio):
    admin = make_role_user("reader", "Administrator")
    client = Client(raise_request_exception=False)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    urls = [_sample(name, pattern) for name, pattern in sorted(ROUTES.items())]
    urls += [
        "/valuation/c/Probe_App/",
        "/api/v1/valuation/components/Probe_App/kpis/",
        "/api/v1/valuation/portfolio/kpis/?start=2025-01-01",
        # The probe's request (a far-future date wrote five snapshots and a SEV-2 incident),
        # and a date inside the window, which is computed.
        "/api/v1/valuation/report/?format=json&as_of=2100-01-01",
        "/api/v1/valuation/report/?format=json&as_of=2070-01-01",
        "/api/v1/valuation/report/?format=text&seed=7",
        "/api/v1/valuation/report/?format=csv&component=Probe_App&as_of=2025-06-30",
        "/api/v1/valuation/report/?format=json",
    ]
    before = fingerprint()
    wrote = {}
    for url in urls:
        for method in ("get", "head", "options"):
            getattr(client, method)(url)
        after = fingerprint()
        if after != before:
            wrote[url] = _changed(before, after)
            before = after
    assert not wrote, f"GET wrote to the database: {wrote}"


@pytest.mark.django_db
def test_report_read_for_another_date_computes_without_storing(portfolio, finance_api):
    from operations.models import Alert, Incident
    from valuation.models import ValuationSnapshot

    response = finance_api.get(
        "/api/v1/valuation/report/", {"format": "json", "as_of": "2070-01-01"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2070-01-01"
    assert body["portfolio"]["value"] and body["components"][0]["scope"] == "Probe_App"
    assert ValuationSnapshot.objects.count() == 0
    assert Alert.objects.count() == 0 and Incident.objects.count() == 0


@pytest.mark.django_db
def test_storing_a_report_is_a_post_by_a_finance_analyst(portfolio, finance_api, user_api):
    from valuation.models import ValuationSnapshot

    assert user_api.post("/api/v1/valuation/report/", {"as_of": "2026-01-31"}).status_code == 403
    response = finance_api.post("/api/v1/valuation/report/", {"as_of": "2026-01-31", "seed": 3})
    assert response.status_code == 201
    assert set(ValuationSnapshot.objects.values_list("scope", flat=True)) == {
        "Probe_App",
        "portfolio",
    }
    again = finance_api.get("/api/v1/valuation/report/", {"as_of": "2026-01-31", "seed": 3})
    assert again.json()["report_hash"] == response.json()["report_hash"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "9999-12-31"},
        {"as_of": "0001-01-01"},
        {"as_of": "1999-12-31"},
        {"as_of": "2100-01-01", "component": "Probe_App"},
    ],
)
def test_report_dates_outside_the_window_are_a_400_naming_the_field(portfolio, finance_api, params):
    response = finance_api.get("/api/v1/valuation/report/", params)
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_kpi_dates_outside_the_window_are_a_400(portfolio, finance_api, field, value):
    response = finance_api.get("/api/v1/valuation/portfolio/kpis/", {field: value})
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_the_command_refuses_a_date_outside_the_window(portfolio):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="between 2000-01-01"):
        call_command("valuation", "--analyze", "--as-of", "9999-12-31")
