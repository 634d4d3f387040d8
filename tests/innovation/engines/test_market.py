import math

import pytest

from innovation.engines.market import (
    MarketInputs,
    bass_cumulative,
    bass_forecast,
    bass_peak_time,
    bass_rate,
    di1,
    ecv,
    market_estimate,
    npv,
    rice,
)


def test_ecv_known_answer():
    assert ecv(npv=1000, pcs=0.5, c=100, pts=0.8, d=50) == pytest.approx(270.0)


def test_ecv_rejects_bad_probability():
    with pytest.raises(ValueError):
        ecv(npv=1, pcs=1.5, c=0, pts=0.5, d=0)


def test_bass_peak_known_answer():
    t = bass_peak_time(0.03, 0.38)
    assert t == pytest.approx(6.19, abs=0.01)
    # the density really peaks there
    assert bass_rate(t, 0.03, 0.38) > bass_rate(t - 0.5, 0.03, 0.38)
    assert bass_rate(t, 0.03, 0.38) > bass_rate(t + 0.5, 0.03, 0.38)


def test_bass_cumulative_properties():
    assert bass_cumulative(0, 0.03, 0.38) == 0.0
    vals = [bass_cumulative(t, 0.03, 0.38) for t in range(1, 40)]
    assert all(b > a for a, b in zip(vals, vals[1:], strict=False))
    assert vals[-1] == pytest.approx(1.0, abs=1e-3)
    # F(1) by hand: (1 - e^-0.41) / (1 + (0.38/0.03) e^-0.41)
    e = math.exp(-0.41)
    assert bass_cumulative(1, 0.03, 0.38) == pytest.approx((1 - e) / (1 + 0.38 / 0.03 * e))
    rows = bass_forecast(market=1000, p=0.03, q=0.38, years=3)
    assert sum(r["new"] for r in rows) == pytest.approx(rows[-1]["cumulative"])


def test_npv_and_rice():
    assert npv(cashflows=[110.0, 121.0], rate=0.10) == pytest.approx(200.0)
    assert rice(reach=1000, impact=2, confidence=0.5, effort=4) == pytest.approx(250.0)
    with pytest.raises(ValueError):
        rice(reach=1, impact=1, confidence=1, effort=0)


def test_di1_known_answer():
    # 3 disrupting citers (cite focal only), 1 consolidating (cites focal and its references)
    assert di1(focal_citers={"a", "b", "c", "d"}, reference_citers={"d"}) == pytest.approx(0.5)
    assert di1(focal_citers=set(), reference_citers=set()) == 0.0
    assert di1(focal_citers={"a"}, reference_citers={"a", "k"}) == pytest.approx(-0.5)


def test_market_estimate_in_unit_interval_and_keeps_inputs():
    inputs = MarketInputs(
        adopters=1e5,
        margin=50,
        p=0.03,
        q=0.38,
        discount=0.1,
        dev_cost=4e5,
        launch_cost=2e5,
        trl=5,
        pcs=0.5,
    )
    out = market_estimate(inputs, relevance=0.5)
    assert 0.0 <= out["score"] <= 1.0
    assert out["inputs"]["dev_cost"] == 4e5
    assert out["pts"] == 0.5
    expected = ((out["npv"] * 0.5 - 2e5) * 0.5) - 4e5
    assert out["ecv"] == pytest.approx(expected)
