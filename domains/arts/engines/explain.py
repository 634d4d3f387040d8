"""Parameters and the per-cue explanation of a composed message.

Each explanation entry names a cue, the value used and why, with source tags: G&L (Gabrielsson &
Lindström 2010), E13 (Eerola, Friberg & Bresin 2013), MG (Micallef Grimaud & Eerola,
EmoteControl), P3 (PMC7396614 Table 3), KK (Krumhansl & Kessler 1982), ISO (iso principle,
Altshuler 1948).
"""

from __future__ import annotations

from .cues import INSTRUMENTS, Cues, instrument_rule
from .form import Design
from .score import Score
from .theory import PITCH_NAMES_FLAT

SOURCES = {
    "G&L": "Gabrielsson & Lindström (2010), the role of structure in musical expression",
    "E13": "Eerola, Friberg & Bresin (2013), Frontiers in Psychology 4:487",
    "MG": "Micallef Grimaud & Eerola, EmoteControl (2020) / PLOS ONE (2022)",
    "P3": "Structural patterns per emotion, PMC7396614 Table 3",
    "KK": "Krumhansl & Kessler (1982) key profiles",
    "ISO": "Iso principle of music therapy (Altshuler 1948; Heiderscheit & Madson 2015)",
}


def note_name(pitch: int) -> str:
    return f"{PITCH_NAMES_FLAT[pitch % 12]}{pitch // 12 - 1}"


def _entry(cue: str, value, why: str, *sources: str) -> dict:
    return {"cue": cue, "value": value, "why": why, "sources": list(sources)}


def _cue_entries(spec, design: Design, cues: Cues, score: Score) -> list[dict]:
    a = design.target
    occ = design.occasion
    last = score.bars[-1]
    out = []
    if design.mode_override:
        why = f"{last.key.name} was requested explicitly."
    else:
        sign = "positive" if spec.affect.valence >= 0 else "negative"
        why = (
            f"valence {spec.affect.valence:+.2f} is {sign}: major for pleasant, minor for "
            "unpleasant emotions; mode is the strongest single cue for valence. The occasion "
            "never changes it."
        )
    out.append(_entry("mode", last.key.name, why, "E13", "G&L"))
    if design.tempo_override:
        why = "tempo was set explicitly."
    else:
        why = (
            f"tempo rises with arousal ({a.arousal:+.2f}) and a little with valence "
            f"({a.valence:+.2f}): 88 + 45·arousal + 12·valence BPM, clamped to 50-160"
        )
        if occ.tempo_delta:
            why += f"; {occ.label.lower()} adds {occ.tempo_delta:+d} BPM"
        if occ.tempo_max:
            why += f"; {occ.label.lower()} caps it at {occ.tempo_max} BPM"
        why += "."
    out.append(_entry("tempo", f"{cues.tempo_bpm} BPM", why, "G&L", "E13", "MG"))
    reg = {
        1: "one octave above the middle",
        0: "the middle register",
        -1: "one octave below the middle",
    }[cues.register]
    out.append(
        _entry(
            "register",
            f"melody tonic {note_name(last.tonic_midi)} ({reg})",
            "higher pitch for pleasant, active emotions, lower for sad or solemn ones; moved only "
            "by whole octaves so the tonic, and the key signature, stay true.",
            "G&L",
            "E13",
            "MG",
        )
    )
    why = (
        f"loudness follows arousal, with a little valence and dominance "
        f"({a.dominance:+.2f}): 64 + 35·a + 8·v + 8·d"
    )
    if a.arousal > 0.3 and a.dominance < -0.2:
        why += "; low dominance (fear) softens it and makes it less even"
    if occ.velocity_delta:
        why += f"; {occ.label.lower()} {occ.velocity_delta:+d}"
    out.append(_entry("velocity", cues.velocity, why + ".", "G&L", "MG"))
    style = (
        "legato"
        if cues.articulation >= 0.85
        else ("detached" if cues.articulation < 0.7 else "lightly detached")
    )
    out.append(
        _entry(
            "articulation",
            f"{style} ({cues.articulation:.2f} of each note's span sounds)",
            "legato for calm, tender and sad music; detached or staccato for energy, anger and "
            "fear: 0.95 - 0.35·max(arousal, 0).",
            "G&L",
            "MG",
        )
    )
    out.append(
        _entry(
            "note density",
            f"{cues.density:g} melody notes per beat",
            "denser, more regular rhythm for active emotions, sparse and even for low arousal.",
            "G&L",
            "P3",
        )
    )
    harmony = {
        "diatonic": "diatonic triads: consonant harmony for positive valence",
        "suspended": "minor triads with 4-3 suspensions: soft dissonance that resolves, for "
        "negative, low-arousal moods",
        "tension": "tension tones (dominant 7th with flat 9th, diminished chords, tritones) for "
        "negative, high-arousal moods",
    }[cues.harmony]
    out.append(_entry("harmony", cues.harmony, harmony + ".", "P3", "G&L"))
    contour = {
        "ascending": "rising lines with wider leaps, as in happy music",
        "descending": "falling, narrow, mostly stepwise lines, as in sad music",
        "arch": "arch-shaped phrases: neutral valence",
    }[cues.contour]
    if occ.motif:
        contour += f"; {occ.why}"
    out.append(_entry("melodic contour", cues.contour, contour + ".", "P3"))
    inst = INSTRUMENTS[design.instrument]
    if spec.instrument is not None:
        why = "instrument was chosen explicitly."
    elif occ.instrument:
        why = f"{occ.label.lower()} calls for {occ.instrument}."
    else:
        _name, proto, reason = instrument_rule(a)
        why = f"the timbre nearest this mood in our table is the {proto} prototype: {reason}."
    out.append(_entry("instrument", f"{inst.name} (GM program {inst.program})", why, "G&L", "MG"))
    if a.arousal > 0.3 and a.valence < 0:
        if a.dominance >= 0:
            why = (
                "high dominance reads as anger: loud, accented, steady driving rhythm, "
                "harsh bright timbre, lower-lying line."
            )
        else:
            why = (
                "low dominance reads as fear: softer with uneven dynamics, higher register, "
                "trembling timbre, irregular rhythm with sudden rests."
            )
        out.append(_entry("dominance", f"{a.dominance:+.2f}", why, "MG", "G&L"))
    return out


