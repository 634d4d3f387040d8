"""Known answers for mood targets, affect fit, the affect guard and the spending guard."""

import math

import numpy as np
import pytest

from domains.commerce.engines.affect import (
    CALM,
    LIFT,
    MATCH,
    SOOTHE,
    SUSTAIN,
    affect_fit,
    affect_guard,
    describe_affect,
    leads_toward,
    mood_target,
)
from domains.commerce.engines.explain import format_money, price_position, reasons_for
from domains.commerce.engines.guard import spending_guard, weighted_mood


@pytest.mark.parametrize(
    ("v", "a", "expected"),
    [
        (-0.6, 0.7, (0.5, -0.5, CALM)),  # stressed
        (-0.7, 0.8, (0.5, -0.5, CALM)),  # angry
        (-0.7, -0.4, (0.5, 0.2, LIFT)),  # sad
        (-0.3, 0.1, (0.5, 0.1, SOOTHE)),  # mildly irritated
        (0.8, 0.4, (0.8, 0.4, SUSTAIN)),  # happy
        (0.2, -0.3, (0.5, -0.3, SUSTAIN)),  # content: valence raised to 0.5
        (0.0, 0.0, (0.5, 0.0, SUSTAIN)),  # neutral
    ],
)
def test_regulate_targets(v, a, expected):
    t = mood_target(v, a, "regulate")
    assert (t.valence, t.arousal, t.mode) == expected


def test_congruent_matches_mood():
    t = mood_target(-0.6, 0.7, "congruent")
    assert (t.valence, t.arousal, t.mode) == (-0.6, 0.7, MATCH)


@pytest.mark.parametrize("bad", [float("nan"), 1.5, -1.01, float("inf")])
def test_target_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        mood_target(bad, 0.0)
    with pytest.raises(ValueError):
        mood_target(0.0, bad)


def test_target_rejects_unknown_strategy():
    with pytest.raises(ValueError):
        mood_target(0.0, 0.0, "exploit")


def test_affect_fit_known_values():
    t = mood_target(-0.6, 0.7)  # target (0.5, -0.5)
    fit = affect_fit(np.array([0.5, -1.0, 0.5]), np.array([-0.5, 1.0, 0.5]), t)
    assert fit[0] == pytest.approx(1.0)
    # (-1, 1) is at distance sqrt(1.5^2 + 1.5^2) = 2.1213 -> 1 - 2.1213/2.8284 = 0.25
    assert fit[1] == pytest.approx(0.25)
    # (0.5, 0.5) is at distance 1 -> 1 - 1/(2 sqrt 2)
    assert fit[2] == pytest.approx(1 - 1 / (2 * math.sqrt(2)))


def test_affect_guard_and_lead():
    calm = mood_target(-0.6, 0.7)
    v = np.array([0.5, 0.5, 0.5, -0.2])
    a = np.array([-0.5, 0.5, 0.51, -0.6])
    assert affect_guard(v, a, calm).tolist() == [True, True, False, True]
    assert leads_toward(v, a, calm).tolist() == [True, False, False, False]
    lift = mood_target(-0.7, -0.4)
    assert affect_guard(np.array([-0.3, -0.2, 0.4]), np.zeros(3), lift).tolist() == [
        False,
        True,
        True,
    ]


def test_describe_affect():
    assert describe_affect(0.6, -0.7) == "calming, uplifting"
    assert describe_affect(0.0, 0.8) == "energising, neutral"
    assert describe_affect(-0.5, 0.0) == "steady, sombre"


def test_money_and_price_position():
    assert format_money(12345, "EUR") == "EUR 123.45"
    assert format_money(5, "EUR") == "EUR 0.05"
    assert price_position(2000, 2000, 10000) == "lower third"
    assert price_position(6000, 2000, 10000) == "middle"
    assert price_position(10000, 2000, 10000) == "upper third"


def test_reasons_include_fit_price_and_history():
    t = mood_target(-0.6, 0.7)
    reasons = reasons_for(
        mood_label="stressed",
        target=t,
        valence=0.6,
        arousal=-0.7,
        fit=0.95,
        price_cents=2499,
        min_cents=2000,
        max_cents=10000,
        currency="EUR",
        pop=0.9,
        because_name="Lavender soy candle",
        collab=0.0,
    )
    codes = [r["code"] for r in reasons]
    assert codes == ["mood_fit", "price_position", "history", "popular"]
    assert "calm" in reasons[0]["text"] and "95%" in reasons[0]["text"]
    assert "lower third" in reasons[1]["text"]
    assert reasons[2]["text"] == "Because you liked Lavender soy candle."


def test_spending_guard_rules():
    assert not spending_guard(anxiety=None, recent=[]).active
    assert not spending_guard(anxiety=59.9, recent=[]).active
    on = spending_guard(anxiety=60, recent=[])
    assert on.active and on.reasons == ("high_financial_anxiety",) and on.fraction == 0.5
    # one faint negative entry is not a pattern
    assert not spending_guard(anxiety=None, recent=[(-0.9, 0.5)]).active
    mood = spending_guard(anxiety=10, recent=[(-0.8, 0.8), (-0.6, 0.6)])
    assert mood.reasons == ("strongly_negative_mood",)
    # (-0.8*0.8 + -0.6*0.6) / 1.4 = -0.7142857
    assert mood.mood_score == pytest.approx(-0.7143, abs=1e-4)
    both = spending_guard(anxiety=80, recent=[(-0.8, 1.0), (-0.7, 1.0)])
    assert both.reasons == ("high_financial_anxiety", "strongly_negative_mood")


def test_weighted_mood_empty_and_zero_weight():
    assert weighted_mood([]) == (None, 0.0)
    assert weighted_mood([(0.5, 0.0)]) == (None, 0.0)
