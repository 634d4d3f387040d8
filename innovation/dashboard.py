"""Home dashboard card for the innovation context."""

from django.urls import reverse

from innovation import selectors

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "innovation.view_challenge"


def dashboard_card(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    qs = selectors.invention_list(user=request.user)
    n = qs.count()
    return {
        "title": "Innovation",
        "url": reverse("innovation:index"),
        "lines": [
            ("Inventions", n),
            ("Breakthrough potential > 0.8", qs.filter(breakthrough_potential__gt=0.8).count()),
            ("Launched", qs.filter(status="launched").count()),
        ],
        "note": "Generate concepts for a challenge" if n == 0 else "",
    }
