"""Known answers for the Series A readiness metrics and the cash/runway model (issue 15)."""

import pytest

from valuation.engines import funding as f
from valuation.engines.types import EngineInputError


def ledger(n=15):
    """Hand-made: MRR starts at 100,000 and gains new 10,000, expansion 2,000, loses churn 1,000
    and contraction 1,000 every month (net +10,000); recognised revenue = start MRR; spend per
    month sales 20,000, marketing 10,000, cost of revenue 30,000, R&D 250,000, other 20,000."""
    costs = {"sales": 20_000, "marketing": 10_000, "cogs": 30_000, "rnd": 250_000, "other": 20_000}
    return [
        f.Month(
            period=f"m{i:02d}",
            start_mrr=100_000 + 10_000 * i,
            end_mrr=110_000 + 10_000 * i,
            new=10_000,
            expansion=2_000,
            contraction=1_000,
            churn=1_000,
            revenue=100_000 + 10_000 * i,
            costs=costs,
        )
        for i in range(n)
    ]


def test_burn_multiple_rule_of_40_magic_number_cac_payback_known_answers():
    m = f.metrics_at(ledger(), 14)
    # Last quarter = months 12-14: revenue 220k + 230k + 240k = 690k, spend 3 x 330k = 990k,
    # net burn 300k; net new ARR = (250k - 220k) x 12 = 360k -> burn multiple 300/360.
    assert m["burn_multiple"] == pytest.approx(300_000 / 360_000)
    assert m["net_burn_month"] == pytest.approx(100_000)
    # ARR growth: 250k / 130k (end MRR of month 2) - 1 = 0.923077.
    assert m["arr_growth"] == pytest.approx(250 / 130 - 1)
    # 12 months 3-14: revenue 1.2M + 10k x (3 + ... + 14) = 2.22M; spend 12 x 330k = 3.96M;
    # FCF margin -1.74/2.22 = -0.783784; Rule of 40 = 0.923077 - 0.783784 = 0.139293.
    assert m["fcf_margin"] == pytest.approx(-1.74 / 2.22)
    assert m["rule_of_40"] == pytest.approx(250 / 130 - 1 - 1.74 / 2.22)
    assert m["rule_of_40"] == pytest.approx(0.139293, abs=1e-6)
    # Gross margin (2.22M - 12 x 30k) / 2.22M = 0.837838.
    assert m["gross_margin"] == pytest.approx(1.86 / 2.22)
    # Magic number: 360k net new ARR / previous quarter's S&M 3 x 30k = 4.0.
    assert m["magic_number"] == pytest.approx(4.0)
    # CAC payback: S&M 90k / ((3 x 12k new + expansion MRR) x 0.837838) = 2.9839 months.
    assert m["cac_payback_months"] == pytest.approx(90_000 / (36_000 * 1.86 / 2.22))
    assert m["cac_payback_months"] == pytest.approx(2.9839, abs=1e-4)
    # NRR over 12 months = prod (start + 2k - 2k) / start = 1; GRR = prod (start - 2k) / start.
    assert m["nrr"] == pytest.approx(1.0)
    grr = 1.0
    for i in range(3, 15):
        s = 100_000 + 10_000 * i
        grr *= (s - 2_000) / s
    assert m["grr"] == pytest.approx(grr)
    # LTV:CAC = 36k x GM / (6k churn+contraction / 690k start MRR) / 90k S&M.
    assert m["ltv_cac"] == pytest.approx(36_000 * (1.86 / 2.22) / (6_000 / 690_000) / 90_000)


def test_not_burning_gives_zero_burn_multiple_and_no_runway():
    rows = [
        f.Month("a", 100, 110, new=10, revenue=1_000, costs={"sales": 10}),
        f.Month("b", 110, 120, new=10, revenue=1_000, costs={"sales": 10}),
        f.Month("c", 120, 130, new=10, revenue=1_000, costs={"sales": 10}),
    ]
    m = f.metrics_at(rows, 2, cash=1_000)
    assert m["burn_multiple"] == 0.0 and m["runway_months"] is None
    assert m["nrr"] is None and m["arr_growth"] is None  # under 12 months of history


def test_burning_without_net_new_arr_has_no_burn_multiple():
    rows = [f.Month(str(i), 100, 100, revenue=100, costs={"rnd": 200}) for i in range(3)]
    assert f.metrics_at(rows, 2)["burn_multiple"] is None


BARS = [
    f.Bar("burn_multiple", "Burn multiple", 1.0, False, "Sacks", unit="multiple", priority=3),
    f.Bar("magic_number", "Magic number", 0.75, True, "Scale VP", unit="multiple", priority=9),
    f.Bar("rule_of_40", "Rule of 40", 0.40, True, "Feld", priority=5),
    f.Bar("arr_growth", "ARR growth", 2.0, True, "T2D3", priority=1),
    f.Bar("runway_months", "Runway", 18, True, "VC guidance", unit="months", priority=2),
]


