"""Known answers for the one consistent projection (issue 15): fans start at today's value,
every year on one scale, and the portfolio fan is the percentiles of the summed paths."""

import numpy as np
import pytest
from scipy.special import ndtr, ndtri

from valuation.engines import pipeline


def assumptions(**over):
    a = {
        "component": "X",
        "revenue": 1_000_000.0,
        "growth": 0.40,
        "growth_source": "test",
        "growth_sd": 0.15,
        "operating_margin": 0.05,
        "target_margin": 0.25,
        "margin_sd": 0.05,
        "gross_margin": 0.75,
        "discount_rate": 0.12,
        "terminal_growth": 0.03,
        "vc_target_return": 0.40,
        "vc_dilution": 0.20,
        "factor_loading": 0.5,
        "weights": {"revenue_multiple": 0.5, "dcf_gordon": 0.3, "vc_method": 0.2},
        "rationale": "comps-led",
        "pwerm_scenarios": [],
        "multiples": {"p25": 2.0, "p50": 4.0, "p75": 8.0, "source": "test"},
    }
    a.update(over)
    return a


def test_year0_p50_is_value_and_percentiles_ordered_every_year():
    a = assumptions()
    out = pipeline.value_component(a, seed=[1, 2], n_paths=4000)
    fan = out["fan"]
    assert [f["year"] for f in fan] == [0, 1, 2, 3, 4, 5]
    assert fan[0]["p50"] == pytest.approx(out["value"], rel=1e-12)
    assert fan[0]["p10"] == fan[0]["p90"] == pytest.approx(out["value"])
    for f in fan:
        assert f["p5"] <= f["p10"] <= f["p50"] <= f["p90"] <= f["p95"]
    assert [p["value_p50"] for p in out["projection"]] == [f["p50"] for f in fan]
    # Same scale every year: year 1's median is today's value times about one year of growth,
    # not a fraction of it (the defect had year-1 P50 at ~0.27 x value).
    assert 1.2 * out["value"] < fan[1]["p50"] < 1.6 * out["value"]


def test_zero_volatility_fan_is_the_documented_growth_line():
    # No volatility in any driver: value_t = value x prod_{s<=t} (1 + g_s), g fading linearly
    # from 40% to 3%: 40%, 30.75%, 21.5%, 12.25%, 3%.
    a = assumptions(growth_sd=0.0, margin_sd=0.0, multiple_sd=0.0)
    out = pipeline.value_component(a, seed=3, n_paths=200)
    v = out["value"]
    expected = [v]
    for g in (0.40, 0.3075, 0.215, 0.1225, 0.03):
        expected.append(expected[-1] * (1 + g))
    for f, e in zip(out["fan"], expected, strict=True):
        assert f["p10"] == pytest.approx(e, rel=1e-9)
        assert f["p50"] == pytest.approx(e, rel=1e-9)
        assert f["p90"] == pytest.approx(e, rel=1e-9)


def test_no_revenue_line_grows_at_the_discount_rate():
    a = assumptions(
        revenue=0.0,
        multiples=None,
        weights={"pwerm": 1.0},
        pwerm_scenarios=[{"name": "sale", "probability": 1.0, "exit_value": 1e6, "years": 2}],
    )
    out = pipeline.value_component(a, seed=3, n_paths=100)
    v = out["value"]
    assert v == pytest.approx(1e6 / 1.12**2)
    assert [f["p50"] for f in out["fan"]] == pytest.approx([v * 1.12**t for t in range(6)])


def _median_growth(mean, sd, lo=-0.9, hi=3.0):
    # Median of the truncated normal the engine draws growth from (monotone in z, median z = 0).
    a, b = ndtr((lo - mean) / sd), ndtr((hi - mean) / sd)
    return mean + sd * ndtri(a + 0.5 * (b - a))


