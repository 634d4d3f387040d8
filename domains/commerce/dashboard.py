"""The shop's card on the home dashboard."""

from django.urls import reverse

from domains.commerce.selectors import shop_summary

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "commerce.view_recommendation"


def dashboard_card(request):
    summary = shop_summary(user=request.user)
    latest = summary["latest"]
    return {
        "title": "Mood-based shopping",
        "url": reverse("commerce:index"),
        "lines": [
            ("Last suggestions for", latest.mood if latest else "—"),
            ("Saved products", summary["saved"]),
            ("Feedback given", summary["interactions"]),
        ],
        "note": "Mindful spending was on for your last list."
        if latest and latest.guard_active
        else "",
    }
