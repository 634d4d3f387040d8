"""The issue's known answers, checked on the MIDI bytes with an independent reader (smf.py).

Tempo is read from the MIDI tempo meta events, never estimated.
"""

import io
import wave

import numpy as np
import pytest

from domains.arts.engines.theory import Key, key_find, pitch_class_histogram

from .smf import key_signature_tonic, read_smf

SEEDS = (1, 2, 3, 4, 5)


def _smf(composed, emotion, seed=1, **options):
    return read_smf(composed(emotion, seed=seed, duration_s=30, **options).midi)


def _tempo(smf):
    assert smf.tempos, "tempo meta missing"
    return 60e6 / smf.tempos[0][1]


def _mode(smf, index=0):
    return key_signature_tonic(*smf.key_signatures[index][1:])[1]


def _found_key(notes):
    hist = pitch_class_histogram(
        [n["pitch"] for n in notes], [n["end_s"] - n["start_s"] for n in notes]
    )
    return key_find(hist).key


def _mean(notes, field):
    return float(np.mean([n[field] for n in notes]))


def _melody(smf):
    return [n for n in smf.notes if n["track"] == 1]


@pytest.mark.parametrize("seed", SEEDS)
def test_joy_is_fast_major_and_key_finding_agrees(composed, seed):
    smf = _smf(composed, "joy", seed)
    assert _tempo(smf) >= 110
    assert _mode(smf) == "major"
    tonic, mode = key_signature_tonic(*smf.key_signatures[0][1:])
    assert _found_key(smf.notes) == Key(tonic, mode)


@pytest.mark.parametrize("seed", SEEDS)
def test_sadness_slow_minor_low_soft_legato(composed, seed):
    sad, joy = _smf(composed, "sadness", seed), _smf(composed, "joy", seed)
    assert _tempo(sad) <= 75
    assert _mode(sad) == "minor"
    tonic, mode = key_signature_tonic(*sad.key_signatures[0][1:])
    assert _found_key(sad.notes) == Key(tonic, mode)
    assert _mean(joy.notes, "pitch") - _mean(sad.notes, "pitch") >= 7
    assert _mean(_melody(joy), "pitch") - _mean(_melody(sad), "pitch") >= 7
    assert _mean(joy.notes, "velocity") - _mean(sad.notes, "velocity") >= 20
    # Legato: each melody note sounds (almost) until the next one starts.
    mel = sorted(_melody(sad), key=lambda n: n["start"])
    ratios = [
        (a["end"] - a["start"]) / (b["start"] - a["start"])
        for a, b in zip(mel, mel[1:], strict=False)
        if b["start"] > a["start"]
    ]
    assert np.median(ratios) >= 0.9
    joy_mel = sorted(_melody(joy), key=lambda n: n["start"])
    joy_ratios = [
        (a["end"] - a["start"]) / (b["start"] - a["start"])
        for a, b in zip(joy_mel, joy_mel[1:], strict=False)
        if b["start"] > a["start"]
    ]
    assert np.median(joy_ratios) < np.median(ratios)


@pytest.mark.parametrize("seed", SEEDS)
def test_cue_orderings_between_emotions(composed, seed):
    anger, tender = _smf(composed, "anger", seed), _smf(composed, "tenderness", seed)
    calm, fear = _smf(composed, "calm", seed), _smf(composed, "fear", seed)
    assert _tempo(anger) > _tempo(tender)
    assert _mean(anger.notes, "velocity") > _mean(calm.notes, "velocity")
    assert _mode(calm) == "major"
    assert _mode(fear) == "minor"
    for smf in (anger, fear, calm, tender):
        tonic, mode = key_signature_tonic(*smf.key_signatures[0][1:])
        assert _found_key(smf.notes) == Key(tonic, mode)


def test_anger_and_fear_are_told_apart_by_dominance(composed):
    anger, fear = composed("anger", duration_s=30), composed("fear", duration_s=30)
    a, f = anger.parameters, fear.parameters
    assert a["mode"] == f["mode"] == "minor"
    assert a["velocity"] > f["velocity"] + 10
    assert a["instrument"] != f["instrument"]
    assert anger.score.bars[-1].cues.velocity_spread < fear.score.bars[-1].cues.velocity_spread
    assert any(e["cue"] == "dominance" and "anger" in e["why"] for e in anger.explanation)
    assert any(e["cue"] == "dominance" and "fear" in e["why"] for e in fear.explanation)


@pytest.mark.parametrize("emotion", ["joy", "sadness", "anger", "calm"])
def test_thirty_seconds_and_wav_matches_midi(composed, emotion):
    result = composed(emotion, duration_s=30, audio=True)
    smf = read_smf(result.midi)
    assert abs(smf.length_s - 30) <= 2
    with wave.open(io.BytesIO(result.wav)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        wav_s = w.getnframes() / w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert abs(wav_s - smf.length_s) <= 0.5
    assert np.abs(samples.astype(int)).max() < 32767  # no clipping
    assert np.sqrt(np.mean(samples.astype(float) ** 2)) > 300  # not silent


@pytest.mark.parametrize("seed", SEEDS)
def test_sadness_to_joy_arc(composed, seed):
    result = composed("joy", seed=seed, duration_s=30, from_emotion="sadness")
    smf = read_smf(result.midi)
    bar_ticks = 4 * smf.ppq
    bars = range(0, smf.end_tick - 1, bar_ticks)
    tempos = [smf.bpm_at_tick(t) for t in bars]
    assert all(b >= a for a, b in zip(tempos, tempos[1:], strict=False))
    assert tempos[-1] > tempos[0]
    first = key_signature_tonic(*smf.key_signatures[0][1:])
    last = key_signature_tonic(*smf.key_signatures[-1][1:])
    assert first[1] == "minor" and last[1] == "major"
    switch = smf.key_signatures[-1][0]
    assert switch >= 2 * bar_ticks and smf.end_tick - switch >= 2 * bar_ticks
    early = [n for n in smf.notes if n["start"] < switch]
    late = [n for n in smf.notes if n["start"] >= switch]
    assert _found_key(early) == Key(*first)
    assert _found_key(late) == Key(*last)


def test_midi_has_required_meta_and_tracks(composed):
    result = composed("joy", duration_s=30)
    smf = read_smf(result.midi)
    assert smf.format == 1
    assert len(smf.tracks) == 4
    assert smf.time_signatures[0][1:] == (4, 4)
    assert smf.key_signatures and smf.tempos
    assert set(smf.programs) == {0, 1, 2}
    assert {n["track"] for n in smf.notes} == {1, 2, 3}
