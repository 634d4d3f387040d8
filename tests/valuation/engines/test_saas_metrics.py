"""Known answers for MRR movements and SaaS KPIs (issue 4) plus invariants."""

import numpy as np
import pandas as pd
import pytest

from valuation.engines.kpis import period_kpis
from valuation.engines.saas_metrics import build_ledger, movements_table
from valuation.engines.types import EngineInputError


def ev(customer, sub, time, kind, amount, interval="monthly", stream="subscription"):
    return {
        "customer": customer,
        "subscription": sub,
        "stream": stream,
        "time": pd.Timestamp(time, tz="UTC"),
        "kind": kind,
        "interval": interval,
        "amount": amount,
    }


def issue_example():
    return pd.DataFrame(
        [
            ev("A", "main", "2024-06-01", "subscribe", 100),
            ev("B", "main", "2024-06-02", "subscribe", 200),
            ev("C", "main", "2024-07-01", "subscribe", 50),
            ev("D", "main", "2024-05-01", "subscribe", 80),
            ev("D", "main", "2024-11-15", "cancel", 0),
            ev("E", "plan", "2024-08-01", "subscribe", 1200, interval="annual"),
            ev("E", "addon", "2024-08-01 00:00:10", "subscribe", 20),
            # January events
            ev("F", "main", "2025-01-03 09:00", "subscribe", 300),
            ev("A", "main", "2025-01-05 10:00", "change", 150),
            ev("B", "main", "2025-01-07 11:00", "change", 120),
            ev("C", "main", "2025-01-09 12:00", "cancel", 0),
            ev("D", "main", "2025-01-11 13:00", "reactivate", 90),
            ev("E", "addon", "2025-01-13 14:00", "cancel", 0),
            ev("G", "main", "2025-01-20 08:00", "subscribe", 40),
            ev("G", "addon", "2025-01-20 08:30", "subscribe", 10),
        ]
    )


def january():
    out = movements_table(issue_example(), ["2025-01-01", "2025-02-01"])
    return out["table"].iloc[0]


def test_issue_mrr_movements_known_answer():
    row = january()
    assert row["start_mrr"] == pytest.approx(470)
    assert row["new"] == pytest.approx(350)
    assert row["expansion"] == pytest.approx(50)
    assert row["contraction"] == pytest.approx(100)
    assert row["churn"] == pytest.approx(50)
    assert row["reactivation"] == pytest.approx(90)
    assert row["end_mrr"] == pytest.approx(810)
    assert abs(row["identity_error"]) < 1e-9
    assert row["new_customers"] == 2  # F and G (G's add-on merged within 60 minutes)
    assert row["customers_start"] == 4 and row["customers_end"] == 6


def test_issue_kpis_known_answer():
    k = period_kpis(january())
    assert round(k["customer_churn_rate"]["value"] * 100, 2) == 25.00
    assert round(k["gross_mrr_churn"]["value"] * 100, 2) == 31.91
    assert round(k["net_mrr_churn"]["value"] * 100, 2) == 2.13
    assert round(k["nrr"]["value"] * 100, 2) == 78.72
    assert round(k["grr"]["value"] * 100, 2) == 68.09
    assert round(k["quick_ratio"]["value"], 3) == 2.667
    assert round(k["quick_ratio_with_reactivation"]["value"], 3) == 3.267
    assert k["customer_churn_rate_stripe"]["value"] == pytest.approx(1 / 7)
    assert "start" in k["customer_churn_rate"]["convention"]


def test_window_zero_splits_subscribe_and_addon():
    out = movements_table(issue_example(), ["2025-01-01", "2025-02-01"], window_minutes=0)
    row = out["table"].iloc[0]
    assert row["new"] == pytest.approx(340)
    assert row["expansion"] == pytest.approx(60)
    assert row["end_mrr"] == pytest.approx(810)


def test_normalisation_conventions():
    df = pd.DataFrame(
        [
            ev("a", "s", "2025-01-02", "subscribe", 1200, interval="annual"),
            ev("b", "s", "2025-01-02", "subscribe", 300, interval="quarterly"),
            ev("c", "s", "2025-01-02", "subscribe", 12, interval="weekly"),
            ev(
                "d", "s", "2025-01-02", "one_off", 999, interval="one_off", stream="transaction_fee"
            ),
        ]
    )
    row = movements_table(df, ["2025-01-01", "2025-02-01"])["table"].iloc[0]
    assert row["end_mrr"] == pytest.approx(100 + 100 + 12 * 52 / 12)
    assert row["one_off_transaction_fee"] == pytest.approx(999)
    assert row["new_customers"] == 3


