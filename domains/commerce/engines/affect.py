"""Mood targets and affect fit on Russell's valence/arousal plane.

Conventions: valence and arousal are floats in [-1, 1] (negative = unpleasant / calm).
Strategies follow the iso principle and the retail-therapy evidence (Atalay & Meloy 2011):
`regulate` meets a negative mood and leads it somewhere better, `congruent` matches it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

STRATEGIES = ("regulate", "congruent")

# Regulation modes: what the list is trying to do for the person.
CALM = "calm"  # unpleasant and activated (stressed, anxious, angry) -> calm-positive
LIFT = "lift"  # unpleasant and deactivated (sad, lonely, bored) -> gently uplifting
SOOTHE = "soothe"  # unpleasant, mildly activated -> pleasant at the same energy
SUSTAIN = "sustain"  # already pleasant -> keep it
MATCH = "match"  # congruent strategy

MAX_DISTANCE = 2.0 * math.sqrt(2.0)  # diagonal of the [-1, 1]^2 square
CALM_AROUSAL_CEILING = 0.5  # a calming list never contains anything more arousing than this
LIFT_VALENCE_FLOOR = -0.2  # an uplifting list never contains anything gloomier than this


@dataclass(frozen=True)
class Target:
    """Where the list should move the person: a point on the plane and the mode that chose it."""

    valence: float
    arousal: float
    mode: str

    def to_dict(self) -> dict:
        return {"valence": self.valence, "arousal": self.arousal, "mode": self.mode}


def _check_unit(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value) or value < -1.0 or value > 1.0:
        raise ValueError(f"{name} must be a finite number in [-1, 1], got {value!r}")
    return value


def mood_target(valence: float, arousal: float, strategy: str = "regulate") -> Target:
    """Target affect for a current mood (v, a).

    regulate: target valence = max(v, 0.5); if v < 0 and a > 0.3 the target arousal is -0.5
    (calming); if v < 0 and a < 0 it is +0.2 (a gentle lift); otherwise arousal is kept.
    congruent: the target is the mood itself.
    """
    v = _check_unit("valence", valence)
    a = _check_unit("arousal", arousal)
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")
    if strategy == "congruent":
        return Target(v, a, MATCH)
    if v >= 0:
        return Target(max(v, 0.5), a, SUSTAIN)
    if a > 0.3:
        return Target(0.5, -0.5, CALM)
    if a < 0:
        return Target(0.5, 0.2, LIFT)
    return Target(0.5, a, SOOTHE)


def affect_fit(valence: np.ndarray, arousal: np.ndarray, target: Target) -> np.ndarray:
    """Fit in [0, 1]: 1 - euclidean distance to the target / (2*sqrt(2))."""
    dist = np.hypot(np.asarray(valence) - target.valence, np.asarray(arousal) - target.arousal)
    return 1.0 - dist / MAX_DISTANCE


def affect_guard(valence: np.ndarray, arousal: np.ndarray, target: Target) -> np.ndarray:
    """Boolean mask of items allowed at all for this target (hard affect constraint)."""
    valence = np.asarray(valence)
    arousal = np.asarray(arousal)
    if target.mode == CALM:
        return arousal <= CALM_AROUSAL_CEILING
    if target.mode == LIFT:
        return valence >= LIFT_VALENCE_FLOOR
    return np.ones(valence.shape, dtype=bool)


def leads_toward(valence: np.ndarray, arousal: np.ndarray, target: Target) -> np.ndarray:
    """Items that visibly move the person toward the target (used for the first slots).

    calm: arousal < 0 and valence >= 0; lift: valence > 0 and arousal >= 0;
    soothe/sustain: valence >= 0. congruent: everything (no lead is imposed).
    """
    valence = np.asarray(valence)
    arousal = np.asarray(arousal)
    if target.mode == CALM:
        return (arousal < 0) & (valence >= 0)
    if target.mode == LIFT:
        return (valence > 0) & (arousal >= 0)
    if target.mode in (SOOTHE, SUSTAIN):
        return valence >= 0
    return np.ones(valence.shape, dtype=bool)


def describe_affect(valence: float, arousal: float) -> str:
    """A short human word pair for an item's effect, e.g. 'calming, pleasant'."""
    if arousal <= -0.25:
        energy = "calming"
    elif arousal >= 0.25:
        energy = "energising"
    else:
        energy = "steady"
    if valence >= 0.25:
        tone = "uplifting"
    elif valence <= -0.25:
        tone = "sombre"
    else:
        tone = "neutral"
    return f"{energy}, {tone}"


MODE_PHRASES = {
    CALM: "moves a tense mood toward calm",
    LIFT: "offers a gentle lift",
    SOOTHE: "eases the mood without changing its pace",
    SUSTAIN: "keeps a good mood going",
    MATCH: "matches how you feel",
}
