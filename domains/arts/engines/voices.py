"""Melody, chords and bass: turning the bar plan into note events.

Conventions: melody pitches are 0-based scale degrees relative to the bar's melody tonic (0 =
tonic, 7 = the octave above, negative = below), realised in the bar's key; in minor the seventh
is raised (harmonic minor) over dominant chords. Rhythm is built on a sixteenth-note grid
(4 steps per beat). Strong beats take chord tones, weak beats move by step or small leap with a
bias that follows the emotion's melodic contour (P3: ascending and wide for happiness,
descending and narrow for sadness).
"""

from __future__ import annotations

import math

import numpy as np

from .score import BASS, CHORDS, MELODY, PPQ, Bar, Chord, NoteEvent
from .theory import degree_pitch

STEP = PPQ // 4
DEGREE_RANGE = (-3, 9)

_BEAT_PATTERNS = {
    1.0: (((4,), 0.7), ((3, 1), 0.15), ((2, 2), 0.15)),
    2.0: (((2, 2), 0.6), ((3, 1), 0.2), ((4,), 0.1), ((1, 1, 2), 0.1)),
    4.0: (((1, 1, 1, 1), 0.5), ((2, 1, 1), 0.2), ((1, 1, 2), 0.2), ((2, 2), 0.1)),
}
MOTIFS = {
    "rising_fourth": (-3, 0, 2, 4),
    "fanfare": (0, 4, 7, 4),
    "rising": (0, 1, 2, 4),
}


def _pick(rng: np.random.Generator, options):
    weights = np.array([w for _, w in options], dtype=float)
    return options[int(rng.choice(len(options), p=weights / weights.sum()))][0]


def bar_rhythm(
    bar: Bar, beats: int, rng: np.random.Generator, *, final: bool, phrase_end: bool
) -> list[tuple[int, int]]:
    """(onset step, length in steps) of the melody notes in a bar."""
    if final:
        return [(0, beats * 4)]
    density = bar.cues.density
    cells: list[int] = []
    body_beats = beats - (2 if phrase_end and beats >= 3 else 0)
    if density <= 0.5:
        b = 0
        while b < body_beats:
            span = 2 if body_beats - b >= 2 else 1
            cells.append(span * 4)
            b += span
    else:
        for _ in range(body_beats):
            cells.extend(_pick(rng, _BEAT_PATTERNS[density]))
    if phrase_end:
        cells.append(8 if beats >= 3 else beats * 4)
    out, t = [], 0
    for c in cells:
        out.append((t, c))
        t += c
    return out


def chord_degrees(chord: Chord) -> list[int]:
    r = chord.root
    if chord.quality == "dom7":
        return [r, r + 2, r + 4, r + 6]
    if chord.quality == "dom7b9":
        return [r, r + 2, r + 6, r + 8]
    if chord.quality == "sus4":
        return [r, r + 3, r + 4]
    return [r, r + 2, r + 4]


def _chord_tones_in_range(chord: Chord) -> list[int]:
    pcs = {d % 7 for d in chord_degrees(chord)}
    return [d for d in range(DEGREE_RANGE[0], DEGREE_RANGE[1] + 1) if d % 7 in pcs]


def _up_probability(contour: str, frac: float) -> float:
    if contour == "ascending":
        return 0.62 if frac < 0.75 else 0.45
    if contour == "descending":
        return 0.36
    return 0.65 if frac < 0.5 else 0.35


def _nearest(
    candidates: list[int], prev: int, rng: np.random.Generator, up: float, max_leap: int
) -> int:
    near = [c for c in candidates if 0 < abs(c - prev) <= max_leap] or candidates
    weights = np.array(
        [
            (1.0 / (1 + abs(c - prev))) * (up if c > prev else (1 - up) if c < prev else 0.3)
            for c in near
        ]
    )
    return int(near[int(rng.choice(len(near), p=weights / weights.sum()))])


def melody_phrase(
    bars: list[Bar],
    beats: int,
    rng: np.random.Generator,
    prev: int,
    motif: str | None,
    strict: bool,
    final_phrase_end: bool,
):
    """Notes of one phrase as (bar, onset step, length steps, degree); `prev` is the degree the
    previous phrase ended on."""
    notes = []
    phrase_len = len(bars)
    for k, bar in enumerate(bars):
        last_bar = k == phrase_len - 1
        final = final_phrase_end and last_bar
        rhythm = bar_rhythm(bar, beats, rng, final=final, phrase_end=last_bar)
        tones = _chord_tones_in_range(bar.chord)
        leap = 1 if strict else bar.cues.max_leap
        for j, (onset, length) in enumerate(rhythm):
            frac = (k + onset / (beats * 4)) / phrase_len
            up = _up_probability(bar.cues.contour, frac)
            strong = onset % (beats * 4) == 0 or (beats == 4 and onset == 8)
            is_last = last_bar and j == len(rhythm) - 1
            if k == 0 and motif in MOTIFS and j < len(MOTIFS[motif]):
                degree = MOTIFS[motif][j]
            elif is_last:
                degree = _cadence_degree(bar.chord, prev)
            elif strong or strict:
                degree = _nearest(tones, prev, rng, up, max(leap, 2))
            else:
                options = [
                    prev + s
                    for s in range(-leap, leap + 1)
                    if s and DEGREE_RANGE[0] <= prev + s <= DEGREE_RANGE[1]
                ]
                degree = _nearest(options, prev, rng, up, leap)
            rest = (
                not strong
                and not is_last
                and bar.cues.irregularity > 0
                and rng.random() < bar.cues.irregularity
            )
            notes.append((bar, onset, length, None if rest else degree))
            if not rest:
                prev = degree
    return notes, prev


