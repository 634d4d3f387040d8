"""Demo data loads twice without duplicating, and the success dashboard shows it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from operations.demo import seed_demo
from operations.models import Alert, AnalyticsEvent, HealthSnapshot, Incident

pytestmark = pytest.mark.django_db


def test_seed_demo_idempotent_and_dashboard(staff_client):
    User = get_user_model()
    User.objects.create_user("admin", is_staff=True)
    User.objects.create_user("demo")
    seed_demo(stdout=io.StringIO())
    counts = (AnalyticsEvent.objects.count(), Alert.objects.count(), HealthSnapshot.objects.count())
    seed_demo(stdout=io.StringIO())
    assert counts == (
        AnalyticsEvent.objects.count(),
        Alert.objects.count(),
        HealthSnapshot.objects.count(),
    )
    assert set(Incident.objects.values_list("source", flat=True)) == {
        "system",
        "security",
        "valuation",
        "revenue",
        "innovation",
    }
    assert HealthSnapshot.objects.count() >= 23
    response = staff_client.get(reverse("operations:success"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "NPS" in body and "Monthly retention" in body and "Users" in body
    assert response.context["groups"]["Product"][0]["value"] is not None
    assert staff_client.get(reverse("operations:health")).status_code == 200
