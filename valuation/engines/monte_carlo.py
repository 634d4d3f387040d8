"""Seeded, vectorised Monte Carlo for component and portfolio values.

* `simulate_lognormal`: V_t = V0 exp((mu - sigma^2/2) t + sigma W_t), yearly steps.
* `simulate_component`: three correlated drivers per year (revenue growth, operating margin,
  EV/revenue multiple) joined by a Gaussian copula (Cholesky of the correlation matrix) with
  truncated-normal growth and margin and a lognormal multiple; a portfolio common factor loads
  on the growth shock. Value_t = revenue_t x multiple_t x exp(beta (margin_t - margin_mean)).
* `simulate_portfolio`: monthly geometric Brownian motion per component with a common factor,
  recorded at year ends; chunked so buffers stay in cache, reproducible for a given seed whatever
  the number of worker threads (one spawned generator per chunk).
Randomness always comes in as a seed or numpy Generator. Rates are fractions per year.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from .types import PERCENTILES, EngineInputError, require_finite


def summarise(values: np.ndarray, *, goal: float | None = None, bust: float | None = None) -> dict:
    """Distribution summary of a 1-D sample: P5..P95, mean, std, goal/bust probabilities
    (P(V >= goal), P(V < bust)), expected value below P10 and the P90/P10 spread ratio."""
    v = np.asarray(values, dtype=float)
    qs = np.percentile(v, PERCENTILES)
    out = {f"p{p}": float(q) for p, q in zip(PERCENTILES, qs, strict=True)}
    out["mean"] = float(v.mean())
    out["std"] = float(v.std(ddof=1)) if v.size > 1 else 0.0
    tail = v[v <= qs[1]]
    out["expected_shortfall_p10"] = float(tail.mean()) if tail.size else float(qs[1])
    out["spread_ratio"] = float(qs[5] / qs[1]) if qs[1] > 0 else None
    if goal is not None:
        out["goal"] = float(goal)
        out["goal_probability"] = float(np.mean(v >= goal))
    if bust is not None:
        out["bust"] = float(bust)
        out["bust_probability"] = float(np.mean(v < bust))
    return out


def fan(values_by_year: np.ndarray, *, first_year: int = 1) -> list[dict]:
    """P10/P50/P90 (and P5/P95) per column of a (paths x years) array; the first column is
    year `first_year` (0 when column 0 holds today's value)."""
    qs = np.percentile(values_by_year, [5, 10, 50, 90, 95], axis=0)
    return [
        {
            "year": i + first_year,
            "p5": qs[0, i],
            "p10": qs[1, i],
            "p50": qs[2, i],
            "p90": qs[3, i],
            "p95": qs[4, i],
        }
        for i in range(values_by_year.shape[1])
    ]


def simulate_lognormal(
    v0: float, *, drift: float, sigma: float, years: int, n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    """(n_paths x years) values at each year end of a lognormal process with annual drift/vol."""
    v0 = require_finite("v0", v0)
    drift, sigma = require_finite("drift", drift), require_finite("sigma", sigma)
    if sigma < 0 or years < 1 or n_paths < 1:
        raise EngineInputError("sigma >= 0, years >= 1 and paths >= 1 are required", field="sigma")
    z = rng.standard_normal((n_paths, years))
    return v0 * np.exp(np.cumsum((drift - 0.5 * sigma**2) + sigma * z, axis=1))


@dataclass(frozen=True)
class ComponentDrivers:
    """Distributions of one component's value drivers (annual)."""

    revenue: float  # current ARR
    growth_mean: float
    growth_sd: float
    margin_mean: float
    margin_sd: float
    multiple_median: float  # EV / revenue
    multiple_sd: float  # sd of log multiple
    terminal_growth: float = 0.03  # growth mean fades linearly to this by the last year
    margin_beta: float = 1.0  # log-multiple change per unit of margin above its mean
    corr: tuple[tuple[float, ...], ...] = ((1.0, 0.3, 0.4), (0.3, 1.0, 0.2), (0.4, 0.2, 1.0))
    factor_loading: float = 0.5  # weight of the portfolio common factor in the growth shock
    distribution: str = "truncated"  # growth/margin marginals: "truncated" normal or "normal"
    growth_bounds: tuple[float, float] = (-0.9, 3.0)
    margin_bounds: tuple[float, float] = (-1.0, 0.8)

    def validate(self) -> None:
        for name in (
            "revenue",
            "growth_mean",
            "growth_sd",
            "margin_mean",
            "margin_sd",
            "multiple_median",
            "multiple_sd",
            "terminal_growth",
            "margin_beta",
            "factor_loading",
        ):
            require_finite(name, getattr(self, name))
        if self.revenue < 0 or self.multiple_median < 0:
            raise EngineInputError("revenue and multiple must be >= 0", field="revenue")
        if min(self.growth_sd, self.margin_sd, self.multiple_sd) < 0:
            raise EngineInputError("standard deviations must be >= 0", field="growth_sd")
        if not 0 <= self.factor_loading <= 1:
            raise EngineInputError("factor loading must be in [0, 1]", field="factor_loading")
        if self.distribution not in ("truncated", "normal"):
            raise EngineInputError("distribution must be truncated or normal", field="distribution")
        c = np.asarray(self.corr, dtype=float)
        if c.shape != (3, 3) or not np.allclose(c, c.T) or not np.allclose(np.diag(c), 1):
            raise EngineInputError(
                "correlation must be a symmetric 3x3 with unit diagonal", field="corr"
            )
        if np.linalg.eigvalsh(c).min() <= 0:
            raise EngineInputError("correlation matrix must be positive definite", field="corr")


def _marginal(z, mean, sd, bounds, kind):
    if kind == "normal" or sd == 0:
        return mean + sd * z
    lo, hi = (bounds[0] - mean) / sd, (bounds[1] - mean) / sd
    a, b = ndtr(lo), ndtr(hi)
    u = a + ndtr(z) * (b - a)
    return mean + sd * ndtri(np.clip(u, 1e-12, 1 - 1e-12))


def simulate_component(
    d: ComponentDrivers,
    *,
    years: int,
    n_paths: int,
    rng: np.random.Generator,
    common: np.ndarray | None = None,
) -> dict:
    """Value paths (n_paths x years) and the driver draws; `common` (n_paths x years) is the
    portfolio factor shared across components (drawn here when None)."""
    d.validate()
    if years < 1 or n_paths < 1:
        raise EngineInputError("years and paths must be >= 1", field="years")
    chol = np.linalg.cholesky(np.asarray(d.corr, dtype=float))
    z = rng.standard_normal((n_paths, years, 3)) @ chol.T
    f = rng.standard_normal((n_paths, years)) if common is None else common
    zg = d.factor_loading * f + np.sqrt(1 - d.factor_loading**2) * z[..., 0]
    fade = np.linspace(0.0, 1.0, years) if years > 1 else np.zeros(1)
    g_mean = d.growth_mean + (d.terminal_growth - d.growth_mean) * fade
    growth = _marginal(zg, g_mean, d.growth_sd, d.growth_bounds, d.distribution)
    margin = _marginal(z[..., 1], d.margin_mean, d.margin_sd, d.margin_bounds, d.distribution)
    revenue = d.revenue * np.cumprod(1 + np.maximum(growth, -0.999), axis=1)
    log_mult = np.log(max(d.multiple_median, 1e-300)) + d.multiple_sd * z[..., 2]
    multiple = np.exp(log_mult + d.margin_beta * (margin - d.margin_mean))
    if d.multiple_median == 0:
        multiple = np.zeros_like(multiple)
    return {"values": revenue * multiple, "revenue": revenue, "growth": growth, "margin": margin}


@dataclass(frozen=True)
class PortfolioGBM:
    """Per-component starting values, annual drift, annual volatility and common-factor loading."""

    v0: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    loading: np.ndarray

    def validate(self) -> None:
        arrs = [np.asarray(a, dtype=float) for a in (self.v0, self.mu, self.sigma, self.loading)]
        if len({a.shape for a in arrs}) != 1 or arrs[0].ndim != 1 or arrs[0].size == 0:
            raise EngineInputError(
                "v0, mu, sigma, loading must be equal-length vectors", field="v0"
            )
        if not all(np.all(np.isfinite(a)) for a in arrs):
            raise EngineInputError("portfolio parameters must be finite", field="v0")
        if np.any(arrs[2] < 0) or np.any((arrs[3] < 0) | (arrs[3] > 1)):
            raise EngineInputError("sigma >= 0 and loading in [0, 1] required", field="sigma")


def simulate_portfolio(
    p: PortfolioGBM,
    *,
    months: int,
    n_paths: int,
    seed: int,
    chunk: int = 64,
    workers: int = 1,
) -> dict:
    """Monthly GBM per component with a common factor, recorded at each year end.

    Returns {"portfolio": (n_paths x years) total value, "terminal": (n_paths x components)}.
    The log increment of a year is the sum of its 12 monthly increments, so only year-end sums
    of the monthly draws are kept (identical in law and in value to stepping month by month).
    """
    p.validate()
    if months < 12 or months % 12 or n_paths < 1:
        raise EngineInputError("months must be a positive multiple of 12", field="months")
    years, n = months // 12, len(p.v0)
    dt = 1.0 / 12
    sig = np.asarray(p.sigma, dtype=float)
    rho = np.asarray(p.loading, dtype=float)
    v0 = np.asarray(p.v0, dtype=float)
    drift_y = (np.asarray(p.mu, dtype=float) - 0.5 * sig**2) * 12 * dt
    s_idio = sig * np.sqrt(dt) * np.sqrt(1 - rho**2)
    s_comm = sig * np.sqrt(dt) * rho
    out_port = np.empty((n_paths, years))
    out_term = np.empty((n_paths, n))
    starts = list(range(0, n_paths, chunk))
    seeds = np.random.SeedSequence(seed).spawn(len(starts))

    def run(i: int) -> None:
        a = starts[i]
        m = min(chunk, n_paths - a)
        rng = np.random.Generator(np.random.PCG64(seeds[i]))
        e = rng.standard_normal((m, years, 12, n))
        f = rng.standard_normal((m, years, 12))
        inc = e.sum(axis=2)
        inc *= s_idio
        inc += f.sum(axis=2)[..., None] * s_comm
        inc += drift_y
        np.cumsum(inc, axis=1, out=inc)
        np.exp(inc, out=inc)
        out_port[a : a + m] = inc @ v0
        out_term[a : a + m] = inc[:, -1, :] * v0

    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, range(len(starts))))
    else:
        for i in range(len(starts)):
            run(i)
    return {"portfolio": out_port, "terminal": out_term}
