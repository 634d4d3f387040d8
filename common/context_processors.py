"""Template context shared by every page: site name and the navigation."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (url name, label, permission needed to see the entry). A context appears in the nav once it
# has an index page, and only to the people its index page lets in.
NAV = [
    ("moods:index", "Mood journal", "moods.view_moodentry"),
    ("arts:index", "Music messages", "arts.view_musicmessage"),
    ("commerce:index", "Shopping", "commerce.view_product"),
    ("finance:index", "Risk profile", "finance.view_riskassessment"),
    ("valuation:index", "Valuation", "valuation.view_revenueevent"),
    ("innovation:index", "Innovation", "innovation.view_challenge"),
    ("operations:index", "Operations", "operations.view_incident"),
]


def _nav(user) -> list[dict]:
    items = []
    for name, label, permission in NAV:
        if not user.has_perm(permission):
            continue
        try:
            items.append({"url": reverse(name), "label": label, "section": name.split(":")[0]})
        except NoReverseMatch:
            continue
    return items


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.HARMONYHUB_SITE_NAME,
        "signup_open": settings.SIGNUP_OPEN,
        "nav_items": _nav(user) if user is not None and user.is_authenticated else [],
        "nav_section": request.resolver_match.namespace if request.resolver_match else "",
    }
