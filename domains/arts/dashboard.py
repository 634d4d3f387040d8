"""The music messages card on the home dashboard."""

from django.urls import reverse

from common.labels import label_for
from domains.arts.selectors import music_message_list

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "arts.view_musicmessage"


def dashboard_card(request):
    qs = music_message_list(user=request.user)
    latest = qs.first()
    return {
        "title": "Music messages",
        "url": reverse("arts:index"),
        "lines": [
            ("Messages", qs.count()),
            ("Shared by link", qs.filter(share_revoked=False).count()),
            ("Latest", f"{latest.emotion} ({label_for(latest.occasion)})" if latest else "—"),
        ],
        "note": "Compose music from an emotion and send it by link.",
    }
