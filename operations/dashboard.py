"""Home dashboard card for operations (Operators)."""

from django.urls import reverse

# The home page shows this card only to people holding this permission.
CARD_PERMISSION = "operations.view_incident"


def dashboard_card(request) -> dict | None:
    from operations.models import Alert, Incident
    from operations.selectors import incident_stats

    stats = incident_stats(days=30)
    mtta = stats["mtta_minutes"]
    return {
        "title": "Operations",
        "url": reverse("operations:index"),
        "lines": [
            ("Firing alerts", Alert.objects.filter(status="firing").count()),
            ("Open incidents", Incident.objects.exclude(status="resolved").count()),
            ("MTTA (30 days)", f"{mtta:.1f} min" if mtta is not None else "–"),
        ],
        "note": "Health, alerts, incidents and success metrics",
    }
