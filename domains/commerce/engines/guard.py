"""The mindful-spending guard: when to keep recommendations to the lower part of the budget.

Inputs are plain numbers: the latest financial-anxiety component (0-100, from the finance
context's risk assessment, or None) and recent mood entries as (valence in [-1, 1],
intensity in [0, 1]) pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ANXIETY_THRESHOLD = 60.0  # anxiety component at or above which spending is guarded
NEGATIVE_VALENCE_THRESHOLD = -0.5  # intensity-weighted mean valence at or below this
MIN_TOTAL_INTENSITY = 1.0  # a single faint entry is not a pattern
GUARD_FRACTION = 0.5  # keep to the lower half of the budget


@dataclass(frozen=True)
class GuardDecision:
    """Whether the guard is on, why, and how much of the budget stays usable."""

    active: bool
    reasons: tuple[str, ...]
    fraction: float | None
    mood_score: float | None


def weighted_mood(recent: Sequence[tuple[float, float]]) -> tuple[float | None, float]:
    """Intensity-weighted mean valence and the total intensity (None when no weight)."""
    total = sum(max(0.0, float(i)) for _, i in recent)
    if total <= 0:
        return None, 0.0
    return sum(float(v) * max(0.0, float(i)) for v, i in recent) / total, total


def spending_guard(
    *, anxiety: float | None, recent: Sequence[tuple[float, float]]
) -> GuardDecision:
    """On when anxiety >= 60 or the recent mood is strongly negative (<= -0.5, weight >= 1)."""
    reasons = []
    if anxiety is not None and float(anxiety) >= ANXIETY_THRESHOLD:
        reasons.append("high_financial_anxiety")
    score, total = weighted_mood(recent)
    if score is not None and total >= MIN_TOTAL_INTENSITY and score <= NEGATIVE_VALENCE_THRESHOLD:
        reasons.append("strongly_negative_mood")
    active = bool(reasons)
    return GuardDecision(
        active=active,
        reasons=tuple(reasons),
        fraction=GUARD_FRACTION if active else None,
        mood_score=None if score is None else round(score, 4),
    )
