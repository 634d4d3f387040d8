"""The valuation card on the home dashboard."""

from django.urls import reverse

from common.templatetags import ui
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
            ("Value", ui.money0(snap.value)),
            ("P10 – P90", f"{ui.money_compact(snap.p10)} – {ui.money_compact(snap.p90)}"),
            ("MRR", ui.money0(snap.mrr)),
            ("Change, 1 day", ui.signed_percent(day)),
        ],
        "note": f"as of {ui.day(snap.as_of)}",
    }
