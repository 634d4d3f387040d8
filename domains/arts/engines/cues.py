"""Emotion → musical cues: the mapping from valence/arousal/dominance to composition settings.

Conventions: valence, arousal and dominance (VAD) are each in [-1, 1]. Intensity is in [0, 1]; the
default 0.8 plays the emotion at its lexicon coordinates, other values scale its distance from
neutral by intensity / 0.8 (clipped to the unit cube). The rules are linear (Eerola, Friberg &
Bresin 2013 found cues act additively and mostly linearly) and follow the directions in
Gabrielsson & Lindström 2010 (G&L), Eerola et al. 2013 (E13), Micallef Grimaud & Eerola's
EmoteControl (MG) and the structural patterns of PMC7396614 Table 3 (P3). Tempo in BPM (quarter
notes per minute), velocity in MIDI units 1-127, articulation = sounding fraction of the
inter-onset interval, density = melody notes per beat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

DEFAULT_INTENSITY = 0.8
TEMPO_RANGE = (40, 200)
AUTO_TEMPO_RANGE = (50, 160)


@dataclass(frozen=True)
class Affect:
    """A point in valence/arousal/dominance space, each coordinate in [-1, 1]."""

    valence: float
    arousal: float
    dominance: float

    def __post_init__(self):
        for name in ("valence", "arousal", "dominance"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or math.isnan(value) or not -1 <= value <= 1:
                raise ValueError(f"{name} must be a number in [-1, 1]")


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def affect_scale(affect: Affect, intensity: float) -> Affect:
    """Scale the distance from neutral by intensity / 0.8 (0 → neutral, 0.8 → unchanged)."""
    f = intensity / DEFAULT_INTENSITY
    return Affect(
        *(
            _clip(round(c * f, 6), -1.0, 1.0)
            for c in (affect.valence, affect.arousal, affect.dominance)
        )
    )


def affect_lerp(a: Affect, b: Affect, t: float) -> Affect:
    """Linear interpolation a → b at t in [0, 1] (monotone in every coordinate)."""
    return Affect(
        *(
            round(x + (y - x) * t, 6)
            for x, y in ((a.valence, b.valence), (a.arousal, b.arousal), (a.dominance, b.dominance))
        )
    )


@dataclass(frozen=True)
class Instrument:
    """A General MIDI program with the synthesis family the WAV renderer uses for it."""

    name: str
    program: int
    family: str  # piano | plucked | bowed | tremolo | wind | brass | distorted | mallet | bass


INSTRUMENTS: dict[str, Instrument] = {
    i.name: i
    for i in (
        Instrument("piano", 0, "piano"),
        Instrument("electric piano", 4, "piano"),
        Instrument("music box", 10, "mallet"),
        Instrument("marimba", 12, "mallet"),
        Instrument("nylon guitar", 24, "plucked"),
        Instrument("distortion guitar", 30, "distorted"),
        Instrument("acoustic bass", 32, "bass"),
        Instrument("electric bass", 33, "bass"),
        Instrument("cello", 42, "bowed"),
        Instrument("tremolo strings", 44, "tremolo"),
        Instrument("harp", 46, "plucked"),
        Instrument("strings", 48, "bowed"),
        Instrument("trumpet", 56, "brass"),
        Instrument("brass", 61, "brass"),
        Instrument("oboe", 68, "wind"),
        Instrument("clarinet", 71, "wind"),
        Instrument("flute", 73, "wind"),
    )
}
MELODY_INSTRUMENTS = tuple(n for n, i in INSTRUMENTS.items() if i.family != "bass")

# Timbre prototypes: the melody instrument is the one whose prototype emotion is nearest in VAD.
TIMBRE_PROTOTYPES: tuple[tuple[str, tuple[float, float, float], str, str], ...] = (
    ("joy", (0.8, 0.55, 0.45), "piano", "bright, clear attack (G&L: bright timbre ~ happiness)"),
    ("excitement", (0.7, 0.85, 0.4), "marimba", "percussive, bright and quick"),
    ("pride", (0.7, 0.45, 0.8), "brass", "brass carries power and triumph (MG 'power')"),
    ("love", (0.9, 0.35, 0.3), "flute", "soft, breathy and singing"),
    ("tenderness", (0.7, -0.3, 0.05), "nylon guitar", "soft plucked tone (G&L: soft timbre)"),
    ("calm", (0.55, -0.65, 0.3), "harp", "gentle plucked arpeggios, no sharp edges"),
    ("nostalgia", (0.1, -0.3, -0.05), "clarinet", "warm, slightly veiled reed"),
    ("sadness", (-0.75, -0.4, -0.4), "cello", "dark, low bowed tone (MG: dark timbre)"),
    ("fatigue", (-0.3, -0.8, -0.3), "strings", "muted sustained strings"),
    ("anger", (-0.7, 0.8, 0.55), "distortion guitar", "harsh, bright, loud (G&L: sharp timbre)"),
    ("fear", (-0.75, 0.75, -0.7), "tremolo strings", "trembling strings, unstable"),
    ("surprise", (0.25, 0.75, 0.0), "marimba", "percussive and sudden"),
    ("neutral", (0.0, 0.0, 0.0), "piano", "neutral, balanced timbre"),
)


@dataclass(frozen=True)
class Cues:
    """Every musical setting the composer needs, derived from one point in VAD space."""

    tempo_bpm: int
    mode: str
    register: int  # octaves above/below the middle register (-1, 0, +1)
    velocity: int
    velocity_spread: float  # standard deviation of per-note velocity
    articulation: float
    density: float
    harmony: str  # diatonic | suspended | tension
    contour: str  # ascending | arch | descending
    max_leap: int  # largest melodic step in scale degrees
    chord_pattern: str  # sustained | pulsed | arpeggio
    irregularity: float  # probability of a rest replacing a weak-beat note
    instrument: str

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def tempo_rule(a: Affect) -> float:
    """88 + 45·arousal + 12·valence BPM, clamped to [50, 160]."""
    return _clip(88 + 45 * a.arousal + 12 * a.valence, *AUTO_TEMPO_RANGE)


def velocity_rule(a: Affect) -> float:
    """64 + 35·arousal + 8·valence + 8·dominance, clamped to [30, 115]; fear (low dominance,
    high arousal) loses up to 15 and gains spread."""
    v = 64 + 35 * a.arousal + 8 * a.valence + 8 * a.dominance
    if a.arousal > 0.3 and a.dominance < -0.2:
        v -= 15 * min(1.0, -a.dominance / 0.7)
    return _clip(v, 30, 115)


def register_rule(a: Affect) -> int:
    """Octave offset from 0.5·valence + 0.5·arousal: +1 above 0.3, −1 below −0.3 (whole octaves
    so the tonic, and with it the key signature, stays true); low dominance lifts fear up."""
    s = 0.5 * a.valence + 0.5 * a.arousal
    if a.arousal > 0.3 and a.dominance < -0.3:
        s += 0.3
    return 1 if s > 0.3 else (-1 if s < -0.3 else 0)


def density_rule(a: Affect) -> float:
    """Melody notes per beat: 0.5 below arousal −0.6, 1 below 0, 2 up to 0.7, 4 above."""
    if a.arousal < -0.6:
        return 0.5
    if a.arousal < 0:
        return 1.0
    return 4.0 if a.arousal > 0.7 else 2.0


def articulation_rule(a: Affect) -> float:
    """0.95 − 0.35·max(arousal, 0): legato when calm, detached when aroused; fear −0.1."""
    art = 0.95 - 0.35 * max(a.arousal, 0.0)
    if a.arousal > 0.3 and a.dominance < -0.3:
        art -= 0.1
    return round(_clip(art, 0.45, 0.98), 3)


def harmony_rule(a: Affect, mode: str) -> str:
    if mode == "major" or a.valence >= 0:
        return "diatonic"
    return "tension" if a.arousal > 0.5 else "suspended"


def instrument_rule(a: Affect) -> tuple[str, str, str]:
    """(instrument, prototype emotion, reason) nearest in VAD space."""

    def dist(p):
        v, ar, d = p[1]
        return (v - a.valence) ** 2 + (ar - a.arousal) ** 2 + 0.5 * (d - a.dominance) ** 2

    proto = min(TIMBRE_PROTOTYPES, key=dist)
    return proto[2], proto[0], proto[3]


def cues_from_affect(affect: Affect, *, mode: str) -> Cues:
    """The cue settings for one VAD point. `mode` comes from the emotion's own valence sign so
    that a low intensity never flips it."""
    a = affect
    contour = "ascending" if a.valence > 0.3 else ("descending" if a.valence < -0.3 else "arch")
    if a.arousal > 0.5:
        pattern = "pulsed"
    elif a.arousal < -0.2 and a.valence > 0:
        pattern = "arpeggio"
    else:
        pattern = "sustained"
    fear_like = a.arousal > 0.3 and a.dominance < -0.3
    return Cues(
        tempo_bpm=int(round(tempo_rule(a))),
        mode=mode,
        register=register_rule(a),
        velocity=int(round(velocity_rule(a))),
        velocity_spread=round(3.0 + (9.0 if fear_like else 0.0) + 3.0 * max(a.arousal, 0), 3),
        articulation=articulation_rule(a),
        density=density_rule(a),
        harmony=harmony_rule(a, mode),
        contour=contour,
        max_leap=2 if a.arousal < 0 else (4 if a.arousal > 0.5 else 3),
        chord_pattern=pattern,
        irregularity=round(0.25 if fear_like else 0.05 * max(a.arousal, 0), 3),
        instrument=instrument_rule(a)[0],
    )


def cues_with(cues: Cues, **changes) -> Cues:
    return replace(cues, **changes)
