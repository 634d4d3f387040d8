"""Form and harmony: how many bars, which section each belongs to, its cues, key and chord.

Conventions: a piece is intro → theme phrases (A, A', B, A ...) → cadence. Bars are filled while
they fit in the requested duration; the final tonic chord is then held (a fermata) so the piece
lasts exactly that long. For an emotional arc (iso principle) the first quarter of the bars
matches the starting mood, the middle half moves linearly to the target, the last quarter stays
there; the mode of each bar follows the sign of the interpolated lexicon valence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cues import AUTO_TEMPO_RANGE, Affect, Cues, affect_lerp, cues_from_affect, cues_with
from .occasions import Occasion
from .score import PPQ, Bar, Chord, seconds_to_ticks, ticks_to_seconds
from .theory import Key

MAX_BARS = 400

# Four-bar progressions as 0-based scale-degree roots, grouped by the chord they end on. The
# first entry of each group is the most tonic-centred one, used when regenerating strictly.
PROGRESSIONS = {
    "major": {
        "V": ((0, 3, 0, 4), (0, 3, 1, 4), (0, 5, 3, 4)),
        "I": ((0, 3, 4, 0), (0, 1, 4, 0), (0, 5, 4, 0)),
        "IV": ((0, 4, 0, 3), (0, 4, 5, 3), (0, 5, 0, 3)),
    },
    "minor": {
        "V": ((0, 3, 0, 4), (0, 5, 3, 4), (0, 6, 5, 4)),
        "I": ((0, 3, 4, 0), (0, 5, 4, 0), (0, 6, 4, 0)),
        "IV": ((0, 4, 0, 3), (0, 4, 5, 3), (0, 6, 5, 3)),
    },
}
_END_DEGREE = {"V": 4, "I": 0, "IV": 3}


@dataclass(frozen=True)
class Design:
    """Everything the planner needs, already validated and resolved."""

    tonic_pc: int
    start: Affect  # intensity-scaled coordinates at the start of the piece
    target: Affect  # intensity-scaled coordinates of the message's emotion
    start_valence: float  # lexicon valence at the start (decides the mode)
    target_valence: float
    arc: bool
    occasion: Occasion
    duration_s: float
    beats_per_bar: int
    instrument: str
    tempo_override: int | None = None
    mode_override: str | None = None


def arc_position(i: int, n: int, arc: bool) -> float:
    """0 while matching the starting mood, rising linearly to 1, then 1 (iso principle)."""
    if not arc or n < 2:
        return 1.0
    hold = max(1, round(0.25 * n))
    arrive = max(1, round(0.25 * n))
    move = n - hold - arrive
    if i < hold:
        return 0.0
    if i >= n - arrive or move <= 0:
        return 1.0
    return (i - hold + 1) / (move + 1)


def bar_mode(design: Design, t: float) -> str:
    if design.mode_override:
        return design.mode_override
    v = design.start_valence + (design.target_valence - design.start_valence) * t
    return "major" if v >= 0 else "minor"


def bar_cues(design: Design, t: float) -> Cues:
    """The cues of a bar at arc position t, with the occasion's modifiers and the overrides."""
    mode = bar_mode(design, t)
    cues = cues_from_affect(affect_lerp(design.start, design.target, t), mode=mode)
    occ = design.occasion
    if design.tempo_override:
        tempo = design.tempo_override
    else:
        tempo = cues.tempo_bpm + occ.tempo_delta
        if occ.tempo_max is not None:
            tempo = min(tempo, occ.tempo_max)
        tempo = int(min(max(tempo, AUTO_TEMPO_RANGE[0]), AUTO_TEMPO_RANGE[1]))
    return cues_with(
        cues,
        tempo_bpm=tempo,
        velocity=int(min(max(cues.velocity + occ.velocity_delta, 24), 120)),
        articulation=round(min(cues.articulation + occ.articulation_delta, 0.98), 3),
        instrument=design.instrument,
        contour="descending" if occ.motif == "descending_resolve" else cues.contour,
    )


def _piece_seconds(cues: list[Cues], beats: int) -> float:
    return sum(ticks_to_seconds(beats * PPQ, c.tempo_bpm) for c in cues)


def bar_count(design: Design) -> tuple[int, list[Cues]]:
    """The largest number of bars (≥ 2) that fits in the duration, with each bar's cues."""

    def cues_for(n: int) -> list[Cues]:
        return [bar_cues(design, arc_position(i, n, design.arc)) for i in range(n)]

    first, last = bar_cues(design, 0.0), bar_cues(design, 1.0)
    mean_bar = ticks_to_seconds(
        design.beats_per_bar * PPQ, round((first.tempo_bpm + last.tempo_bpm) / 2)
    )
    n = max(2, int(design.duration_s / mean_bar) - 2)
    current = cues_for(n)
    while n > 2 and _piece_seconds(current, design.beats_per_bar) > design.duration_s:
        n -= 1
        current = cues_for(n)
    while n < MAX_BARS:
        bigger = cues_for(n + 1)
        if _piece_seconds(bigger, design.beats_per_bar) > design.duration_s:
            break
        n, current = n + 1, bigger
    return n, current


