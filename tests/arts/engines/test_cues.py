"""Known answers for the VAD → cue rules (hand-computed from the documented formulas)."""

import pytest

from domains.arts.engines.cues import (
    Affect,
    affect_lerp,
    affect_scale,
    articulation_rule,
    cues_from_affect,
    density_rule,
    register_rule,
    tempo_rule,
    velocity_rule,
)

JOY = Affect(0.85, 0.55, 0.45)
SAD = Affect(-0.75, -0.40, -0.40)
FEAR = Affect(-0.75, 0.75, -0.70)


def test_tempo_rule_hand_computed():
    assert tempo_rule(JOY) == pytest.approx(88 + 45 * 0.55 + 12 * 0.85)  # 122.95
    assert tempo_rule(SAD) == pytest.approx(88 - 45 * 0.40 - 12 * 0.75)  # 61.0
    assert tempo_rule(Affect(1, 1, 0)) == 145
    assert tempo_rule(Affect(-1, -1, 0)) == 50  # clamped


def test_velocity_rule_and_fear_softening():
    assert velocity_rule(JOY) == pytest.approx(64 + 35 * 0.55 + 8 * 0.85 + 8 * 0.45)
    plain = 64 + 35 * 0.75 - 8 * 0.75 - 8 * 0.70
    assert velocity_rule(FEAR) == pytest.approx(plain - 15)
    assert velocity_rule(Affect(-1, -1, -1)) == 30  # clamped


def test_register_moves_in_whole_octaves():
    assert register_rule(JOY) == 1
    assert register_rule(SAD) == -1
    assert register_rule(Affect(0, 0, 0)) == 0


def test_articulation_and_density():
    assert articulation_rule(SAD) == 0.95
    assert articulation_rule(JOY) == pytest.approx(0.95 - 0.35 * 0.55, abs=1e-3)
    assert density_rule(Affect(0, -0.7, 0)) == 0.5
    assert density_rule(SAD) == 1
    assert density_rule(JOY) == 2
    assert density_rule(Affect(0.7, 0.85, 0.4)) == 4


def test_harmony_follows_valence_and_arousal():
    assert cues_from_affect(JOY, mode="major").harmony == "diatonic"
    assert cues_from_affect(SAD, mode="minor").harmony == "suspended"
    assert cues_from_affect(FEAR, mode="minor").harmony == "tension"


def test_intensity_scales_distance_from_neutral():
    assert affect_scale(JOY, 0.8) == JOY
    assert affect_scale(JOY, 0.0) == Affect(0, 0, 0)
    half = affect_scale(JOY, 0.4)
    assert half.valence == pytest.approx(0.425)
    assert affect_scale(Affect(0.9, 0.9, 0.9), 1.0).valence == 1.0  # clipped


def test_lerp_is_monotone():
    points = [affect_lerp(SAD, JOY, t / 10).arousal for t in range(11)]
    assert points == sorted(points)
    assert points[0] == SAD.arousal and points[-1] == JOY.arousal


@pytest.mark.parametrize("bad", [1.5, -2, float("nan")])
def test_affect_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        Affect(bad, 0, 0)