def test_scorecard_status_trend_and_summary():
    card = f.scorecard(ledger(), BARS, cash=1_200_000)
    rows = {r["key"]: r for r in card["rows"]}
    assert rows["burn_multiple"]["status"] == "met"
    assert rows["magic_number"]["status"] == "met"
    assert rows["rule_of_40"]["status"] == "gap"
    assert rows["arr_growth"]["status"] == "gap"
    # Runway 1.2M / 100k = 12 months vs 18: gap; adding 600k cash closes it.
    assert rows["runway_months"]["value"] == pytest.approx(12)
    assert rows["runway_months"]["close_gap"] == "Add 600,000 of cash or cut monthly burn by 33%."
    # A month earlier the cash was 1.2M + month 14's burn (330k - 240k) = 1.29M and the
    # quarter's burn averaged (120k + 110k + 100k) / 3 = 110k: runway 11.727.
    assert rows["runway_months"]["trend"][-2] == pytest.approx(1_290_000 / 110_000)
    assert len(rows["burn_multiple"]["trend"]) == 6
    assert rows["burn_multiple"]["trend"][-1] == pytest.approx(300_000 / 360_000)
    assert card["summary"]["met"] == ["Burn multiple", "Magic number"]
    # The two gaps that matter most: ARR growth (priority 1), then runway (2).
    assert [g["label"] for g in card["summary"]["top_gaps"]] == ["ARR growth", "Runway"]
    assert not card["summary"]["ready"]


def test_status_bands():
    hi = f.Bar("x", "x", 1.0, True, "s")
    lo = f.Bar("y", "y", 10.0, False, "s")
    assert [f.status_of(v, hi) for v in (1.0, 0.8, 0.79, None)] == ["met", "close", "gap", "gap"]
    assert [f.status_of(v, lo) for v in (10, 12, 12.01)] == ["met", "close", "gap"]


def cash_inputs(**over):
    # Spend 200k a month (sales 20k, marketing 40k, cogs 20k, R&D 100k, other 20k), revenue
    # 100k: burn 100k. Round of 2M expected in 6 months, buffer 3.
    kw = {
        "cash": 800_000,
        "revenue": 100_000,
        "costs": {
            "sales": 20_000,
            "marketing": 40_000,
            "cogs": 20_000,
            "rnd": 100_000,
            "other": 20_000,
        },
        "raise_amount": 2_000_000,
        "months_to_close": 6,
        "buffer_months": 3,
    }
    kw.update(over)
    return f.CashInputs(**kw)


def test_runway_under_each_delay_scenario_known_answers():
    plan = f.cash_plan(cash_inputs())
    assert plan["burn"] == pytest.approx(100_000)
    assert plan["runway_months"] == pytest.approx(8.0)
    by = {s["delay_months"]: s for s in plan["scenarios"]}
    # On time: closes in month 6 with 800k - 6 x 100k = 200k left; (200k + 2M) / 100k = 22.
    assert by[0]["survives"] and by[0]["cash_at_close"] == pytest.approx(200_000)
    assert by[0]["runway_after_raise_months"] == pytest.approx(22.0)
    assert by[0]["cash"][5] == pytest.approx(2_200_000)  # the raise lands at the end of month 6
    # 3, 6, 9 months late: cash runs out after 8 months; shortfalls 100k, 400k, 700k.
    assert [by[d]["survives"] for d in (3, 6, 9)] == [False, False, False]
    assert [by[d]["shortfall"] for d in (3, 6, 9)] == pytest.approx([100_000, 400_000, 700_000])
    # Funding delay: runway 8 < 6 + 3 -> fires; margin -1 month.
    assert plan["funding_delay"] and plan["margin_months"] == pytest.approx(-1.0)


def test_levers_restore_runway_and_the_alert_text_names_them():
    plan = f.cash_plan(cash_inputs())
    # Need burn <= 800k / 9 = 88,888.89: cut 11,111.11 a month. People spend (R&D + other)
    # 120k -> 9.26% -> 10%; marketing 40k -> 27.8% -> 28%; both over 160k -> 6.9% -> 7%.
    assert [
        (r["lever"], r["hiring_freeze_pct"], r["marketing_cut_pct"]) for r in plan["restore"]
    ] == [
        ("hiring freeze", 10, 0),
        ("marketing cut", 0, 28),
        ("both", 7, 7),
    ]
    text = f.restore_text(plan["restore"])
    assert "10% hiring freeze" in text and "28% marketing cut" in text
    lev = {r["lever"]: r for r in plan["levers"]}
    assert lev["marketing cut 50%"]["runway_months"] == pytest.approx(800_000 / 80_000)
    # Applying the 10% hiring freeze: burn 88k, runway 9.09 >= 9: the condition clears.
    after = f.cash_plan(cash_inputs(hiring_freeze_pct=10))
    assert after["burn"] == pytest.approx(88_000)
    assert not after["funding_delay"] and after["restore"] == []
    # Exactly at the need does not fire (strict comparison).
    assert not f.cash_plan(cash_inputs(cash=900_000))["funding_delay"]


def test_cash_inputs_are_validated():
    with pytest.raises(EngineInputError) as exc:
        f.cash_plan(cash_inputs(marketing_cut_pct=120))
    assert exc.value.field == "marketing_cut_pct"
    with pytest.raises(EngineInputError):
        f.scorecard([], BARS, cash=None)
