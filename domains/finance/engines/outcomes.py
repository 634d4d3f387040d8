"""Outcome simulation of a stocks/bonds/cash allocation.

Capital-market assumptions v1 (nominal, per year; HarmonyHub's own round numbers, not a
forecast): stocks mean 7%, volatility 16%; bonds 3.5%, 6%; cash 2%, 0.5%; correlations
stocks-bonds 0.1, stocks-cash 0.0, bonds-cash 0.2. A continuously rebalanced portfolio with
weights w follows geometric Brownian motion with mu_p = w.mu and sigma_p^2 = w' Sigma w; it is
simulated on monthly steps (log-return mean (mu_p - sigma_p^2/2)/12, sd sigma_p/sqrt(12)) and
the maximum drawdown is tracked on those month ends.
Randomness comes from `numpy.random.default_rng(seed)`; the same seed gives the same paths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_975 = 1.959963984540054  # the 2.5% tail: the bottom of a 95% range


@dataclass(frozen=True)
class Assumptions:
    """Annual means, volatilities and correlations of stocks, bonds and cash."""

    version: str
    mean: tuple[float, float, float]
    vol: tuple[float, float, float]
    corr: tuple[tuple[float, float, float], ...]

    def covariance(self) -> np.ndarray:
        vol = np.array(self.vol)
        return np.outer(vol, vol) * np.array(self.corr)


ASSUMPTIONS = Assumptions(
    version="cma-1",
    mean=(0.07, 0.035, 0.02),
    vol=(0.16, 0.06, 0.005),
    corr=((1.0, 0.1, 0.0), (0.1, 1.0, 0.2), (0.0, 0.2, 1.0)),
)


def six_month_loss(weights: np.ndarray, a: Assumptions = ASSUMPTIONS) -> float:
    """Analytic 6-month 2.5th-percentile loss (positive fraction; 0 if even that is a gain)."""
    w = np.asarray(weights, dtype=float)
    mean = 0.5 * float(w @ np.array(a.mean))
    sd = float(np.sqrt(0.5 * w @ a.covariance() @ w))
    return max(0.0, -(mean - Z_975 * sd))


@dataclass(frozen=True)
class Outcomes:
    """Percentiles of the terminal value, a yearly fan and drawdown probabilities."""

    horizon_years: int
    paths: int
    terminal: dict
    fan: list
    prob_drawdown_beyond_comfort: float
    prob_loss_at_horizon: float
    median_max_drawdown: float


def simulate(
    weights, *, horizon_years: int, comfort: float, paths: int = 10_000, seed: int = 0,
    start: float = 100.0, a: Assumptions = ASSUMPTIONS,
) -> Outcomes:  # fmt: skip
    """Simulate monthly wealth paths; report P10/P50/P90 terminal values (start = 100),
    the yearly fan, P(max drawdown > comfort) and P(terminal < start)."""  # noqa: D401
    w = np.asarray(weights, dtype=float)
    if w.shape != (3,) or np.any(w < 0) or abs(w.sum() - 1.0) > 1e-6:
        raise ValueError("weights must be three non-negative fractions summing to 1")
    if not 1 <= horizon_years <= 60 or paths < 100:
        raise ValueError("horizon_years must be 1-60 and paths >= 100")
    rng = np.random.default_rng(seed)
    mu_p = float(w @ np.array(a.mean))
    sigma_p = float(np.sqrt(w @ a.covariance() @ w))
    drift = (mu_p - 0.5 * sigma_p**2) / 12.0
    vol = sigma_p / np.sqrt(12.0)
    log_wealth = np.full(paths, np.log(start))
    below_peak = np.zeros(paths, dtype=np.float32)  # log distance under the running peak, >= 0
    max_dd_log = np.zeros(paths, dtype=np.float32)
    yearly = np.empty((horizon_years, paths))
    for year in range(horizon_years):
        # One year of months at a time, months as rows (row-wise cumsum/accumulate vectorise
        # well). Within the year everything is relative to its start, in float32; the level
        # itself is carried in float64. Drawdown at month m:
        # max(below_peak - r_m, max_{k<=m} r_k - r_m).
        rel = rng.standard_normal((12, paths), dtype=np.float32)
        rel *= np.float32(vol)
        rel += np.float32(drift)
        np.cumsum(rel, axis=0, out=rel)
        drawdown = np.maximum.accumulate(rel, axis=0)
        np.maximum(drawdown, below_peak, out=drawdown)
        drawdown -= rel
        np.maximum(max_dd_log, drawdown.max(axis=0), out=max_dd_log)
        below_peak = drawdown[-1]
        log_wealth = log_wealth + rel[-1]
        yearly[year] = np.exp(log_wealth)
    wealth = yearly[-1]
    max_dd = 1.0 - np.exp(-max_dd_log.astype(np.float64))
    qs = np.percentile(yearly, [10, 50, 90], axis=1)
    fan = [
        {"year": y + 1, "p10": round(float(qs[0, y]), 2), "p50": round(float(qs[1, y]), 2),
         "p90": round(float(qs[2, y]), 2)}
        for y in range(horizon_years)
    ]  # fmt: skip
    return Outcomes(
        horizon_years=horizon_years,
        paths=paths,
        terminal={"p10": fan[-1]["p10"], "p50": fan[-1]["p50"], "p90": fan[-1]["p90"]},
        fan=fan,
        prob_drawdown_beyond_comfort=round(float(np.mean(max_dd > comfort)), 4),
        prob_loss_at_horizon=round(float(np.mean(wealth < start)), 4),
        median_max_drawdown=round(float(np.median(max_dd)), 4),
    )
