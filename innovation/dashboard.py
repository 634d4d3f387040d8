"""Home dashboard card for the innovation context."""

from django.urls import reverse

from innovation import selectors


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
