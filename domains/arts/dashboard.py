"""The music messages card on the home dashboard."""

from django.urls import reverse

from common.labels import label_for
from domains.arts.selectors import music_message_list


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
