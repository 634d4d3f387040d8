"""Service tests against the real database (no mocking of our own code)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.exceptions import ApplicationError
from operations.models import Alert
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services
from valuation.models import RevaluationJob, RevenueEvent, ValuationSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def comp(settings):
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c)
    return c


def test_component_revalue_writes_traceable_snapshot(comp):
    snap = services.component_revalue(component=comp, seed=7)
    assert snap.scope == "FinanceAdvisor_Platform"
    assert snap.value > 0 and snap.p5 <= snap.p10 <= snap.p50 <= snap.p90 <= snap.p95
    assert len(snap.inputs_hash) == 64 and snap.seed == 7 and snap.engine_version
    # Years 0..5: the fan starts at today's value (issue 15).
    assert len(snap.fan) == 6 and len(snap.projection) == 6
    assert snap.fan[0]["year"] == 0 and snap.fan[0]["p50"] == pytest.approx(float(snap.value))
    assert snap.methods["revenue_multiple"]["value"] > 0
    assert abs(snap.kpis["identity_max_error"]) < 1e-6
    assert isinstance(snap.value, Decimal)
    # same date, same inputs -> the same snapshot, not a new one
    again = services.component_revalue(component=comp, seed=7)
    assert again.pk == snap.pk
    with pytest.raises(ValidationError):
        snap.save()


def test_portfolio_revalue_and_report_formats(comp):
    ComponentFactory(name="Second_Component", sector="fintech")
    port = services.portfolio_revalue(seed=3)
    assert port.scope == "portfolio"
    assert port.risk["hhi"] == pytest.approx(1.0)  # second component has no revenue
    report = services.report_build(seed=3)
    text = services.report_render(report, "text")
    assert "FinanceAdvisor_Platform" in text and "inputs" in text
    assert services.report_render(report, "csv").count("\n") == 4
    again = services.report_build(seed=3)
    assert services.report_render(again, "json") == services.report_render(report, "json")


def test_unknown_component_names_closest(comp):
    with pytest.raises(ApplicationError, match="FinanceAdvisor_Platform"):
        services.report_build(component_name="FinanceAdvisor_Platfrom")


def test_event_enqueues_one_revaluation_and_move_alert_fires_once(
    comp, django_capture_on_commit_callbacks
):
    services.portfolio_revalue()
    # move the baseline a day back so the next valuation compares against it
    ValuationSnapshot.objects.update(as_of=timezone.now().date() - timedelta(days=1))
    rows = [
        {
            "customer_ref": f"big{i}",
            "occurred_at": timezone.now().isoformat(),
            "kind": "subscribe",
            "amount": "5000",
            "stream": "enterprise",
        }
        for i in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.revenue_event_bulk_create(rows=rows, component=comp)
    assert len(callbacks) == 1  # three events, one revaluation
    assert RevaluationJob.objects.filter(status="done").count() == 1
    alerts = Alert.objects.filter(dedup_key="valuation:value_move:FinanceAdvisor_Platform")
    assert alerts.count() == 1 and alerts.get().status == "firing"
    # a further event in the same state re-fires the same alert, not a new one
    with django_capture_on_commit_callbacks(execute=True):
        services.revenue_event_create(
            component=comp,
            customer_ref="x",
            kind="one_off",
            amount="1",
            interval="one_off",
            stream="transaction_fee",
            occurred_at=timezone.now().isoformat(),
        )
    assert alerts.count() == 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "inf"}, "amount"),
        ({"stream": "crypto"}, "stream"),
        ({"occurred_at": "2024-13-45"}, "occurred_at"),
        ({"kind": "upgrade"}, "kind"),
        ({"interval": "one_off"}, "interval"),
    ],
)
def test_bulk_rejects_bad_rows_and_writes_nothing(comp, row, field):
    before = RevenueEvent.objects.count()
    good = {"customer_ref": "a", "occurred_at": "2024-06-01", "kind": "subscribe", "amount": "10"}
    with pytest.raises(ApplicationError) as err:
        services.revenue_event_bulk_create(rows=[good, {**good, **row}], component=comp)
    assert f"rows[1].{field}" in err.value.fields
    assert RevenueEvent.objects.count() == before


def test_csv_import_all_or_nothing(comp):
    text = (
        "customer_id,time,kind,amount,interval,stream\n"
        "z1,2024-05-01,subscribe,1200,annual,subscription\n"
    )
    created = services.revenue_csv_import(text=text, component=comp)
    assert len(created) == 1 and created[0].source == "csv"
    bad = text + "z2,2024-05-02,subscribe,-5,monthly,subscription\n"
    with pytest.raises(ApplicationError) as err:
        services.revenue_csv_import(text=bad, component=comp)
    assert "rows[1].amount" in err.value.fields


def test_component_validation(comp):
    with pytest.raises(ValidationError):
        services.component_update(
            component=comp, discount_rate=Decimal("0.03"), terminal_growth=Decimal("0.03")
        )
    with pytest.raises(ValidationError):
        services.component_update(
            component=comp, method_weights={"dcf_gordon": 0.5, "revenue_multiple": 0.6}
        )
    with pytest.raises(ValidationError):
        services.component_update(
            component=comp,
            pwerm_scenarios=[{"name": "a", "probability": 0.5, "exit_value": 10, "years": 1}],
        )


def test_move_alert_resolves_when_back_inside(comp):
    from valuation.services.alerts import alerts_apply, component_rules

    services.component_revalue(component=comp)
    ValuationSnapshot.objects.update(as_of=timezone.now().date() - timedelta(days=1))
    base = ValuationSnapshot.objects.get(scope=comp.name)
    policy = services.report.sel.policy_get()
    rev = {
        "kpi_row": {"start_mrr": 0, "end_mrr": 0, "identity_error": 0},
        "kpi_period": "x",
        "kpis": {
            "customer_churn_rate": {"value": None, "reason": "none"},
            "ltv_cac": {"value": None, "reason": "none"},
        },
        "anomalies": {},
        "identity_max_error": 0.0,
    }
    key = f"valuation:value_move:{comp.name}"

    def rules(value):
        return component_rules(
            component=comp,
            policy=policy,
            value=value,
            dist={},
            risk_block={},
            rev=rev,
            baseline=base,
        )

    exact = float(base.value) * 1.05  # exactly +5% is not "more than 5%"
    assert next(r for r in rules(exact) if r["rule"] == "value_move")["status"] == "ok"
    alerts_apply(rules(float(base.value) * 1.2))
    alerts_apply(rules(float(base.value) * 1.3))
    assert Alert.objects.filter(dedup_key=key).count() == 1
    alerts_apply(rules(float(base.value) * 1.01))
    assert Alert.objects.get(dedup_key=key).status == "resolved"


def test_monitoring_registered():
    from operations.registry import all_metrics, checks_for
    from valuation import monitoring

    names = {m.name for m in all_metrics()}
    assert {
        "mrr",
        "arr",
        "active_customers",
        "customer_churn_rate",
        "nrr",
        "portfolio_value",
    } <= names
    assert "valuation_engine" in {c.name for c in checks_for("full")}
    assert monitoring.check_engine()[0] == "ok"
    assert monitoring.check_snapshot_fresh()[0] == "warning"
