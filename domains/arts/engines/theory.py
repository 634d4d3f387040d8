"""Tonal theory for the composer: scales, key names and Krumhansl-Kessler key finding.

Conventions: pitches are MIDI note numbers (60 = middle C = C4, 69 = A4 = 440 Hz); pitch classes
are 0-11 with C = 0; a key is (tonic pitch class, mode) with mode "major" or "minor". Scale
degrees are 0-based (0 = tonic). Minor is natural minor (Aeolian); the raised leading tone of
harmonic minor is applied only where the composer asks for it (dominant chords, cadences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

MAJOR_STEPS = (0, 2, 4, 5, 7, 9, 11)
MINOR_STEPS = (0, 2, 3, 5, 7, 8, 10)
MODES = ("major", "minor")

PITCH_NAMES_SHARP = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
PITCH_NAMES_FLAT = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# Spelling that gives the conventional key signature (at most 6 accidentals; F#/Gb major as Gb).
MAJOR_KEY_NAMES = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_KEY_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")

# Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
KK_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
KK_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])

_NOTE_RE = re.compile(r"^\s*([A-Ga-g])\s*(#|b|♯|♭|sharp|flat)?\s*(.*)$")
_LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


@dataclass(frozen=True)
class Key:
    """A key: tonic pitch class 0-11 and mode."""

    tonic: int
    mode: str

    @property
    def steps(self) -> tuple[int, ...]:
        return MAJOR_STEPS if self.mode == "major" else MINOR_STEPS

    @property
    def name(self) -> str:
        """Human name, e.g. 'A minor', 'Eb major'."""
        names = MAJOR_KEY_NAMES if self.mode == "major" else MINOR_KEY_NAMES
        return f"{names[self.tonic]} {self.mode}"

    @property
    def midi_key_signature(self) -> str:
        """The key string mido expects for a key_signature meta event ('C', 'Am', 'Eb', ...)."""
        names = MAJOR_KEY_NAMES if self.mode == "major" else MINOR_KEY_NAMES
        return names[self.tonic] + ("m" if self.mode == "minor" else "")

    def parallel(self, mode: str) -> Key:
        return Key(self.tonic, mode)


def key_parse(text: str) -> Key | tuple[int, None]:
    """Parse 'C', 'F#', 'Bb minor', 'Am', 'c# min', 'E flat major'.

    Returns a `Key` when a mode is named, else `(tonic_pc, None)`. Raises ValueError otherwise.
    """
    match = _NOTE_RE.match(str(text))
    if not match:
        raise ValueError(f"'{text}' is not a key (examples: C, F#, Bb minor, Am)")
    letter, accidental, rest = match.groups()
    pc = _LETTER_PC[letter.upper()]
    if accidental in ("#", "♯", "sharp"):
        pc += 1
    elif accidental in ("b", "♭", "flat"):
        pc -= 1
    rest = rest.strip().lower()
    if not rest:
        return (pc % 12, None)
    if rest in ("m", "min", "minor", "moll", "aeolian"):
        return Key(pc % 12, "minor")
    if rest in ("maj", "major", "dur", "ionian"):
        return Key(pc % 12, "major")
    raise ValueError(f"'{text}' is not a key (examples: C, F#, Bb minor, Am)")


def degree_pitch(key: Key, tonic_midi: int, degree: int, *, raise_leading: bool = False) -> int:
    """MIDI pitch of 0-based scale `degree` (any integer) above the tonic at `tonic_midi`.

    `raise_leading` raises degree 6 (the seventh) by a semitone in minor (harmonic minor).
    """
    octave, step = divmod(degree, 7)
    semis = key.steps[step]
    if raise_leading and key.mode == "minor" and step == 6:
        semis += 1
    return tonic_midi + 12 * octave + semis


def pitch_class_histogram(pitches, durations) -> np.ndarray:
    """Duration-weighted pitch-class histogram (length 12, not normalised)."""
    hist = np.zeros(12)
    p = np.asarray(pitches, dtype=int)
    d = np.asarray(durations, dtype=float)
    if p.size:
        np.add.at(hist, p % 12, d)
    return hist


@dataclass(frozen=True)
class KeyEstimate:
    """Result of key finding: the best key, its correlation, and the margin to the runner-up."""

    key: Key
    correlation: float
    margin: float
    runner_up: Key


def key_find(histogram) -> KeyEstimate:
    """Krumhansl-Schmuckler key finding with the Krumhansl-Kessler profiles.

    Pearson correlation of the 12-bin histogram with each of the 24 rotated profiles; ties break
    towards the lower tonic and major. Raises ValueError for an empty or constant histogram.
    """
    h = np.asarray(histogram, dtype=float)
    if h.shape != (12,) or not np.isfinite(h).all() or np.ptp(h) == 0:
        raise ValueError("key finding needs a non-constant 12-bin histogram")
    scores: list[tuple[float, Key]] = []
    for mode, profile in (("major", KK_MAJOR), ("minor", KK_MINOR)):
        for tonic in range(12):
            r = float(np.corrcoef(h, np.roll(profile, tonic))[0, 1])
            scores.append((r, Key(tonic, mode)))
    order = sorted(range(24), key=lambda i: -scores[i][0])
    best, second = scores[order[0]], scores[order[1]]
    return KeyEstimate(
        key=best[1], correlation=best[0], margin=best[0] - second[0], runner_up=second[1]
    )
