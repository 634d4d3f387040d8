"""Growth and risk on a value history, and portfolio concentration.

Returns are simple returns V_t/V_{t-1} - 1. Historical VaR at confidence a is
VaR_a = -Q_{1-a}(returns) with Q the empirical quantile using linear interpolation between
order statistics (numpy default, Hyndman-Fan type 7), reported as a positive loss fraction;
ES_a is minus the mean of the returns at or below Q_{1-a}.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from .types import EngineInputError


def pct_change(new: float, old: float | None) -> float | None:
    """new / old - 1, or None without a positive baseline."""
    if old is None or old <= 0:
        return None
    return new / old - 1


def changes(history: Sequence[tuple[date, float]], as_of: date) -> dict:
    """Day, month (30 days) and year (365 days) changes against the latest value on or before
    each lookback date."""
    pts = sorted(history)
    if not pts:
        return {"day": None, "month": None, "year": None}
    current = next((v for d, v in reversed(pts) if d <= as_of), None)

    def value_on(day: date):
        return next((v for d, v in reversed(pts) if d <= day), None)

    if current is None:
        return {"day": None, "month": None, "year": None}
    return {
        name: pct_change(current, value_on(as_of - timedelta(days=days)))
        for name, days in (("day", 1), ("month", 30), ("year", 365))
    }


def cagr(start: float, end: float, years: float) -> float | None:
    """(end / start)^(1/years) - 1; None when start <= 0, end < 0 or years <= 0."""
    if start <= 0 or end < 0 or years <= 0:
        return None
    return (end / start) ** (1 / years) - 1


def max_drawdown(values: Sequence[float]) -> float:
    """min_t (V_t - max_{s<=t} V_s) / max_{s<=t} V_s, a number <= 0 (0 for empty/monotone)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return 0.0
    peak = np.maximum.accumulate(v)
    with np.errstate(divide="ignore", invalid="ignore"):
        dd = np.where(peak > 0, (v - peak) / peak, 0.0)
    return float(dd.min())


def returns(values: Sequence[float]) -> np.ndarray:
    """Simple returns of consecutive positive values."""
    v = np.asarray(values, dtype=float)
    if v.size < 2:
        return np.zeros(0)
    prev, cur = v[:-1], v[1:]
    ok = prev > 0
    return cur[ok] / prev[ok] - 1


def var_es(rets: Sequence[float], confidence: float = 0.95) -> dict:
    """Historical VaR and ES (positive loss fractions) at `confidence`; None with < 2 returns."""
    if not 0 < confidence < 1:
        raise EngineInputError("confidence must be in (0, 1)", field="confidence")
    r = np.asarray(rets, dtype=float)
    r = r[np.isfinite(r)]
    if r.size < 2:
        return {"var": None, "es": None, "confidence": confidence, "observations": int(r.size)}
    q = float(np.quantile(r, 1 - confidence))
    tail = r[r <= q]
    return {
        "var": -q,
        "es": float(-tail.mean()),
        "confidence": confidence,
        "observations": int(r.size),
    }


def hhi(values: Sequence[float]) -> float | None:
    """Herfindahl-Hirschman index sum w_i^2 of value weights, in [1/n, 1]; None if total <= 0."""
    v = np.clip(np.asarray(values, dtype=float), 0, None)
    total = v.sum()
    if total <= 0:
        return None
    w = v / total
    return float(np.sum(w * w))


def runway_months(cash: float, monthly_opex: float, monthly_revenue: float) -> float | None:
    """cash / (opex - revenue) per month; None (infinite) when not burning cash."""
    burn = monthly_opex - monthly_revenue
    if burn <= 0:
        return None
    return max(cash, 0.0) / burn


def risk_block(
    history: Sequence[tuple[date, float]], as_of: date, confidence: float = 0.95
) -> dict:
    """Everything the daily report shows about a value history."""
    pts = sorted((d, v) for d, v in history if d <= as_of)
    vals = [v for _, v in pts]
    out = {"changes": changes(pts, as_of), "max_drawdown": max_drawdown(vals)}
    out.update(var_es(returns(vals), confidence))
    # Annualising a shorter span exaggerates it, so CAGR needs a year of history.
    if len(pts) >= 2 and (pts[-1][0] - pts[0][0]).days >= 365:
        out["cagr"] = cagr(pts[0][1], pts[-1][1], (pts[-1][0] - pts[0][0]).days / 365.25)
    else:
        out["cagr"] = None
    return out
