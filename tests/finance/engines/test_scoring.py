"""Known answers: Grable & Lytton scoring and bands, FAS anxiety, the composite and its bands."""

import pytest

from domains.finance.engines.instruments import (
    ANXIETY_ITEMS,
    TOLERANCE_ITEMS,
    AnswerError,
    loss_aversion_reversal,
    score_anxiety,
    score_tolerance,
    tolerance_band,
)
from domains.finance.engines.profile import (
    capacity,
    comfort_level,
    comfort_loss,
    composite_score,
    mood_state,
    score_band,
)


def _all(index):
    return [item.letters[min(index, len(item.letters) - 1)] for item in TOLERANCE_ITEMS]


def test_instrument_shapes():
    assert len(TOLERANCE_ITEMS) == 13 and len(ANXIETY_ITEMS) == 7
    assert [len(i.options) for i in TOLERANCE_ITEMS] == [4, 4, 4, 3, 3, 4, 4, 4, 2, 2, 4, 3, 4]


def test_all_first_options_is_16_low():
    raw, band, tol = score_tolerance(["a"] * 13)
    assert (raw, band) == (16, "low")
    assert tol == pytest.approx(3 / 34 * 100)


def test_all_second_options_is_29_above_average():
    assert score_tolerance(["b"] * 13)[:2] == (29, "above average")


def test_minimum_and_maximum():
    lowest = ["d", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a"]
    highest = ["a", "d", "d", "c", "c", "d", "d", "d", "b", "b", "d", "c", "d"]
    assert score_tolerance(lowest)[:2] == (13, "low")
    assert score_tolerance(highest)[:2] == (47, "high")
    assert score_tolerance(lowest)[2] == 0.0 and score_tolerance(highest)[2] == 100.0


@pytest.mark.parametrize(
    ("raw", "band"),
    [(18, "low"), (19, "below average"), (22, "below average"), (23, "average"),
     (28, "average"), (29, "above average"), (32, "above average"), (33, "high")],
)  # fmt: skip
def test_band_edges(raw, band):
    assert tolerance_band(raw) == band


def test_answers_are_case_and_space_tolerant_but_strict_on_options():
    assert score_tolerance([" A "] + ["a"] * 12)[0] == 16
    with pytest.raises(AnswerError, match="Expected 13"):
        score_tolerance(["a"] * 12)
    with pytest.raises(AnswerError, match="Item 4"):
        score_tolerance(["a", "a", "a", "d"] + ["a"] * 9)  # item 4 has only a-c
    with pytest.raises(AnswerError, match="Item 9"):
        score_tolerance(["a"] * 8 + ["c"] + ["a"] * 4)
    with pytest.raises(AnswerError):
        score_tolerance("abcdabcdabcda")


def test_anxiety_known_answers():
    assert score_anxiety([4] * 7) == (28, 50.0)
    assert score_anxiety([1] * 7) == (7, 0.0)
    assert score_anxiety([7] * 7) == (49, 100.0)
    for bad in ([4] * 6, [0] + [4] * 6, [8] + [4] * 6, [True] + [4] * 6, [4.5] + [4] * 6):
        with pytest.raises(AnswerError):
            score_anxiety(bad)


@pytest.mark.parametrize(
    ("tol", "anx", "score", "band"),
    [(50, 50, 50, "elevated"), (100, 0, 0, "low"), (0, 100, 100, "high"), (80, 20, 20, "low")],
)
def test_composite_known_answers(tol, anx, score, band):
    assert composite_score(tol, anx) == score
    assert score_band(score) == band


def test_composite_rounds_half_up_and_band_edges():
    assert composite_score(100, 2.5 / 0.6) == 3  # 2.5 -> 3, not banker's 2
    assert [score_band(s) for s in (24, 25, 49, 50, 74, 75)] == [
        "low", "moderate", "moderate", "elevated", "elevated", "high",
    ]  # fmt: skip


def test_loss_aversion_reversal():
    answers = ["a"] * 13
    answers[9] = "b"
    assert loss_aversion_reversal(answers)
    assert not loss_aversion_reversal(["a"] * 13)


def test_capacity_and_comfort():
    full = capacity(20, 6, 0)
    assert full.score == 100.0 and full.assumed == ()
    assert capacity(None, None, None).score == pytest.approx(100 * (0.25 + 0.15 + 0.2))
    assert capacity(5, 0, 1.0).score == pytest.approx(12.5)
    assert comfort_loss(50, 50) == pytest.approx(0.1125)  # 0.03 + 0.22 * 0.5 * 0.75
    assert comfort_loss(0, 100) == 0.03 and comfort_loss(100, 0) == 0.25
    assert comfort_level(0.095) == 50 and comfort_level(0.0) == 1 and comfort_level(0.9) == 99


def test_mood_state():
    assert mood_state([])["strongly_negative"] is False
    state = mood_state([(-0.8, 0.9), (-0.6, 0.5)])
    assert state["strongly_negative"] and state["weighted_valence"] == pytest.approx(-0.7286, 1e-3)
