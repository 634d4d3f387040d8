"""Occasions: what a message is for, and how that modifies (never overturns) the emotion's cues.

An occasion may slow down, soften, change metre, pick a motif or a default instrument, or cap
the intensity; it never changes the mode, which belongs to the emotion's valence. An emotion
outside the occasion's valence/arousal window (joy for a condolence) is a conflict, refused
unless the caller forces it. Ranges are on the emotion's lexicon coordinates in [-1, 1].
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Occasion:
    """One supported occasion with its modifiers."""

    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    valence_range: tuple[float, float] = (-1.0, 1.0)
    arousal_range: tuple[float, float] = (-1.0, 1.0)
    tempo_delta: int = 0
    tempo_max: int | None = None
    intensity_max: float | None = None
    velocity_delta: int = 0
    articulation_delta: float = 0.0
    beats_per_bar: int | None = None
    motif: str | None = None  # rising_fourth | fanfare | rising | descending_resolve
    instrument: str | None = None
    arc_from: tuple[float, float, float] | None = None  # default iso-principle start (VAD)
    crescendo: bool = False
    why: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "synonyms": list(self.synonyms),
            "valence_range": list(self.valence_range),
            "arousal_range": list(self.arousal_range),
            "why": self.why,
        }


OCCASIONS: dict[str, Occasion] = {
    o.name: o
    for o in (
        Occasion(
            "none",
            "No particular occasion",
            ("just because", "general", "no occasion", "other", "any"),
            why="no occasion modifiers",
        ),
        Occasion(
            "celebration",
            "Celebration",
            ("party", "celebrate", "festive", "holiday", "new year", "christmas"),
            valence_range=(-0.2, 1.0),
            tempo_delta=5,
            motif="fanfare",
            why="celebrations get a slightly quicker tempo and an open-fifth fanfare motif",
        ),
        Occasion(
            "birthday",
            "Birthday",
            ("bday", "happy birthday", "birth day"),
            valence_range=(-0.2, 1.0),
            tempo_delta=5,
            motif="rising_fourth",
            why="+5 BPM and a rising-fourth opening, the gesture of a birthday greeting",
        ),
        Occasion(
            "anniversary",
            "Anniversary / love",
            ("love", "valentine", "romance", "valentines day"),
            valence_range=(-0.1, 1.0),
            arousal_range=(-1.0, 0.75),
            beats_per_bar=3,
            articulation_delta=0.05,
            tempo_delta=-4,
            why="tenderness: waltz metre (3/4), more legato and a touch slower",
        ),
        Occasion(
            "wedding",
            "Wedding",
            ("marriage", "engagement"),
            valence_range=(0.0, 1.0),
            beats_per_bar=3,
            articulation_delta=0.03,
            motif="rising",
            why="a lifting waltz: 3/4 metre and a rising opening line",
        ),
        Occasion(
            "congratulations",
            "Congratulations",
            ("congrats", "well done", "graduation", "promotion", "achievement"),
            valence_range=(0.0, 1.0),
            tempo_delta=5,
            motif="fanfare",
            instrument="brass",
            why="a brass fanfare in perfect fourths and fifths, slightly quicker",
        ),
        Occasion(
            "condolence",
            "Condolence",
            ("sympathy", "loss", "funeral", "bereavement", "mourning", "in memory"),
            arousal_range=(-1.0, 0.45),
            intensity_max=0.6,
            tempo_max=70,
            velocity_delta=-5,
            articulation_delta=0.05,
            why="restraint: intensity at most 0.6, at most 70 BPM, soft and legato",
        ),
        Occasion(
            "apology",
            "Apology",
            ("sorry", "forgive me", "my apologies", "i am sorry"),
            valence_range=(-1.0, 0.7),
            arousal_range=(-1.0, 0.6),
            velocity_delta=-10,
            motif="descending_resolve",
            why="soft dynamics and a descending phrase that resolves upward at the end",
        ),
        Occasion(
            "get_well",
            "Get well",
            ("get well soon", "recovery", "feel better", "getwell", "get well"),
            valence_range=(-0.8, 1.0),
            velocity_delta=-5,
            arc_from=(0.55, -0.65, 0.3),
            why="iso principle: starts calm and gently moves towards the chosen mood",
        ),
        Occasion(
            "thank_you",
            "Thank you",
            ("thanks", "thank you", "thankyou", "gratitude", "appreciation"),
            valence_range=(0.0, 1.0),
            articulation_delta=0.03,
            why="warm and connected: a little more legato",
        ),
        Occasion(
            "encouragement",
            "Encouragement",
            ("good luck", "you can do it", "motivation", "support", "cheer up"),
            valence_range=(-0.3, 1.0),
            tempo_delta=4,
            motif="rising",
            crescendo=True,
            why="a rising opening line and a crescendo through the piece",
        ),
        Occasion(
            "farewell",
            "Farewell",
            ("goodbye", "leaving", "bon voyage", "retirement"),
            tempo_delta=-5,
            articulation_delta=0.03,
            motif="descending_resolve",
            why="a slightly slower, settling line that still resolves upward",
        ),
        Occasion(
            "new_baby",
            "New baby / lullaby",
            ("lullaby", "newborn", "baby", "birth"),
            valence_range=(0.0, 1.0),
            arousal_range=(-1.0, 0.6),
            beats_per_bar=3,
            tempo_max=80,
            velocity_delta=-10,
            articulation_delta=0.05,
            instrument="music box",
            why="a lullaby: rocking 3/4, at most 80 BPM, soft music-box colour",
        ),
    )
}


class UnknownOccasion(ValueError):
    """An occasion word that matches no occasion or synonym."""

    def __init__(self, word: str, suggestions: list[str]):
        self.word = word
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown occasion '{word}'.{hint} Supported: {', '.join(OCCASIONS)}.")


class OccasionConflict(ValueError):
    """The emotion does not fit the occasion (e.g. joy for a condolence)."""


def _normalise(word: str) -> str:
    return " ".join(str(word).strip().lower().replace("_", " ").replace("-", " ").split())


_INDEX: dict[str, str] = {}
for _occ in OCCASIONS.values():
    for _word in (_occ.name, _occ.label, *_occ.synonyms):
        _INDEX.setdefault(_normalise(_word), _occ.name)


def occasion_resolve(word: str | None) -> Occasion:
    """Occasion by name, label or synonym; near-miss typos resolve (difflib ratio ≥ 0.8)."""
    key = _normalise(word or "none")
    if key in _INDEX:
        return OCCASIONS[_INDEX[key]]
    close = difflib.get_close_matches(key, list(_INDEX), n=5, cutoff=0.8)
    owners = {_INDEX[c] for c in close}
    if len(owners) == 1:
        return OCCASIONS[owners.pop()]
    loose = difflib.get_close_matches(key, list(_INDEX), n=8, cutoff=0.5)
    suggestions: list[str] = []
    for c in loose:
        if _INDEX[c] not in suggestions:
            suggestions.append(_INDEX[c])
    raise UnknownOccasion(str(word)[:64], suggestions[:3])


def occasion_conflict(occasion: Occasion, valence: float, arousal: float) -> str | None:
    """Why this emotion (lexicon coordinates) does not fit the occasion, or None if it fits."""
    lo, hi = occasion.valence_range
    if not lo <= valence <= hi:
        side = "too negative" if valence < lo else "too positive"
        return (
            f"valence {valence:+.2f} is {side} for {occasion.label.lower()} "
            f"(fits {lo:+.2f} to {hi:+.2f})"
        )
    lo, hi = occasion.arousal_range
    if not lo <= arousal <= hi:
        side = "too calm" if arousal < lo else "too energetic"
        return (
            f"arousal {arousal:+.2f} is {side} for {occasion.label.lower()} "
            f"(fits {lo:+.2f} to {hi:+.2f})"
        )
    return None
