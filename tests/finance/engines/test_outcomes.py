"""Invariants and known values of the allocation and the outcome simulation."""

import numpy as np
import pytest

from domains.finance.engines.outcomes import ASSUMPTIONS, simulate, six_month_loss
from domains.finance.engines.profile import allocation


def test_six_month_loss_known_values():
    # all cash: mean 1%, sd 0.5%/sqrt(2) -> P5 is still a gain -> 0 loss
    assert six_month_loss(np.array([0, 0, 1.0])) == 0.0
    # all stocks: -(0.035 - 1.96 * 0.16 * sqrt(0.5)) = 0.18674
    assert six_month_loss(np.array([1.0, 0, 0])) == pytest.approx(0.18674, abs=1e-4)


def test_allocation_respects_comfort_and_capacity():
    calm = allocation(0.05, 100, 6)
    bold = allocation(0.25, 100, 6)
    assert calm.stocks < bold.stocks
    assert bold.stocks == 0.95 and bold.cash == 0.05
    assert calm.six_month_loss_p2_5 <= 0.05
    capped = allocation(0.25, 0, 1)
    assert capped.stocks == 0.20 and capped.capped_by_capacity and capped.cash == 0.10
    for a in (calm, bold, capped):
        assert a.stocks + a.bonds + a.cash == pytest.approx(1.0)


def test_simulation_is_seeded_and_ordered():
    one = simulate([0.6, 0.35, 0.05], horizon_years=10, comfort=0.15, paths=2000, seed=7)
    two = simulate([0.6, 0.35, 0.05], horizon_years=10, comfort=0.15, paths=2000, seed=7)
    other = simulate([0.6, 0.35, 0.05], horizon_years=10, comfort=0.15, paths=2000, seed=8)
    assert one == two and one != other
    assert one.terminal["p10"] <= one.terminal["p50"] <= one.terminal["p90"]
    assert len(one.fan) == 10
    assert all(f["p10"] <= f["p50"] <= f["p90"] for f in one.fan)
    assert 0 <= one.prob_drawdown_beyond_comfort <= 1


def test_simulation_median_close_to_analytic():
    # Median of a lognormal with drift mu - sigma^2/2 per year: 100 * exp((mu - s^2/2) * T)
    out = simulate([1.0, 0.0, 0.0], horizon_years=20, comfort=0.2, paths=20000, seed=1)
    expected = 100 * np.exp((ASSUMPTIONS.mean[0] - ASSUMPTIONS.vol[0] ** 2 / 2) * 20)
    assert out.terminal["p50"] == pytest.approx(expected, rel=0.04)


def test_cash_never_draws_down_much():
    out = simulate([0.0, 0.0, 1.0], horizon_years=5, comfort=0.05, paths=1000, seed=3)
    assert out.prob_drawdown_beyond_comfort == 0.0 and out.median_max_drawdown < 0.01


def test_bad_weights_and_horizon():
    with pytest.raises(ValueError):
        simulate([0.5, 0.6, 0.0], horizon_years=10, comfort=0.1)
    with pytest.raises(ValueError):
        simulate([0.5, 0.5, 0.0], horizon_years=0, comfort=0.1)
