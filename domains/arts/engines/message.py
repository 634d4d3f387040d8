"""Compose an emotional music message: validate, design, compose, self-check, render.

`compose_message(spec, rng)` is the engine's entry point. Inputs are plain numbers (the emotion's
lexicon valence/arousal/dominance in [-1, 1]); randomness comes only from `rng`, so the same
spec and a generator seeded the same way give byte-identical MIDI and WAV. Before returning,
the finished MIDI is read back: the tempo meta must equal the plan, the length must match, and
Krumhansl-Kessler key finding over each key region must agree with the intended key; if it does
not, the piece is recomposed (more conservatively from the fourth attempt on).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from .cues import DEFAULT_INTENSITY, INSTRUMENTS, TEMPO_RANGE, Affect, affect_scale, instrument_rule
from .explain import explain
from .form import Design, plan
from .midi import midi_read, score_to_midi
from .occasions import UnknownOccasion, occasion_conflict, occasion_resolve
from .score import BASS, CHORDS, MELODY, Score
from .synth import render_wav
from .theory import Key, key_find, key_parse, pitch_class_histogram
from .voices import accompaniment_events, melody_events

ENGINE_VERSION = "arts-composer-1.0.0"
DURATION_RANGE = (10.0, 120.0)
TIME_SIGNATURES = {"2/4": 2, "3/4": 3, "4/4": 4}
MAX_ATTEMPTS = 8
STRICT_FROM = 3
MAJOR_TONICS = (0, 2, 3, 5, 7, 9, 10)  # C D Eb F G A Bb
MINOR_TONICS = (9, 2, 4, 0, 7, 11, 5)  # A D E C G B F


class ComposeError(ValueError):
    """Invalid or conflicting input; `field` names the offending input."""

    def __init__(self, message: str, *, field: str, code: str = "invalid"):
        super().__init__(message)
        self.message, self.field, self.code = message, field, code


@dataclass(frozen=True)
class MessageSpec:
    """What to compose. Affects are the emotions' lexicon coordinates (unscaled)."""

    emotion: str
    affect: Affect
    occasion: str = "none"
    intensity: float = DEFAULT_INTENSITY
    duration_s: float = 20.0
    from_emotion: str | None = None
    from_affect: Affect | None = None
    tempo_bpm: int | None = None
    key: str | None = None
    instrument: str | None = None
    time_signature: str | None = None
    force: bool = False
    title: str = ""

    def canonical(self) -> dict:
        """JSON-ready inputs (for the inputs hash)."""
        data = asdict(self)
        data["affect"] = list(self.affect.__dict__.values())
        data["from_affect"] = list(self.from_affect.__dict__.values()) if self.from_affect else None
        return data


@dataclass(frozen=True)
class Composition:
    """The finished message: files, the parameters used, the explanation and the checks."""

    midi: bytes
    wav: bytes
    parameters: dict
    explanation: list[dict]
    checks: dict
    score: Score


def _number(value, field: str, lo: float, hi: float, label: str) -> float:
    if isinstance(value, bool):
        raise ComposeError(f"{label} must be a number.", field=field)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ComposeError(f"{label} must be a number.", field=field) from None
    if math.isnan(x) or not lo <= x <= hi:
        raise ComposeError(f"{label} must be between {lo:g} and {hi:g}.", field=field)
    return x


def instrument_resolve(name: str | int) -> str:
    """Instrument by name (case-insensitive) or General MIDI program number."""
    text = str(name).strip().lower().replace("_", " ")
    if text in INSTRUMENTS:
        return text
    for inst in INSTRUMENTS.values():
        if text.isdigit() and int(text) == inst.program:
            return inst.name
    raise ComposeError(
        f"Unknown instrument '{name}'. Supported: {', '.join(INSTRUMENTS)}.", field="instrument"
    )


