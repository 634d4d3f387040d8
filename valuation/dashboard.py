"""The valuation card on the home dashboard."""

from django.urls import reverse

from valuation.selectors import PORTFOLIO, snapshot_latest

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "valuation.view_revenueevent"


def dashboard_card(request):
    snap = snapshot_latest(scope=PORTFOLIO)
    if snap is None:
        return {
            "title": "Portfolio valuation",
            "url": reverse("valuation:index"),
            "lines": [("Status", "no valuation yet")],
        }
    ch = (snap.risk or {}).get("changes") or {}
    day = ch.get("day")
    return {
        "title": "Portfolio valuation",
        "url": reverse("valuation:index"),
        "lines": [
            ("Value", f"{snap.value:,.0f}"),
            ("P10 – P90", f"{snap.p10:,.0f} – {snap.p90:,.0f}"),
            ("MRR", f"{snap.mrr:,.0f}"),
            ("Change, 1 day", "—" if day is None else f"{day:+.2%}"),
        ],
        "note": f"as of {snap.as_of}",
    }