def test_portfolio_year1_p50_closed_form_two_comonotone_components():
    # Loading 1 and only growth noise: both components' year-1 values are increasing functions
    # of the same common draw, so the median of the sum is the sum of the medians:
    # P50_1 = V1 (1 + med g1) + V2 (1 + med g2), med g the truncated-normal median.
    n = 40_000
    common = pipeline.common_factor(11, n_paths=n)
    a1 = assumptions(growth=0.40, growth_sd=0.20, margin_sd=0.0, multiple_sd=0.0, factor_loading=1)
    a2 = assumptions(
        revenue=3e6, growth=0.10, growth_sd=0.05, margin_sd=0.0, multiple_sd=0.0, factor_loading=1
    )
    v1, v2 = 10e6, 20e6
    p1 = pipeline.component_paths(a1, v1, seed=[11, 1], n_paths=n, common=common)["paths"]
    p2 = pipeline.component_paths(a2, v2, seed=[11, 2], n_paths=n, common=common)["paths"]
    fan = pipeline.portfolio_fan([p1, p2])
    assert fan[0]["p50"] == pytest.approx(v1 + v2)
    closed = v1 * (1 + _median_growth(0.40, 0.20)) + v2 * (1 + _median_growth(0.10, 0.05))
    assert fan[1]["p50"] == pytest.approx(closed, rel=2e-3)
    # And at every year the portfolio P50 is the median of the summed paths.
    total = p1 + p2
    for t, f in enumerate(fan):
        assert f["p50"] == pytest.approx(float(np.median(total[:, t])))
        assert f["p10"] <= f["p50"] <= f["p90"]


def test_portfolio_fan_is_not_the_sum_of_component_percentiles_when_independent():
    n = 20_000
    common = pipeline.common_factor(5, n_paths=n)
    a = assumptions(factor_loading=0.0, growth_sd=0.5)
    p1 = pipeline.component_paths(a, 5e6, seed=[5, 1], n_paths=n, common=common)["paths"]
    p2 = pipeline.component_paths(a, 5e6, seed=[5, 2], n_paths=n, common=common)["paths"]
    fan = pipeline.portfolio_fan([p1, p2])
    f1 = np.percentile(p1, 10, axis=0)
    f2 = np.percentile(p2, 10, axis=0)
    # Diversification: the P10 of the sum lies above the sum of the P10s after year 0.
    assert all(fan[t]["p10"] > f1[t] + f2[t] for t in range(1, 6))
    assert fan[5]["p50"] == pytest.approx(float(np.median((p1 + p2)[:, 5])))


def test_common_factor_is_reproducible_from_the_seed():
    a = pipeline.common_factor(7, n_paths=10)
    assert a.shape == (10, pipeline.HORIZON)
    assert np.array_equal(a, pipeline.common_factor(7, n_paths=10))
    assert not np.array_equal(a, pipeline.common_factor(8, n_paths=10))


def test_wide_method_spread_names_its_drivers():
    a = assumptions(growth=1.0, discount_rate=0.10, terminal_growth=0.06)
    out = pipeline.value_component(a, seed=1, n_paths=200)
    sp = out["spread"]
    assert sp["ratio"] > 3 and sp["wide"]
    text = " ".join(sp["drivers"])
    assert "terminal growth close to the discount rate" in text
    assert "1/(10.0% - 6.0%) = 25.0x" in text
    assert sp["weights"] and sp["rationale"] == "comps-led"


def test_narrow_method_spread_lists_no_drivers():
    a = assumptions(
        growth=0.05, operating_margin=0.25, target_margin=0.25, vc_target_return=0.12, vc_dilution=0
    )
    sp = pipeline.value_component(a, seed=1, n_paths=200)["spread"]
    methods = pipeline.deterministic_methods(a)["methods"]
    vals = [m["value"] for m in methods.values() if m.get("value")]
    assert sp["ratio"] == pytest.approx(max(vals) / min(vals))
    assert sp["ratio"] <= 3 and not sp["wide"] and sp["drivers"] == []