def test_churn_then_new_second_cancel_counts_again():
    df = pd.DataFrame(
        [
            ev("a", "s", "2025-01-02", "subscribe", 10),
            ev("a", "s", "2025-01-10", "cancel", 0),
            ev("a", "s", "2025-02-10", "subscribe", 10),
            ev("a", "s", "2025-02-20", "cancel", 0),
        ]
    )
    t = movements_table(df, ["2025-01-01", "2025-02-01", "2025-03-01"])["table"]
    assert list(t["new"]) == [10, 0] and list(t["reactivation"]) == [0, 10]
    assert list(t["churn_customers"]) == [1, 1]


def random_ledger(seed=3, customers=300, events=4000):
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    cust = rng.integers(0, customers, events)
    times = start + rng.integers(0, 400 * 86400, events)
    kinds = rng.choice(["subscribe", "change", "cancel", "reactivate", "one_off"], events)
    intervals = np.where(kinds == "one_off", "one_off", rng.choice(["monthly", "annual"], events))
    return pd.DataFrame(
        {
            "customer": cust,
            "subscription": rng.choice(["a", "b"], events),
            "stream": rng.choice(["subscription", "enterprise", "api_licensing"], events),
            "time": pd.to_datetime(times, unit="s", utc=True),
            "kind": kinds,
            "interval": intervals,
            "amount": rng.integers(1, 500, events).astype(float),
        }
    )


def month_edges(n=12):
    return pd.date_range("2024-02-01", periods=n + 1, freq="MS", tz="UTC")


def test_identity_and_continuity_on_random_ledger():
    out = movements_table(random_ledger(), month_edges())
    t = out["table"]
    assert np.abs(t["identity_error"]).max() < 1e-6
    assert np.allclose(t["start_mrr"].to_numpy()[1:], t["end_mrr"].to_numpy()[:-1])
    streams = t[[c for c in t.columns if c.startswith("mrr_")]].sum(axis=1)
    assert np.allclose(streams, t["end_mrr"])
    logo = out["cohorts"]["logo"].to_numpy()
    assert np.nanmax(logo) <= 1.0 and np.nanmin(logo) >= 0.0


def test_matches_reference_loop():
    from valuation.engines.saas_reference import movements_table_loop

    df, edges = random_ledger(seed=11), month_edges()
    fast = movements_table(df, edges)
    slow = movements_table_loop(df, edges)
    for col in ("start_mrr", "new", "expansion", "contraction", "churn", "reactivation", "end_mrr"):
        assert np.allclose(fast["table"][col].to_numpy(), slow["table"][col], atol=1e-6), col
    for col in ("new_customers", "churn_customers", "customers_start"):
        assert list(fast["table"][col]) == list(slow["table"][col]), col
    assert np.allclose(fast["cohorts"]["logo"].to_numpy(), slow["logo"], equal_nan=True)
    assert np.allclose(fast["cohorts"]["net_mrr"].to_numpy(), slow["net_mrr"], equal_nan=True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": -5}, "amount"),
        ({"amount": float("nan")}, "amount"),
        ({"amount": float("inf")}, "amount"),
        ({"stream": "bitcoin"}, "stream"),
        ({"kind": "upgrade"}, "kind"),
        ({"time": "not a date"}, "time"),
        ({"interval": "one_off"}, "interval"),
    ],
)
def test_bad_rows_rejected(change, field):
    df = issue_example()
    df = df.astype(object)
    for key, value in change.items():
        df.loc[3, key] = value
    with pytest.raises(EngineInputError) as err:
        build_ledger(df)
    assert err.value.field == field


def test_ltv_null_when_no_churn():
    row = movements_table(
        pd.DataFrame([ev("a", "s", "2025-01-02", "subscribe", 10)]), ["2025-01-01", "2025-02-01"]
    )["table"].iloc[0]
    k = period_kpis(row, gross_margin=0.8, sm_spend=50)
    assert k["ltv"]["value"] is None and "churn is 0" in k["ltv"]["reason"]
    assert k["cac"]["value"] == 50
    assert k["cac_payback_months"]["value"] == pytest.approx(50 / 8)


def test_empty_ledger_gives_zero_table():
    out = movements_table(issue_example().iloc[0:0], month_edges(3))
    assert out["table"]["end_mrr"].sum() == 0 and len(out["table"]) == 3
