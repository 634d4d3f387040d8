"""A typed login name never reaches alert labels, logs or webhook payloads (issue 21).

People type passwords into the user-name box; a canary name stands in for one.
"""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from operations.models import (
    Alert,
    EscalationLevel,
    EscalationPolicy,
    Incident,
    Notification,
    NotificationChannel,
)
from operations.services.dispatch import notifications_dispatch

pytestmark = pytest.mark.django_db
CANARY = "Canary-hunter2-PASSWORD-7f3a"


@pytest.mark.parametrize("axes_enabled", [True, False])
def test_typed_login_name_reaches_no_alert_log_or_webhook(
    client, settings, monkeypatch, caplog, axes_enabled
):
    settings.AXES_ENABLED = axes_enabled
    settings.AXES_FAILURE_LIMIT = 3
    settings.OPERATIONS_FAILED_LOGIN_BURST = 3
    posted = []
    monkeypatch.setattr(
        "operations.services.notifications._post_json", lambda url, payload: posted.append(payload)
    )
    EscalationPolicy.objects.update(is_default=False)
    policy = EscalationPolicy.objects.create(name="Canary", is_default=True, repeats=1)
    level = EscalationLevel.objects.create(policy=policy, position=0, name="L1")
    level.channels.add(
        NotificationChannel.objects.create(
            name="hook", kind="webhook", target="https://hooks.example.com/"
        )
    )
    caplog.set_level(logging.DEBUG)
    for _ in range(4):
        client.post("/accounts/login/", {"username": CANARY, "password": "wrong-password"})
    alerts = list(Alert.objects.filter(source="security").values())
    assert alerts, "a failed-login burst must still alert"
    notifications_dispatch(now=timezone.now() + timedelta(minutes=1))
    assert posted, "the webhook must have been called"
    stored = [
        alerts,
        list(Incident.objects.values()),
        list(Notification.objects.values()),
        posted,
        caplog.text,
    ]
    assert CANARY.lower() not in repr(stored).lower()