def _form(score: Score) -> list[dict]:
    runs: list[dict] = []
    for bar in score.bars:
        if runs and runs[-1]["section"] == bar.section and runs[-1]["phrase"] == bar.phrase:
            runs[-1]["last_bar"] = bar.index + 1
        else:
            runs.append(
                {
                    "section": bar.section,
                    "phrase": bar.phrase,
                    "first_bar": bar.index + 1,
                    "last_bar": bar.index + 1,
                }
            )
    return runs


def explain(spec, design: Design, score: Score, checks: dict, context: dict):
    """(parameters, explanation) for a finished composition."""
    target_cues = score.bars[-1].cues
    first_cues = score.bars[0].cues
    key = score.bars[-1].key
    occ = design.occasion
    form = _form(score)
    params = {
        "emotion": spec.emotion,
        "occasion": occ.name,
        "intensity": spec.intensity,
        "intensity_applied": context["intensity_applied"],
        "lexicon_vad": [spec.affect.valence, spec.affect.arousal, spec.affect.dominance],
        "vad": [design.target.valence, design.target.arousal, design.target.dominance],
        "from_emotion": spec.from_emotion,
        "arc": design.arc,
        "key": key.name,
        "key_signature": key.midi_key_signature,
        "mode": key.mode,
        "start_key": score.bars[0].key.name,
        "tonic_midi": score.bars[-1].tonic_midi,
        "time_signature": f"{score.beats_per_bar}/4",
        "tempo_bpm": target_cues.tempo_bpm,
        "tempo_start_bpm": first_cues.tempo_bpm,
        "tempo_per_bar": [b.tempo for b in score.bars],
        "velocity": target_cues.velocity,
        "articulation": target_cues.articulation,
        "density": target_cues.density,
        "harmony": target_cues.harmony,
        "contour": target_cues.contour,
        "instrument": design.instrument,
        "program": INSTRUMENTS[design.instrument].program,
        "bars": len(score.bars),
        "duration_s": round(score.duration_s, 3),
        "form": form,
        "chords": [f"{b.chord.root + 1}:{b.chord.quality}" for b in score.bars],
        "cues": target_cues.as_dict(),
        "start_cues": first_cues.as_dict() if design.arc else None,
        "forced": bool(context["conflict"]) and spec.force,
    }
    entries = _cue_entries(spec, design, target_cues, score)
    if design.arc:
        origin = spec.from_emotion or "calm (the get-well default)"
        entries.insert(
            0,
            _entry(
                "arc",
                f"{origin} → {spec.emotion}",
                f"iso principle: the first bars match {origin} ({score.bars[0].key.name}, "
                f"{first_cues.tempo_bpm} BPM), then every cue moves step by step to "
                f"{spec.emotion} ({key.name}, {target_cues.tempo_bpm} BPM).",
                "ISO",
            ),
        )
    sections = ", ".join(
        f"{r['section']} (bar {r['first_bar']})"
        if r["first_bar"] == r["last_bar"]
        else f"{r['section']} (bars {r['first_bar']}-{r['last_bar']})"
        for r in form
    )
    entries.append(
        _entry(
            "form",
            f"{len(score.bars)} bars in {score.beats_per_bar}/4",
            f"{sections}; the piece ends with a dominant-to-tonic cadence and the last chord is "
            f"held so it lasts {score.duration_s:.1f} s.",
            "P3",
        )
    )
    if occ.name != "none":
        why = occ.why + "."
        if context["conflict"]:
            why += f" Forced despite a conflict: {context['conflict']}."
        entries.append(_entry("occasion", occ.label, why))
    regions = checks["key_regions"]
    tested = [r for r in regions if r.get("found")]
    summary = "; ".join(
        f"{r['found']} (r = {r['correlation']:.2f}, margin {r['margin']:.2f})" for r in tested
    )
    entries.append(
        _entry(
            "key check",
            summary,
            f"Krumhansl-Kessler key finding on the finished MIDI agrees with the intended key "
            f"(attempt {checks['attempts']}); the tonic was "
            f"{'requested' if spec.key else 'drawn from the seed'}.",
            "KK",
        )
    )
    return params, entries