def _cadence_degree(chord: Chord, prev: int) -> int:
    """Phrase-final note: the chord's root or third nearest the previous note (tonic on I)."""
    root = chord.root % 7
    targets = {0: (0, 7), 4: (4, 1, -3), 3: (3, 5, 0)}.get(root, (root, root + 2))
    return min(targets, key=lambda d: (abs(d - prev), d))


def melody_events(
    bars: list[Bar],
    beats: int,
    rng: np.random.Generator,
    *,
    motif: str | None,
    strict: bool,
    crescendo: bool,
) -> list[NoteEvent]:
    """The melody: phrase by phrase, the theme's notes reused for its reprise."""
    groups: dict[int, list[Bar]] = {}
    for bar in bars:
        if bar.section != "intro":
            groups.setdefault(bar.phrase, []).append(bar)
    raw = []
    prev = 2
    theme: list | None = None
    last_phrase = max(groups)
    for p, phrase_bars in groups.items():
        section = phrase_bars[0].section
        reusable = (
            theme is not None
            and section == "reprise"
            and [b.cues.density for b in phrase_bars] == theme[0]
        )
        if reusable:
            notes = [(phrase_bars[n[0]], n[1], n[2], n[3]) for n in theme[1]]
            prev = next(d for *_, d in reversed(notes) if d is not None)
        else:
            use_motif = motif if section in ("theme",) and p <= 1 else None
            if motif == "descending_resolve":
                use_motif = None
            notes, prev = melody_phrase(
                phrase_bars, beats, rng, prev, use_motif, strict, final_phrase_end=p == last_phrase
            )
            if p == 0:
                index = {id(b): i for i, b in enumerate(phrase_bars)}
                theme = (
                    [b.cues.density for b in phrase_bars],
                    [(index[id(n[0])], n[1], n[2], n[3]) for n in notes],
                )
        raw.extend(notes)
    if motif == "descending_resolve":
        raw = _resolve_upward(raw)
    total = len(bars)
    out = []
    for bar, onset, length, degree in raw:
        if degree is None:
            continue
        raise_lt = bar.chord.root % 7 == 4
        pitch = degree_pitch(bar.key, bar.tonic_midi, degree, raise_leading=raise_lt)
        start = bar.start_tick + onset * STEP
        ioi = length * STEP
        is_final = bar.index == total - 1 and onset + length >= beats * 4
        dur = (
            bar.ticks - onset * STEP
            if is_final
            else max(STEP // 2, round(ioi * bar.cues.articulation))
        )
        out.append(
            NoteEvent(
                MELODY, start, dur, pitch, _velocity(bar, onset, beats, rng, crescendo, total)
            )
        )
    return out


def _resolve_upward(raw):
    """Apology/farewell ending: approach the final tonic from the leading tone below."""
    sounding = [i for i, n in enumerate(raw) if n[3] is not None]
    if len(sounding) >= 2:
        last, before = sounding[-1], sounding[-2]
        raw[last] = (*raw[last][:3], 0)
        raw[before] = (*raw[before][:3], -1)
    return raw


def _velocity(
    bar: Bar,
    onset: int,
    beats: int,
    rng: np.random.Generator,
    crescendo: bool,
    total: int,
    offset: int = 0,
) -> int:
    v = bar.cues.velocity + offset
    if onset == 0:
        v += 6
    elif beats == 4 and onset == 8:
        v += 3
    frac = (bar.position + onset / (beats * 4)) / max(bar.phrase_length, 1)
    v += 4 * math.sin(math.pi * frac)
    if crescendo and total > 1:
        v += -10 + 20 * bar.index / (total - 1)
    v += rng.normal(0, bar.cues.velocity_spread)
    return int(min(127, max(12, round(v))))


def _voicing(bar: Bar, degrees: list[int], prev: list[int] | None) -> list[int]:
    """Chord pitches below the melody (above it when the melody lies low), in the inversion
    nearest the previous chord so the voices move as little as possible."""
    register = (bar.tonic_midi - 57) // 12
    low = register < 0
    base = bar.tonic_midi if low else bar.tonic_midi - 12
    raise_lt = bar.chord.root % 7 == 4
    pitches = sorted(degree_pitch(bar.key, base, d, raise_leading=raise_lt) for d in degrees)
    if low:
        pitches = [pitches[0]] + [p + 12 for p in pitches[1:]]
    candidates = []
    current = pitches
    for _ in range(len(pitches)):
        candidates.append(current)
        current = sorted(current[1:] + [current[0] + 12])
    target = bar.tonic_midi + (7 if low else -3)
    center = target if prev is None else (sum(prev) / len(prev) + target) / 2
    return min(candidates, key=lambda c: (abs(sum(c) / len(c) - center), c))


def accompaniment_events(
    bars: list[Bar], beats: int, rng: np.random.Generator, *, crescendo: bool
) -> list[NoteEvent]:
    """Chords (sustained, pulsed or arpeggiated) and bass, bar by bar."""
    out: list[NoteEvent] = []
    prev: list[int] | None = None
    total = len(bars)
    bar_ticks = beats * PPQ
    for bar in bars:
        final = bar.index == total - 1
        chord = _voicing(bar, chord_degrees(bar.chord), prev)
        resolved = (
            _voicing(bar, chord_degrees(Chord(bar.chord.root)), chord)
            if bar.chord.quality == "sus4"
            else chord
        )
        prev = resolved
        vel = _velocity(bar, 0, beats, rng, crescendo, total, offset=-14)
        pattern = "sustained" if final else bar.cues.chord_pattern
        art = bar.cues.articulation
        if pattern == "sustained":
            half = bar_ticks // 2 if bar.chord.quality == "sus4" else bar.ticks
            for p in chord:
                out.append(NoteEvent(CHORDS, bar.start_tick, round(half * 0.98), p, vel))
            if bar.chord.quality == "sus4":
                for p in resolved:
                    out.append(
                        NoteEvent(
                            CHORDS,
                            bar.start_tick + half,
                            round((bar.ticks - half) * 0.98),
                            p,
                            vel - 4,
                        )
                    )
        elif pattern == "pulsed":
            first = 1 if beats == 3 else 0
            for b in range(first, beats):
                voicing = chord if b < beats // 2 else resolved
                for p in voicing:
                    out.append(
                        NoteEvent(
                            CHORDS,
                            bar.start_tick + b * PPQ,
                            round(PPQ * art),
                            p,
                            vel - (0 if b == first else 6),
                        )
                    )
        else:
            cycle = resolved + [resolved[0] + 12] + resolved[1:][::-1]
            for k in range(beats * 2):
                p = (chord if k < beats else resolved)[0] if k == 0 else cycle[k % len(cycle)]
                start = k * PPQ // 2
                out.append(
                    NoteEvent(
                        CHORDS,
                        bar.start_tick + start,
                        min(PPQ, bar_ticks - start),
                        p,
                        vel - (0 if k == 0 else 5),
                    )
                )
        out.extend(_bass(bar, beats, final, vel + 6))
    return out


def _bass(bar: Bar, beats: int, final: bool, vel: int) -> list[NoteEvent]:
    base = 36 + (bar.tonic_midi % 12 - 36) % 12
    raise_lt = bar.chord.root % 7 == 4
    root = degree_pitch(bar.key, base, bar.chord.root % 7, raise_leading=raise_lt)
    fifth = degree_pitch(bar.key, base, bar.chord.root % 7 + 4, raise_leading=raise_lt)
    if root > 47:
        root -= 12
    if bar.tonic_midi < 57 and root - 12 >= 28:
        root -= 12  # a low melody: keep the bass an octave under it
    while fifth - root > 12:
        fifth -= 12
    art = bar.cues.articulation
    if final or bar.cues.chord_pattern == "sustained":
        return [
            NoteEvent(BASS, bar.start_tick, round(bar.ticks * (1 if final else 0.96)), root, vel)
        ]
    if bar.cues.chord_pattern == "pulsed" and bar.cues.harmony == "tension":
        return [
            NoteEvent(
                BASS,
                bar.start_tick + k * PPQ // 2,
                round(PPQ // 2 * art),
                root,
                vel - (0 if k % 2 == 0 else 8),
            )
            for k in range(beats * 2)
        ]
    if beats == 4:
        return [
            NoteEvent(BASS, bar.start_tick, round(2 * PPQ * art), root, vel),
            NoteEvent(BASS, bar.start_tick + 2 * PPQ, round(2 * PPQ * art), fifth, vel - 6),
        ]
    return [NoteEvent(BASS, bar.start_tick, round(PPQ * min(art, 0.9)), root, vel)]
