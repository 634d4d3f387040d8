"""The mood journal's card on the home dashboard."""

from django.urls import reverse

from domains.moods.selectors import mood_summary

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "moods.view_moodentry"


def dashboard_card(request):
    summary = mood_summary(user=request.user)
    mean = summary["mean_valence"]
    return {
        "title": "Your mood journal",
        "url": reverse("moods:index"),
        "lines": [
            ("Entries, last 7 days", summary["count"]),
            ("Most frequent", summary["top_emotion"] or "—"),
            ("Mean valence", f"{mean:+.2f}" if mean is not None else "—"),
        ],
    }
