"""The risk profile's card on the home dashboard (the person's own latest assessment only)."""

from django.urls import reverse

from domains.finance.selectors import assessment_latest, reassessment_status

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "finance.view_riskassessment"


def dashboard_card(request):
    latest = assessment_latest(user=request.user)
    lines = [("Latest score", f"{latest.score} ({latest.band})" if latest else "—")]
    if latest:
        w = latest.allocation
        lines.append(("Suggested mix", f"{w['stocks']:.0%} / {w['bonds']:.0%} / {w['cash']:.0%}"))
        lines.append(("Retake", "due now" if reassessment_status(latest)["due"] else "not yet"))
    return {"title": "Emotional risk profile", "url": reverse("finance:index"), "lines": lines}
