"""The composite emotional risk score, risk capacity, comfort level and the suggested allocation.

All scores are 0-100. Formula version erp-1.0 (HarmonyHub's own, documented here):
* emotional_risk_score = round_half_up(0.6 * anxiety + 0.4 * (100 - tolerance));
  bands 0-24 low, 25-49 moderate, 50-74 elevated, 75-100 high. Higher = fear is more likely to
  drive decisions.
* capacity = 50% horizon (min(years, 20) / 20) + 30% emergency fund (min(months, 6) / 6)
  + 20% debt (max(0, 1 - debt_to_income / 0.5)), times 100.
* comfort loss (the 6-month fall a person can sit through, as a fraction) =
  0.05 + 0.30 * tolerance/100 * (1 - 0.5 * anxiety/100), clamped to [0.03, 0.35].
* allocation: the largest stock share (5% steps) whose 6-month 5th-percentile loss under the
  capital-market assumptions stays within the comfort loss, then capped at
  20% + 0.8 * capacity; cash is 10% when the emergency fund is under 3 months, else 5%;
  bonds take the rest.
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
    raw = 0.05 + 0.30 * (tolerance / 100.0) * (1.0 - 0.5 * anxiety / 100.0)
    return round(min(0.35, max(0.03, raw)), 4)


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
    six_month_loss_p5: float

    def as_dict(self) -> dict:
        return {"stocks": self.stocks, "bonds": self.bonds, "cash": self.cash}


def allocation(comfort: float, capacity_score: float, emergency_fund_months: float) -> Allocation:
    """Largest stock share within the comfort loss, capped by capacity; see module docstring."""
    cash = 0.10 if emergency_fund_months < 3 else 0.05
    best = 0.0
    for step in range(0, 101, 5):
        stocks = step / 100.0
        if stocks + cash > 1.0:
            break
        if six_month_loss(np.array([stocks, 1.0 - cash - stocks, cash]), ASSUMPTIONS) <= comfort:
            best = stocks
    cap = math.floor((20.0 + 0.8 * capacity_score) / 5.0) * 5.0 / 100.0
    stocks = min(best, cap, 1.0 - cash)
    weights = np.array([stocks, round(1.0 - cash - stocks, 4), cash])
    return Allocation(
        stocks=round(stocks, 4),
        bonds=round(float(weights[1]), 4),
        cash=cash,
        uncapped_stocks=best,
        capped_by_capacity=best > cap,
        six_month_loss_p5=round(six_month_loss(weights, ASSUMPTIONS), 4),
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
