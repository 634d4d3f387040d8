"""Known answers and validation for the valuation methods."""

import math

import pytest

from valuation.engines import methods as m
from valuation.engines.types import EngineInputError, inputs_hash

FCF = [100, 110, 121, 133.1, 146.41]


def test_dcf_gordon_known_answer():
    r = m.dcf_gordon(FCF, discount_rate=0.10, terminal_growth=0.02)
    assert round(r.pv_fcf, 4) == 454.5455
    assert round(r.terminal_value, 4) == 1866.7275
    assert round(r.pv_terminal, 4) == 1159.0909
    assert round(r.enterprise_value, 4) == 1613.6364


@pytest.mark.parametrize("g", [0.10, 0.12])
def test_dcf_rejects_r_not_above_g(g):
    with pytest.raises(EngineInputError) as err:
        m.dcf_gordon(FCF, discount_rate=0.10, terminal_growth=g)
    assert err.value.field == "discount_rate"


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_dcf_rejects_non_finite(bad):
    with pytest.raises(EngineInputError):
        m.dcf_gordon([100, bad], discount_rate=0.1, terminal_growth=0.02)
    with pytest.raises(EngineInputError):
        m.dcf_gordon([100], discount_rate=bad, terminal_growth=0.02)


def test_dcf_exit_multiple():
    r = m.dcf_exit_multiple(FCF, discount_rate=0.10, exit_multiple=10, exit_metric=146.41)
    assert r.terminal_value == pytest.approx(1464.1)
    assert r.enterprise_value == pytest.approx(454.5455 + 1464.1 / 1.61051, abs=1e-3)


def test_revenue_multiple_band():
    r = m.revenue_multiple(1000, p25=3, p50=5, p75=8)
    assert (r["low"], r["value"], r["high"]) == (3000, 5000, 8000)
    with pytest.raises(EngineInputError):
        m.revenue_multiple(1000, p25=6, p50=5, p75=8)


def test_vc_method():
    r = m.vc_method(exit_value=50e6, target_return=0.5, years=5, investment=2e6, dilution=0.3)
    assert r.post_money == pytest.approx(50e6 / 1.5**5)
    assert r.pre_money == pytest.approx(r.post_money - 2e6)
    assert r.ownership_today == pytest.approx(2e6 / r.post_money / 0.7)
    with pytest.raises(EngineInputError):
        m.vc_method(exit_value=50e6, target_return=0.5, years=5, investment=2e6, dilution=1.0)


def test_pwerm_probabilities_must_sum_to_one():
    s = [
        m.Scenario("ipo", 0.2, 1000, 3),
        m.Scenario("sale", 0.5, 400, 2),
        m.Scenario("fail", 0.3, 0, 1),
    ]
    r = m.pwerm(s, discount_rate=0.2)
    assert r["value"] == pytest.approx(0.2 * 1000 / 1.2**3 + 0.5 * 400 / 1.44)
    with pytest.raises(EngineInputError, match="sum to 1"):
        m.pwerm(s[:2], discount_rate=0.2)


def test_blend_weights_validated():
    r = m.blend({"dcf": 100, "multiple": 200}, {"dcf": 0.25, "multiple": 0.75}, "comps are richer")
    assert r["value"] == pytest.approx(175)
    assert r["rationale"] == "comps are richer"
    for bad in ({"dcf": 0.5, "multiple": 0.6}, {"dcf": -0.5, "multiple": 1.5}, {"vc": 1.0}):
        with pytest.raises(EngineInputError):
            m.blend({"dcf": 100, "multiple": 200}, bad)
    with pytest.raises(EngineInputError):
        m.blend({"dcf": 100, "multiple": 200}, {"dcf": math.nan, "multiple": 1})


def test_projection_fades_growth_and_sensitivity_ranks_drivers():
    rows = m.project(m.ProjectionInputs(1000, 0.5, 0.05, 0.0, 0.2))
    assert rows[0].growth == pytest.approx(0.5) and rows[-1].growth == pytest.approx(0.05)
    assert rows[0].revenue == pytest.approx(1500)
    assert rows[-1].margin == pytest.approx(0.2)

    def value(d):
        return m.dcf_gordon(
            [f * d["scale"] for f in FCF], discount_rate=d["r"], terminal_growth=d["g"]
        ).enterprise_value

    ranked = m.sensitivity(
        value,
        {"r": 0.1, "g": 0.02, "scale": 1.0},
        {"r": (0.08, 0.12), "g": (0.01, 0.03), "scale": (0.9, 1.1)},
    )
    assert [s.driver for s in ranked][0] == "r"
    assert ranked[0].swing >= ranked[1].swing >= ranked[2].swing


def test_goal_seek_bisection():
    x = m.goal_seek(
        lambda r: m.dcf_gordon(FCF, discount_rate=r, terminal_growth=0.02).enterprise_value,
        1613.6364,
        0.05,
        0.3,
        tol=1e-6,
    )
    assert x == pytest.approx(0.10, abs=1e-5)
    assert m.goal_seek(lambda x: x, 10, 0, 1) is None


def test_inputs_hash_is_canonical():
    assert inputs_hash({"b": 1.0, "a": [1, 2]}) == inputs_hash({"a": (1, 2), "b": 1.0})
    assert inputs_hash({"a": 1.0}) != inputs_hash({"a": 1.0000001})
