"""Home dashboard card for operations (staff only)."""

from django.urls import reverse


def dashboard_card(request) -> dict | None:
    if not request.user.is_staff:
        return None
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
