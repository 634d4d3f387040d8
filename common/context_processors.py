"""Template context shared by every page: site name and the navigation."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (url name, label, staff only). A context appears in the nav once it has an index page.
NAV = [
    ("moods:index", "Mood journal", False),
    ("arts:index", "Music messages", False),
    ("commerce:index", "Shopping", False),
    ("finance:index", "Risk profile", False),
    ("valuation:index", "Valuation", True),
    ("innovation:index", "Innovation", False),
    ("operations:index", "Operations", True),
]


def _nav(user) -> list[dict]:
    items = []
    for name, label, staff_only in NAV:
        if staff_only and not user.is_staff:
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