def design_from_spec(spec: MessageSpec, rng: np.random.Generator) -> tuple[Design, dict]:
    """Validate the spec and resolve occasion, intensity, arc, key, metre and instrument."""
    intensity = _number(spec.intensity, "intensity", 0.0, 1.0, "Intensity")
    duration = _number(spec.duration_s, "duration_s", *DURATION_RANGE, "Duration (seconds)")
    tempo = None
    if spec.tempo_bpm is not None:
        tempo = _number(spec.tempo_bpm, "tempo_bpm", *TEMPO_RANGE, "Tempo (BPM)")
        if tempo != int(tempo):
            raise ComposeError("Tempo (BPM) must be a whole number.", field="tempo_bpm")
        tempo = int(tempo)
    try:
        occasion = occasion_resolve(spec.occasion)
    except UnknownOccasion as exc:
        raise ComposeError(str(exc), field="occasion", code="unknown_occasion") from None
    conflict = occasion_conflict(occasion, spec.affect.valence, spec.affect.arousal)
    if conflict and not spec.force:
        raise ComposeError(
            f"'{spec.emotion}' does not fit the occasion '{occasion.name}': {conflict}. "
            "Choose another emotion or occasion, or force it.",
            field="occasion",
            code="conflict",
        )
    target_mode = "major" if spec.affect.valence >= 0 else "minor"
    mode_override, tonic = None, None
    if spec.key:
        try:
            parsed = key_parse(spec.key)
        except ValueError as exc:
            raise ComposeError(str(exc), field="key") from None
        if isinstance(parsed, Key):
            if parsed.mode != target_mode and not spec.force:
                raise ComposeError(
                    f"{parsed.name} contradicts the {target_mode} mode that "
                    f"'{spec.emotion}' calls for; give only the tonic, or force it.",
                    field="key",
                    code="mode_conflict",
                )
            mode_override, tonic = parsed.mode, parsed.tonic
        else:
            tonic = parsed[0]
    beats = occasion.beats_per_bar or 4
    if spec.time_signature:
        if spec.time_signature not in TIME_SIGNATURES:
            raise ComposeError(
                f"Time signature must be one of {', '.join(TIME_SIGNATURES)}.",
                field="time_signature",
            )
        beats = TIME_SIGNATURES[spec.time_signature]
    applied = min(intensity, occasion.intensity_max) if occasion.intensity_max else intensity
    target = affect_scale(spec.affect, applied)
    start_raw = spec.from_affect or (Affect(*occasion.arc_from) if occasion.arc_from else None)
    start = affect_scale(start_raw, applied) if start_raw else target
    if spec.instrument is not None:
        instrument = instrument_resolve(spec.instrument)
    else:
        instrument = occasion.instrument or instrument_rule(target)[0]
    if tonic is None:
        pool = MAJOR_TONICS if target_mode == "major" else MINOR_TONICS
        tonic = pool[int(rng.integers(len(pool)))]
    design = Design(
        tonic_pc=tonic,
        start=start,
        target=target,
        start_valence=(start_raw or spec.affect).valence,
        target_valence=spec.affect.valence,
        arc=start_raw is not None,
        occasion=occasion,
        duration_s=duration,
        beats_per_bar=beats,
        instrument=instrument,
        tempo_override=tempo,
        mode_override=mode_override,
    )
    context = {
        "intensity_applied": applied,
        "conflict": conflict,
        "from_default": start_raw is not None and spec.from_affect is None,
    }
    return design, context


def build_score(design: Design, rng: np.random.Generator, *, strict: bool, title: str) -> Score:
    bars = plan(design, rng, strict=strict)
    beats = design.beats_per_bar
    occ = design.occasion
    notes = melody_events(bars, beats, rng, motif=occ.motif, strict=strict, crescendo=occ.crescendo)
    notes += accompaniment_events(bars, beats, rng, crescendo=occ.crescendo)
    melody = INSTRUMENTS[design.instrument]
    negative = design.target.valence < 0
    chords = INSTRUMENTS["strings" if negative or melody.family == "bowed" else "piano"]
    if melody.family in ("plucked", "mallet"):
        chords = melody
    bass = INSTRUMENTS["cello" if negative and design.target.arousal < 0 else "acoustic bass"]
    notes.sort(key=lambda n: (n.start, n.track, n.pitch))
    end = bars[-1].start_tick + bars[-1].ticks
    families = (melody.family, chords.family, "bowed" if bass.name == "cello" else bass.family)
    return Score(
        bars=tuple(bars),
        notes=tuple(notes),
        beats_per_bar=beats,
        programs=(melody.program, chords.program, bass.program),
        families=families,
        end_tick=end,
        title=title,
    )


