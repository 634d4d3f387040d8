"""The composite emotional risk score, risk capacity, comfort level and the suggested allocation.

All scores are 0-100. Formula version erp-1.0 (HarmonyHub's own, documented here):
* emotional_risk_score = round_half_up(0.6 * anxiety + 0.4 * (100 - tolerance));
  bands 0-24 low, 25-49 moderate, 50-74 elevated, 75-100 high. Higher = fear is more likely to
  drive decisions.
* capacity = 50% horizon (min(years, 20) / 20) + 30% emergency fund (min(months, 6) / 6)
  + 20% debt (max(0, 1 - debt_to_income / 0.5)), times 100.
* comfort loss (the 6-month fall a person can sit through, as a fraction) =
  0.03 + 0.22 * tolerance/100 * (1 - 0.5 * anxiety/100), clamped to [0.03, 0.25].
* allocation: the stocks/bonds/cash mix (5% steps, cash at least 10% when the emergency fund
  is under 3 months, else 5%) with the highest expected return whose 6-month 2.5th-percentile
  loss stays within the comfort loss; stocks then capped at 20% + 0.8 * capacity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .outcomes import ASSUMPTIONS, six_month_loss

TOLERANCE_WORDS = {"low": 25.0, "moderate": 50.0, "high": 75.0}
SCORE_BANDS = ((24, "low"), (49, "moderate"), (74, "elevated"), (100, "high"))
# Downside-to-number anchor points (6-month fall -> 1..99) used for the comfort level scale.
COMFORT_ANCHORS_LOSS = (0.0, 0.015, 0.055, 0.095, 0.15, 0.20, 0.25, 0.35, 0.40, 0.55)
COMFORT_ANCHORS_LEVEL = (1, 20, 35, 50, 70, 85, 90, 95, 97, 99)


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def composite_score(tolerance: float, anxiety: float) -> int:
    """round_half_up(0.6 * anxiety + 0.4 * (100 - tolerance)), inputs 0-100."""
    return round_half_up(0.6 * anxiety + 0.4 * (100.0 - tolerance))


def score_band(score: int) -> str:
    for upper, name in SCORE_BANDS:
        if score <= upper:
            return name
    raise ValueError(f"score {score} outside 0-100")


@dataclass(frozen=True)
class Capacity:
    """Financial ability to bear losses, 0-100, and the inputs (assumed ones flagged)."""

    score: float
    horizon_years: float
    emergency_fund_months: float
    debt_to_income: float
    assumed: tuple[str, ...]


def capacity(
    horizon_years: float | None, emergency_fund_months: float | None, debt_to_income: float | None
) -> Capacity:
    """Capacity 0-100 from horizon, emergency fund and debt; missing inputs take defaults
    (10 years, 3 months, no debt) and are listed in `assumed`."""
    given = {"horizon_years": horizon_years, "emergency_fund_months": emergency_fund_months,
             "debt_to_income": debt_to_income}  # fmt: skip
    assumed = [name for name, value in given.items() if value is None]
    horizon_years = 10.0 if horizon_years is None else horizon_years
    emergency_fund_months = 3.0 if emergency_fund_months is None else emergency_fund_months
    debt_to_income = 0.0 if debt_to_income is None else debt_to_income
    score = 100.0 * (
        0.5 * min(horizon_years, 20.0) / 20.0
        + 0.3 * min(emergency_fund_months, 6.0) / 6.0
        + 0.2 * max(0.0, 1.0 - debt_to_income / 0.5)
    )
    return Capacity(
        round(score, 2), float(horizon_years), float(emergency_fund_months),
        float(debt_to_income), tuple(assumed),
    )  # fmt: skip


def comfort_loss(tolerance: float, anxiety: float) -> float:
    """The 6-month fall (fraction) a person can sit through; see module docstring."""
    raw = 0.03 + 0.22 * (tolerance / 100.0) * (1.0 - 0.5 * anxiety / 100.0)
    return round(min(0.25, max(0.03, raw)), 4)


def comfort_level(loss: float) -> int:
    """A 1-99 comfort level from a 6-month fall, by linear interpolation of the anchor table."""
    return int(round(float(np.interp(loss, COMFORT_ANCHORS_LOSS, COMFORT_ANCHORS_LEVEL))))


@dataclass(frozen=True)
class Allocation:
    """Suggested weights (fractions summing to 1) and how they were reached."""

    stocks: float
    bonds: float
    cash: float
    uncapped_stocks: float
    capped_by_capacity: bool
    six_month_loss_p2_5: float

    def as_dict(self) -> dict:
        return {"stocks": self.stocks, "bonds": self.bonds, "cash": self.cash}


def allocation(comfort: float, capacity_score: float, emergency_fund_months: float) -> Allocation:
    """Highest expected return within the comfort loss, stocks capped by capacity.

    Grid of stocks and bonds in 5% steps with at least the minimum cash; among mixes whose
    6-month 2.5% loss is within `comfort`, the one with the highest expected return wins (the
    lowest-loss mix when none fits). Stocks above the capacity cap move to bonds.
    """
    min_cash = 0.10 if emergency_fund_months < 3 else 0.05
    mean = np.array(ASSUMPTIONS.mean)
    best, best_key = None, None
    for s_step in range(0, 101, 5):
        for b_step in range(0, 101 - s_step, 5):
            w = np.array([s_step / 100, b_step / 100, (100 - s_step - b_step) / 100])
            if w[2] < min_cash - 1e-9:
                continue
            loss = six_month_loss(w, ASSUMPTIONS)
            fits = loss <= comfort
            key = (fits, float(w @ mean) if fits else -loss)
            if best_key is None or key > best_key:
                best, best_key = w, key
    uncapped = float(best[0])
    cap = math.floor((20.0 + 0.8 * capacity_score) / 5.0) * 5.0 / 100.0
    stocks = min(uncapped, cap)
    weights = np.array([stocks, best[1] + (uncapped - stocks), best[2]]).round(4)
    return Allocation(
        stocks=float(weights[0]),
        bonds=float(weights[1]),
        cash=float(weights[2]),
        uncapped_stocks=uncapped,
        capped_by_capacity=uncapped > cap + 1e-9,
        six_month_loss_p2_5=round(six_month_loss(weights, ASSUMPTIONS), 4),
    )


def mood_state(recent: list[tuple[float, float]]) -> dict:
    """Current emotional state from recent (valence, intensity) entries; separate from traits."""
    total = sum(max(0.0, i) for _, i in recent)
    if total <= 0:
        return {"entries": len(recent), "weighted_valence": None, "strongly_negative": False}
    score = sum(v * max(0.0, i) for v, i in recent) / total
    return {
        "entries": len(recent),
        "weighted_valence": round(score, 4),
        "strongly_negative": bool(score <= -0.5 and total >= 1.0),
    }
