"""Monte Carlo known answers (issue 4), determinism and invariants."""

import numpy as np
import pytest

from valuation.engines import monte_carlo as mc
from valuation.engines.types import EngineInputError


def test_lognormal_known_answer():
    v = mc.simulate_lognormal(
        1_000_000, drift=0.08, sigma=0.20, years=5, n_paths=100_000, rng=np.random.default_rng(42)
    )
    s = mc.summarise(v[:, -1], bust=1_000_000)
    assert s["p50"] == pytest.approx(1_349_859, rel=0.01)
    assert s["bust_probability"] == pytest.approx(0.2512, rel=0.01)


def test_sigma_zero_collapses_percentiles():
    v = mc.simulate_lognormal(
        1e6, drift=0.08, sigma=0.0, years=5, n_paths=1000, rng=np.random.default_rng(1)
    )
    s = mc.summarise(v[:, -1])
    values = [s[f"p{p}"] for p in (5, 10, 25, 50, 75, 90, 95)]
    assert max(values) - min(values) < 1e-6
    assert values[0] == pytest.approx(1e6 * np.exp(0.4))


def test_same_seed_same_output_and_ordering():
    a = mc.simulate_lognormal(
        1.0, drift=0.1, sigma=0.3, years=5, n_paths=5000, rng=np.random.default_rng(7)
    )
    b = mc.simulate_lognormal(
        1.0, drift=0.1, sigma=0.3, years=5, n_paths=5000, rng=np.random.default_rng(7)
    )
    assert np.array_equal(a, b)
    s = mc.summarise(a[:, -1], goal=2.0, bust=0.5)
    qs = [s[f"p{p}"] for p in (5, 10, 25, 50, 75, 90, 95)]
    assert qs == sorted(qs)
    assert s["expected_shortfall_p10"] <= s["p10"]
    assert 0 <= s["goal_probability"] <= 1
    for row in mc.fan(a):
        assert row["p10"] <= row["p50"] <= row["p90"]


DRIVERS = mc.ComponentDrivers(
    revenue=1_000_000,
    growth_mean=0.4,
    growth_sd=0.15,
    margin_mean=0.1,
    margin_sd=0.05,
    multiple_median=6.0,
    multiple_sd=0.25,
)


def test_component_simulation_reproducible_and_bounded():
    a = mc.simulate_component(DRIVERS, years=5, n_paths=4000, rng=np.random.default_rng(3))
    b = mc.simulate_component(DRIVERS, years=5, n_paths=4000, rng=np.random.default_rng(3))
    assert np.array_equal(a["values"], b["values"])
    assert a["growth"].min() >= -0.9 and a["growth"].max() <= 3.0
    assert a["margin"].min() >= -1.0 and a["margin"].max() <= 0.8
    assert np.all(a["values"] >= 0)
    # median year-1 value near revenue * (1 + growth) * multiple
    assert np.median(a["values"][:, 0]) == pytest.approx(1e6 * 1.4 * 6, rel=0.05)


def test_component_drivers_validated():
    bad = mc.ComponentDrivers(
        **{**DRIVERS.__dict__, "corr": ((1, 0.99, 0.99), (0.99, 1, -0.99), (0.99, -0.99, 1))}
    )
    with pytest.raises(EngineInputError):
        mc.simulate_component(bad, years=5, n_paths=10, rng=np.random.default_rng(0))
    with pytest.raises(EngineInputError):
        mc.simulate_component(
            mc.ComponentDrivers(**{**DRIVERS.__dict__, "growth_sd": float("nan")}),
            years=5,
            n_paths=10,
            rng=np.random.default_rng(0),
        )


def portfolio(n=5):
    return mc.PortfolioGBM(np.full(n, 1e6), np.full(n, 0.08), np.full(n, 0.2), np.full(n, 0.5))


def test_portfolio_reproducible_across_workers():
    a = mc.simulate_portfolio(portfolio(), months=60, n_paths=1000, seed=5, chunk=64, workers=1)
    b = mc.simulate_portfolio(portfolio(), months=60, n_paths=1000, seed=5, chunk=64, workers=2)
    assert np.array_equal(a["portfolio"], b["portfolio"])
    assert a["portfolio"].shape == (1000, 5) and a["terminal"].shape == (1000, 5)


def test_portfolio_matches_lognormal_law():
    out = mc.simulate_portfolio(
        mc.PortfolioGBM(np.array([1e6]), np.array([0.08]), np.array([0.2]), np.array([0.3])),
        months=60,
        n_paths=40_000,
        seed=9,
    )
    assert np.median(out["portfolio"][:, -1]) == pytest.approx(1_349_859, rel=0.015)
    zero = mc.simulate_portfolio(
        mc.PortfolioGBM(np.array([1.0]), np.array([0.05]), np.array([0.0]), np.array([0.0])),
        months=24,
        n_paths=10,
        seed=1,
    )
    assert np.allclose(zero["portfolio"][:, -1], np.exp(0.10))


def test_portfolio_rejects_bad_months():
    with pytest.raises(EngineInputError):
        mc.simulate_portfolio(portfolio(), months=61, n_paths=10, seed=1)
