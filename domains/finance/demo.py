"""Demo data: two assessments for the demo user (a quick check, then the full questionnaire)."""

from django.contrib.auth import get_user_model

from domains.finance.models import RiskAssessment
from domains.finance.services import assess_emotional_risk_profile


def seed_demo(*, stdout) -> None:
    demo = get_user_model().objects.get(username="demo")
    if RiskAssessment.objects.filter(user=demo).exists():
        stdout.write("  finance: demo assessments already present")
        return
    short = assess_emotional_risk_profile(
        {"user_id": "demo", "emotional_tolerance": "moderate", "financial_anxiety_level": 6}
    )
    full = assess_emotional_risk_profile(
        {
            "user_id": "demo",
            "risk_tolerance_answers": list("bbcbbcabababc"),
            "financial_anxiety_answers": [4, 3, 3, 2, 4, 2, 3],
            "horizon_years": 15,
            "emergency_fund_months": 4,
            "debt_to_income": 0.1,
        }
    )
    stdout.write(
        f"  finance: demo assessments {short['emotional_risk_score']} ({short['band']}) and "
        f"{full['emotional_risk_score']} ({full['band']})"
    )
