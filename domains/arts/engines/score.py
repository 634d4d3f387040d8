"""The score the composer builds: bars with their cues and chords, and note events in ticks.

Conventions: time is in MIDI ticks at `PPQ` ticks per quarter note; the beat is a quarter note;
tempo is an integer BPM written as `round(60e6 / bpm)` microseconds per beat (what a MIDI
set_tempo event stores), and seconds are computed from those microseconds so the plan, the MIDI
file and the WAV agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import Cues
from .theory import Key

PPQ = 480
MELODY, CHORDS, BASS = 0, 1, 2
TRACK_NAMES = ("Melody", "Chords", "Bass")


def tempo_us(bpm: int) -> int:
    """Microseconds per quarter note for an integer BPM (MIDI set_tempo value)."""
    return int(round(60_000_000 / bpm))


def ticks_to_seconds(ticks: int, bpm: int) -> float:
    return ticks * tempo_us(bpm) / 1e6 / PPQ


def seconds_to_ticks(seconds: float, bpm: int) -> int:
    return int(round(seconds * 1e6 / tempo_us(bpm) * PPQ))


@dataclass(frozen=True)
class Chord:
    """A chord as a 0-based scale-degree root in the bar's key, plus its colour."""

    root: int
    quality: str = "triad"  # triad | dom7b9 | sus4 | dim


@dataclass(frozen=True)
class Bar:
    """One bar of the plan: where it sits in the form and what it should sound like."""

    index: int
    section: str  # intro | theme | development | reprise | cadence
    phrase: int
    position: int  # bar number within its phrase, from 0
    phrase_length: int
    key: Key
    cues: Cues
    chord: Chord
    tonic_midi: int  # melody tonic (register applied, octave steps only)
    start_tick: int
    ticks: int  # length including any final fermata

    @property
    def tempo(self) -> int:
        return self.cues.tempo_bpm


@dataclass(frozen=True)
class NoteEvent:
    """A sounding note: track index, start and length in ticks, MIDI pitch and velocity."""

    track: int
    start: int
    duration: int
    pitch: int
    velocity: int


@dataclass(frozen=True)
class Score:
    """A complete piece ready to be written as MIDI and rendered as audio."""

    bars: tuple[Bar, ...]
    notes: tuple[NoteEvent, ...]
    beats_per_bar: int
    programs: tuple[int, int, int]
    families: tuple[str, str, str]
    end_tick: int
    title: str = ""

    def tempo_map(self) -> list[tuple[int, int]]:
        """(tick, bpm) at every bar where the tempo changes, starting at tick 0."""
        out: list[tuple[int, int]] = []
        for bar in self.bars:
            if not out or out[-1][1] != bar.tempo:
                out.append((bar.start_tick, bar.tempo))
        return out

    def key_map(self) -> list[tuple[int, Key]]:
        out: list[tuple[int, Key]] = []
        for bar in self.bars:
            if not out or out[-1][1] != bar.key:
                out.append((bar.start_tick, bar.key))
        return out

    def seconds_at(self, tick: int) -> float:
        """Wall-clock seconds at `tick` under the tempo map."""
        total, prev_tick, prev_bpm = 0.0, 0, self.bars[0].tempo
        for change_tick, bpm in self.tempo_map()[1:]:
            if change_tick >= tick:
                break
            total += ticks_to_seconds(change_tick - prev_tick, prev_bpm)
            prev_tick, prev_bpm = change_tick, bpm
        return total + ticks_to_seconds(tick - prev_tick, prev_bpm)

    @property
    def duration_s(self) -> float:
        return self.seconds_at(self.end_tick)