def sections(n: int) -> list[tuple[str, int, int]]:
    """(section, phrase index, phrase length) per bar for a piece of n ≥ 2 bars."""
    intro = 0 if n < 3 else (1 if n < 10 else 2)
    cadence = 1 if n < 6 else 2
    body = n - intro - cadence
    lengths = [4] * (body // 4)
    if body % 4 == 1 and lengths:
        lengths[-1] += 1
    elif body % 4:
        lengths.append(body % 4)
    names = ("theme", "theme", "development", "reprise")
    out = [("intro", -1, intro)] * intro
    for p, length in enumerate(lengths):
        name = names[p] if p < 4 else ("development" if p % 2 == 0 else "reprise")
        out += [(name, p, length)] * length
    out += [("cadence", len(lengths), cadence)] * cadence
    return out


def _fit(prog: tuple[int, ...], length: int) -> list[int]:
    if length >= 4:
        return [0] * (length - 4) + list(prog)
    return [0] + list(prog[4 - length + 1 :]) if length > 1 else [prog[-1]]


def progression(
    n_phrases: int,
    cadence_bars: int,
    mode_of_phrase: list[str],
    lengths: list[int],
    rng: np.random.Generator,
    strict: bool,
) -> list[list[int]]:
    """Chord roots per body phrase: antecedents end on V, consequents on I, the last phrase
    prepares the cadence (IV before V–I, or V before a one-bar final tonic)."""
    out = []
    for p in range(n_phrases):
        if p == n_phrases - 1:
            end = "IV" if cadence_bars == 2 else "V"
        else:
            end = "V" if p % 2 == 0 else "I"
        bank = PROGRESSIONS[mode_of_phrase[p]][end]
        choice = bank[0] if strict else bank[int(rng.integers(len(bank)))]
        out.append(_fit(choice, lengths[p]))
    return out


def chord_quality(
    root: int, cues: Cues, section: str, rng: np.random.Generator, strict: bool
) -> Chord:
    """Colour a chord: dominant sevenths at cadences, tension tones (♭9, tritone) for negative
    high arousal, 4–3 suspensions for negative low arousal, plain triads otherwise."""
    if section == "intro":
        return Chord(root, "triad")
    if root == 4 and section == "cadence":
        return Chord(4, "dom7b9" if cues.harmony == "tension" else "dom7")
    if cues.harmony == "tension":
        if root == 4:
            return Chord(4, "dom7b9")
        if root == 3 and not strict and rng.random() < 0.5:
            return Chord(1, "dim")
    suspendable = cues.harmony == "suspended" and root != 4 and section != "cadence"
    if suspendable and not strict and rng.random() < 0.5:
        return Chord(root, "sus4")
    return Chord(root, "triad")


def tonic_midi(tonic_pc: int, register: int) -> int:
    """Melody tonic: the tonic pitch class in MIDI 57-68, moved by whole octaves only."""
    base = 57 + (tonic_pc - 57) % 12
    return base + 12 * register


def plan(design: Design, rng: np.random.Generator, *, strict: bool = False) -> list[Bar]:
    """Lay out the bars of the piece (form, cues, key, chord, register, timing)."""
    n, cues = bar_count(design)
    layout = sections(n)
    body = [(p, length) for s, p, length in layout if s not in ("intro", "cadence")]
    phrase_lengths = list(dict(body).values())
    first_bar = {}
    for i, (_s, p, _l) in enumerate(layout):
        first_bar.setdefault(p, i)
    phrase_modes = [cues[first_bar[p]].mode for p in range(len(phrase_lengths))]
    cadence_bars = sum(1 for s, _, _ in layout if s == "cadence")
    intro_bars = sum(1 for s, _, _ in layout if s == "intro")
    progs = progression(
        len(phrase_lengths), cadence_bars, phrase_modes, phrase_lengths, rng, strict
    )
    roots = [0, 4][:intro_bars] if intro_bars else []
    for prog in progs:
        roots += prog
    roots += [4, 0] if cadence_bars == 2 else [0]

    bars: list[Bar] = []
    tick = 0
    bar_ticks = design.beats_per_bar * PPQ
    for i, (section, phrase, length) in enumerate(layout):
        c = cues[i]
        position = i - first_bar[phrase]
        register = cues[first_bar[phrase]].register
        chord = chord_quality(roots[i], c, section, rng, strict)
        ticks = bar_ticks
        if i == n - 1:
            remaining = design.duration_s - _piece_seconds(cues, design.beats_per_bar)
            ticks += max(0, seconds_to_ticks(remaining, c.tempo_bpm))
        bars.append(
            Bar(
                index=i,
                section=section,
                phrase=phrase,
                position=position,
                phrase_length=length,
                key=Key(design.tonic_pc, c.mode),
                cues=c,
                chord=chord,
                tonic_midi=tonic_midi(design.tonic_pc, register),
                start_tick=tick,
                ticks=ticks,
            )
        )
        tick += ticks
    return bars
