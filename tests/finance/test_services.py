"""Service tests: the seed example, full form, bad input, reassessment, the commerce hook."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.exceptions import ApplicationError
from domains.finance.models import RiskAssessment
from domains.finance.selectors import (
    assessment_latest_anxiety,
    reassessment_status,
)
from domains.finance.services import assess_emotional_risk_profile, market_drawdown_record
from domains.moods.services import mood_entry_create

pytestmark = pytest.mark.django_db
FULL = list("bbcbbcabababc")


@pytest.fixture
def demo(django_user_model):
    return django_user_model.objects.create_user("demo", password="x")


def test_seed_example(demo):
    r = assess_emotional_risk_profile(
        {"user_id": "demo", "emotional_tolerance": "moderate", "financial_anxiety_level": 6}
    )
    # tolerance 50, anxiety 60 -> 0.6*60 + 0.4*50 = 56, elevated
    assert (r["emotional_risk_score"], r["band"]) == (56, "elevated")
    assert r["components"] == {"tolerance": 50.0, "anxiety": 60.0, "capacity": 60.0}
    w = r["allocation"]
    assert w["stocks"] + w["bonds"] + w["cash"] == pytest.approx(1.0)
    o = r["outcomes"]
    assert o["paths"] == 10_000 and o["p10"] <= o["p50"] <= o["p90"]
    assert 0 <= o["prob_drawdown_beyond_comfort"] <= 1
    assert r["confidence"] == "lower" and r["reassessment_due"] is False
    assert "not financial advice" in r["note"] and r["formula_version"] == "erp-1.0"
    assert any(f["code"] == "short_form" for f in r["flags"])
    stored = RiskAssessment.objects.get(pk=r["assessment_id"])
    assert stored.user == demo and stored.seed == r["seed"] and len(stored.inputs_hash) == 64


def test_same_inputs_same_result(demo):
    req = {"user_id": demo.pk, "emotional_tolerance": 70, "financial_anxiety_level": 2.5}
    one, two = assess_emotional_risk_profile(req), assess_emotional_risk_profile(req)
    assert one["outcomes"] == two["outcomes"] and one["seed"] == two["seed"]
    assert one["assessment_id"] != two["assessment_id"]


def test_full_form_components_and_reversal_flag(demo):
    answers = ["a"] * 13
    answers[9] = "b"  # gamble in the loss frame after the sure gain in the gain frame
    r = assess_emotional_risk_profile(
        {
            "user_id": "demo",
            "risk_tolerance_answers": answers,
            "financial_anxiety_answers": [4] * 7,
            "horizon_years": 25,
            "emergency_fund_months": 6,
            "debt_to_income": 0,
        }
    )
    c = r["components"]
    assert (c["tolerance_raw"], c["tolerance_band"], c["anxiety_raw"]) == (18, "low", 28)
    assert c["anxiety"] == 50.0 and c["capacity"] == 100.0
    assert r["confidence"] == "standard"
    assert "loss_aversion_reversal" in [f["code"] for f in r["flags"]]
    assert r["outcomes"]["horizon_years"] == 25 and len(r["outcomes"]["fan"]) == 25


def test_capacity_caps_allocation(demo):
    r = assess_emotional_risk_profile(
        {
            "user_id": "demo", "emotional_tolerance": "high", "financial_anxiety_level": 0,
            "horizon_years": 1, "emergency_fund_months": 0, "debt_to_income": 2,
        }
    )  # fmt: skip
    assert r["allocation"]["stocks"] <= 0.25 and r["allocation"]["cash"] >= 0.10
    assert "capacity_limits_allocation" in [f["code"] for f in r["flags"]]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"emotional_tolerance": 101}, "emotional_tolerance"),
        ({"emotional_tolerance": -1}, "emotional_tolerance"),
        ({"emotional_tolerance": "fearless"}, "emotional_tolerance"),
        ({"emotional_tolerance": float("nan")}, "emotional_tolerance"),
        ({"emotional_tolerance": True}, "emotional_tolerance"),
        ({"financial_anxiety_level": 11}, "financial_anxiety_level"),
        ({"financial_anxiety_level": -0.5}, "financial_anxiety_level"),
        ({"financial_anxiety_level": False}, "financial_anxiety_level"),
        ({"financial_anxiety_level": "6"}, "financial_anxiety_level"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"horizon_years": 2.5}, "horizon_years"),
        ({"debt_to_income": float("inf")}, "debt_to_income"),
        ({"user_id": "ghost"}, "user_id"),
        ({"colour": "blue"}, "non_field_errors"),
    ],
)
def test_short_form_bad_input(demo, over, field):
    req = {"user_id": "demo", "emotional_tolerance": "moderate", "financial_anxiety_level": 6}
    req.update(over)
    with pytest.raises(ApplicationError) as exc:
        assess_emotional_risk_profile(req)
    assert field in exc.value.fields
    assert RiskAssessment.objects.count() == 0


@pytest.mark.parametrize(
    ("tol", "anx", "field"),
    [
        (["a"] * 12, [4] * 7, "risk_tolerance_answers"),
        (["a", "a", "a", "d"] + ["a"] * 9, [4] * 7, "risk_tolerance_answers"),
        (["a"] * 13, [4] * 6, "financial_anxiety_answers"),
        (["a"] * 13, [4] * 6 + [8], "financial_anxiety_answers"),
        (["a"] * 13, [4] * 6 + [True], "financial_anxiety_answers"),
        (["a"] * 13, None, "financial_anxiety_answers"),
    ],
)
def test_full_form_bad_input_names_field(demo, tol, anx, field):
    req = {"user_id": "demo", "risk_tolerance_answers": tol}
    if anx is not None:
        req["financial_anxiety_answers"] = anx
    with pytest.raises(ApplicationError) as exc:
        assess_emotional_risk_profile(req)
    assert field in exc.value.fields
    assert RiskAssessment.objects.count() == 0


def test_mixing_forms_is_refused(demo):
    with pytest.raises(ApplicationError) as exc:
        assess_emotional_risk_profile(
            {"user_id": "demo", "emotional_tolerance": "low", "risk_tolerance_answers": FULL}
        )
    assert "non_field_errors" in exc.value.fields


def test_negative_recent_mood_adds_nudge_and_state(demo):
    now = timezone.now()
    for h in (2, 6, 30):
        mood_entry_create(
            user=demo, emotion="sad", intensity=0.8, recorded_at=now - timedelta(hours=h)
        )
    r = assess_emotional_risk_profile(
        {"user_id": "demo", "emotional_tolerance": "moderate", "financial_anxiety_level": 3}
    )
    assert r["current_state"]["strongly_negative"] and r["current_state"]["entries"] == 3
    assert "wait_before_big_decisions" in [f["code"] for f in r["flags"]]


def test_reassessment_after_a_year_or_a_large_drawdown(demo):
    r = assess_emotional_risk_profile(
        {"user_id": "demo", "emotional_tolerance": "high", "financial_anxiety_level": 1}
    )
    a = RiskAssessment.objects.get(pk=r["assessment_id"])
    assert not reassessment_status(a)["due"]
    assert reassessment_status(a, now=a.created_at + timedelta(days=366))["due"]
    market_drawdown_record(occurred_on=timezone.localdate(), stocks_drawdown=0.05)
    assert not reassessment_status(a)["due"]  # a 5% fall of stocks is not large
    market_drawdown_record(occurred_on=timezone.localdate(), stocks_drawdown=0.30)
    status = reassessment_status(a)
    assert status["due"] and "fell" in status["reasons"][0]
    with pytest.raises(ApplicationError):
        market_drawdown_record(occurred_on=timezone.localdate(), stocks_drawdown=1.5)


def test_latest_anxiety_feeds_commerce_guard(demo):
    assert assessment_latest_anxiety(user=demo) is None
    assess_emotional_risk_profile(
        {"user_id": "demo", "emotional_tolerance": "low", "financial_anxiety_level": 8}
    )
    assert assessment_latest_anxiety(user=demo) == 80.0
    from domains.commerce.services import catalogue_load_default, mood_based_shopping

    catalogue_load_default()
    result = mood_based_shopping(
        {"user_id": "demo", "current_mood": "calm", "budget_range": {"min": 20, "max": 100}}
    )
    assert result["mindful_spending"]["reasons"] == ["high_financial_anxiety"]
    assert all(float(item["price"]) <= 60 for item in result["recommendations"])
