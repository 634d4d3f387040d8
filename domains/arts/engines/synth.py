"""Audio rendering: additive numpy synthesis of a score into 16-bit mono PCM WAV (stdlib wave).

Conventions: sample rate `SAMPLE_RATE` Hz; equal temperament with A4 (MIDI 69) = 440 Hz; each
instrument family is a set of harmonic amplitudes, an attack/decay/sustain/release envelope and
optional vibrato, tremolo or soft saturation. Amplitude follows (velocity / 127) ** 1.5. The mix
gets three early reflections, then is scaled so its peak sits at -1 dBFS: never clipped, never
silent for a score with notes. The WAV lasts the score's duration plus `TAIL_S` of release.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np

from .score import Score

SAMPLE_RATE = 22_050
TAIL_S = 0.25
PEAK = 10 ** (-1 / 20)


@dataclass(frozen=True)
class Timbre:
    """Synthesis recipe for one instrument family."""

    harmonics: tuple[float, ...]
    attack: float  # s
    decay: float  # s, time constant of the fall from peak towards sustain
    sustain: float  # level 0-1
    release: float  # s
    bright_decay: float = 0.0  # extra per-harmonic decay rate (1/s), plucked/struck brightness
    vibrato: float = 0.0  # relative depth
    tremolo: float = 0.0  # amplitude modulation depth
    drive: float = 0.0  # tanh saturation amount
    partials: tuple[float, ...] = ()  # frequency ratios when not 1, 2, 3, ...


TIMBRES = {
    "piano": Timbre((1, 0.55, 0.3, 0.18, 0.1, 0.06), 0.004, 0.9, 0.08, 0.1, bright_decay=1.5),
    "plucked": Timbre((1, 0.5, 0.28, 0.12, 0.06), 0.003, 0.55, 0.0, 0.12, bright_decay=2.5),
    "bowed": Timbre((1, 0.6, 0.42, 0.3, 0.22, 0.15, 0.1), 0.09, 0.6, 0.85, 0.18, vibrato=0.004),
    "tremolo": Timbre(
        (1, 0.6, 0.42, 0.3, 0.22, 0.15), 0.03, 0.6, 0.85, 0.12, vibrato=0.003, tremolo=0.45
    ),
    "wind": Timbre((1, 0.25, 0.12, 0.05), 0.05, 0.5, 0.9, 0.1, vibrato=0.005),
    "brass": Timbre(
        (1, 0.8, 0.65, 0.5, 0.38, 0.28, 0.2, 0.14), 0.035, 0.4, 0.8, 0.1, vibrato=0.002
    ),
    "distorted": Timbre((1, 0.5, 0.33, 0.25, 0.2), 0.005, 0.8, 0.7, 0.08, drive=3.0),
    "mallet": Timbre(
        (1, 0.35, 0.12), 0.002, 0.35, 0.0, 0.08, bright_decay=4.0, partials=(1.0, 3.93, 9.2)
    ),
    "bass": Timbre((1, 0.45, 0.18, 0.08), 0.006, 0.8, 0.35, 0.08, bright_decay=1.0),
}
TRACK_GAIN = (1.0, 0.42, 0.75)


def midi_hz(pitch: int) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def _tick_seconds(score: Score) -> tuple[np.ndarray, np.ndarray]:
    """Breakpoints (ticks, seconds) of the piecewise-linear tempo map, for np.interp."""
    ticks = [t for t, _ in score.tempo_map()] + [score.end_tick + 100 * 480]
    return np.array(ticks, dtype=float), np.array([score.seconds_at(t) for t in ticks])


def _note_wave(t: np.ndarray, hold: float, freq: float, amp: float, tb: Timbre) -> np.ndarray:
    """One note sampled at times t (s from onset); `hold` = seconds until note-off."""
    if tb.vibrato:
        phase = 2 * np.pi * freq * t + (tb.vibrato * freq / 5.5) * np.sin(2 * np.pi * 5.5 * t)
    else:
        phase = 2 * np.pi * freq * t
    y = np.zeros_like(t)
    nyquist = SAMPLE_RATE / 2 - 500
    fade = np.exp(-tb.bright_decay * t) if tb.bright_decay else None
    if tb.partials:
        for k, (ratio, h) in enumerate(zip(tb.partials, tb.harmonics, strict=False)):
            if ratio * freq < nyquist:
                y += h * np.sin(ratio * phase) * (fade**k if fade is not None else 1.0)
    else:
        # sin(k·φ) by the Chebyshev recurrence: one sin and one cos per note, not per harmonic.
        s_prev, s_cur = np.zeros_like(t), np.sin(phase)
        two_cos = 2 * np.cos(phase)
        weight = np.ones_like(t) if fade is not None else None
        for k, h in enumerate(tb.harmonics, start=1):
            if k * freq >= nyquist:
                break
            y += h * (s_cur * weight if weight is not None else s_cur)
            if weight is not None:
                weight *= fade
            s_prev, s_cur = s_cur, two_cos * s_cur - s_prev
    if tb.drive:
        y = np.tanh(tb.drive * y / sum(tb.harmonics)) / np.tanh(tb.drive)
    env = np.where(
        t < tb.attack,
        t / tb.attack,
        tb.sustain + (1 - tb.sustain) * np.exp(-(t - tb.attack) / tb.decay),
    )
    level_at_off = (
        tb.sustain + (1 - tb.sustain) * np.exp(-max(hold - tb.attack, 0) / tb.decay)
        if hold >= tb.attack
        else hold / tb.attack
    )
    released = t > hold
    env = np.where(released, level_at_off * np.clip(1 - (t - hold) / tb.release, 0, 1), env)
    if tb.tremolo:
        env = env * (1 - tb.tremolo * (0.5 + 0.5 * np.sin(2 * np.pi * 11 * t)))
    return amp * env * y


def render_samples(score: Score) -> np.ndarray:
    """Float mix in [-PEAK, PEAK] (peak-normalised), length = duration + tail."""
    total = int(round((score.duration_s + TAIL_S) * SAMPLE_RATE))
    mix = np.zeros(total)
    ticks, secs = _tick_seconds(score)
    cache: dict[tuple, np.ndarray] = {}
    for note in score.notes:
        start_s, end_s = np.interp([note.start, note.start + note.duration], ticks, secs)
        tb = TIMBRES[score.families[note.track]]
        i0 = int(round(start_s * SAMPLE_RATE))
        hold = max(end_s - start_s, 0.01)
        i1 = min(total, i0 + int((hold + tb.release) * SAMPLE_RATE) + 1)
        if i0 >= total:
            continue
        amp = TRACK_GAIN[note.track] * (note.velocity / 127) ** 1.5
        signature = (note.track, note.pitch, i1 - i0, round(hold, 4))
        if signature not in cache:
            t = np.arange(i1 - i0) / SAMPLE_RATE
            cache[signature] = _note_wave(t, hold, midi_hz(note.pitch), 1.0, tb)
        mix[i0:i1] += amp * cache[signature]
    room = mix.copy()
    for delay_s, gain in ((0.043, 0.22), (0.071, 0.15), (0.113, 0.1)):
        d = int(delay_s * SAMPLE_RATE)
        room[d:] += gain * mix[:-d]
    fade = min(len(room), int(0.02 * SAMPLE_RATE))
    room[len(room) - fade :] *= np.linspace(1, 0, fade)
    peak = float(np.max(np.abs(room))) if len(room) else 0.0
    if peak == 0:
        raise ValueError("the score renders to silence")
    return room * (PEAK / peak)


def samples_to_wav(samples: np.ndarray) -> bytes:
    """16-bit PCM mono WAV bytes; values are rounded and clipped to the int16 range."""
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def render_wav(score: Score) -> tuple[bytes, dict]:
    """WAV bytes and level statistics (peak and RMS in dBFS, seconds)."""
    samples = render_samples(score)
    rms = float(np.sqrt(np.mean(samples**2)))
    stats = {
        "sample_rate": SAMPLE_RATE,
        "seconds": round(len(samples) / SAMPLE_RATE, 3),
        "peak_dbfs": round(float(20 * np.log10(np.max(np.abs(samples)))), 2),
        "rms_dbfs": round(float(20 * np.log10(rms)), 2) if rms > 0 else None,
    }
    return samples_to_wav(samples), stats