def verify(score: Score, midi: bytes) -> dict:
    """Read the MIDI back and check tempo meta, length and key of every key region."""
    back = midi_read(midi)
    planned = [(score.seconds_at(t), bpm) for t, bpm in score.tempo_map()]
    tempo_ok = len(planned) == len(back.tempos) and all(
        abs(s0 - s1) < 1e-3 and abs(b0 - b1) < 0.01
        for (s0, b0), (s1, b1) in zip(planned, back.tempos, strict=True)
    )
    regions = []
    for tick, key in score.key_map():
        later = [t for t, _ in score.key_map() if t > tick]
        end_tick = later[0] if later else score.end_tick
        n_bars = sum(1 for b in score.bars if tick <= b.start_tick < end_tick)
        t0, t1 = score.seconds_at(tick), score.seconds_at(end_tick)
        inside = [n for n in back.notes if t0 - 1e-6 <= n[2] < t1 - 1e-6]
        entry = {"from_s": round(t0, 3), "to_s": round(t1, 3), "bars": n_bars, "intended": key.name}
        if n_bars >= 2 or len(score.key_map()) == 1:
            est = key_find(pitch_class_histogram([n[1] for n in inside], [n[3] for n in inside]))
            entry.update(
                found=est.key.name,
                correlation=round(est.correlation, 4),
                margin=round(est.margin, 4),
                ok=est.key == key,
            )
        else:
            entry.update(found=None, ok=True, note="region shorter than two bars, not tested")
        regions.append(entry)
    return {
        "tempo_meta_ok": tempo_ok,
        "tempo_meta_bpm": [round(b, 2) for _, b in back.tempos],
        "key_signatures": [k.name for _, k in back.keys],
        "key_signature_ok": [k for _, k in back.keys] == [k for _, k in score.key_map()],
        "time_signature": f"{back.time_signature[0]}/{back.time_signature[1]}",
        "midi_length_s": round(back.length_s, 3),
        "length_ok": abs(back.length_s - score.duration_s) < 0.05,
        "key_regions": regions,
        "key_ok": all(r["ok"] for r in regions),
        "notes": len(back.notes),
        "tracks": {
            "melody": sum(1 for n in score.notes if n.track == MELODY),
            "chords": sum(1 for n in score.notes if n.track == CHORDS),
            "bass": sum(1 for n in score.notes if n.track == BASS),
        },
    }


def compose_message(
    spec: MessageSpec, rng: np.random.Generator, *, audio: bool = True
) -> Composition:
    """Compose, self-check and render one message. Raises ComposeError for bad input.

    `audio=False` skips the WAV (then `wav` is empty), for previews of parameters only."""
    design, context = design_from_spec(spec, rng)
    title = spec.title or f"{spec.emotion} - {design.occasion.label}"
    for attempt in range(1, MAX_ATTEMPTS + 1):
        score = build_score(design, rng, strict=attempt > STRICT_FROM, title=title[:60])
        midi = score_to_midi(score)
        checks = verify(score, midi)
        if checks["key_ok"] and checks["tempo_meta_ok"] and checks["length_ok"]:
            break
    else:
        raise RuntimeError(f"composition failed its self-check after {MAX_ATTEMPTS} attempts")
    checks["attempts"] = attempt
    wav = b""
    if audio:
        wav, stats = render_wav(score)
        checks["audio"] = stats
        checks["wav_matches_midi"] = abs(stats["seconds"] - checks["midi_length_s"]) <= 0.5
    parameters, explanation = explain(spec, design, score, checks, context)
    parameters["engine_version"] = ENGINE_VERSION
    return Composition(
        midi=midi,
        wav=wav,
        parameters=parameters,
        explanation=explanation,
        checks=checks,
        score=score,
    )
