"""Known answers for key parsing and Krumhansl-Kessler key finding."""

import numpy as np
import pytest

from domains.arts.engines.theory import (
    KK_MAJOR,
    KK_MINOR,
    Key,
    degree_pitch,
    key_find,
    key_parse,
    pitch_class_histogram,
)


def test_profile_itself_is_found_with_correlation_one():
    est = key_find(KK_MAJOR)
    assert est.key == Key(0, "major")
    assert est.correlation == pytest.approx(1.0)
    est = key_find(np.roll(KK_MINOR, 9))
    assert est.key == Key(9, "minor")
    assert est.correlation == pytest.approx(1.0)


def test_c_major_scale_with_tonic_weight():
    # C major scale, tonic and dominant held longer: C major, relative A minor second-ish.
    pitches = [60, 62, 64, 65, 67, 69, 71, 72, 67, 60]
    durations = [2, 1, 1, 1, 2, 1, 1, 2, 1, 2]
    est = key_find(pitch_class_histogram(pitches, durations))
    assert est.key.name == "C major"
    assert est.margin > 0


def test_a_harmonic_minor_triads():
    # i - iv - V - i in A minor (G# as leading tone).
    chords = [(57, 60, 64), (62, 65, 69), (64, 68, 71), (57, 60, 64)]
    pitches = [p for c in chords for p in c]
    est = key_find(pitch_class_histogram(pitches, [1] * len(pitches)))
    assert est.key.name == "A minor"


def test_hand_computed_correlation():
    # Histogram with only C, E, G equally weighted vs C-major profile.
    h = np.zeros(12)
    h[[0, 4, 7]] = 1
    x, y = h - h.mean(), KK_MAJOR - KK_MAJOR.mean()
    expected = (x @ y) / np.sqrt((x @ x) * (y @ y))
    est = key_find(h)
    assert est.key.name == "C major"
    assert est.correlation == pytest.approx(expected)


def test_constant_histogram_is_refused():
    with pytest.raises(ValueError):
        key_find(np.ones(12))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C", (0, None)),
        ("f#", (6, None)),
        ("Bb minor", Key(10, "minor")),
        ("Am", Key(9, "minor")),
        ("E flat major", Key(3, "major")),
        ("c# min", Key(1, "minor")),
        ("B", (11, None)),
    ],
)
def test_key_parse(text, expected):
    assert key_parse(text) == expected


@pytest.mark.parametrize("text", ["H", "C lydian", "", "12"])
def test_key_parse_rejects(text):
    with pytest.raises(ValueError):
        key_parse(text)


def test_key_names_and_signatures():
    assert Key(3, "major").name == "Eb major"
    assert Key(3, "major").midi_key_signature == "Eb"
    assert Key(1, "minor").midi_key_signature == "C#m"
    assert Key(6, "major").midi_key_signature == "F#"


def test_degree_pitch_minor_raises_leading_tone_only_when_asked():
    a_minor = Key(9, "minor")
    assert degree_pitch(a_minor, 57, 6) == 67  # G
    assert degree_pitch(a_minor, 57, 6, raise_leading=True) == 68  # G#
    assert degree_pitch(a_minor, 57, -1) == 55  # G below the tonic
    assert degree_pitch(Key(0, "major"), 60, 9) == 76  # E an octave up
