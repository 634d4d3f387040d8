"""Known answers through the database: rules, grouping, escalation, security signals."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from operations import registry
from operations.models import (
    Alert,
    AlertRule,
    EscalationLevel,
    EscalationPolicy,
    Incident,
    Notification,
    NotificationChannel,
)
from operations.selectors import incident_stats
from operations.services.alerts import alert_fire_at
from operations.services.config import silence_create
from operations.services.dispatch import notifications_dispatch
from operations.services.incidents import incident_acknowledge, incidents_escalate_due
from operations.services.rules import rules_evaluate

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def policy(staff_user):
    EscalationPolicy.objects.update(is_default=False)
    p = EscalationPolicy.objects.create(name="Test", is_default=True, repeats=2)
    for pos, name in enumerate(["L1", "L2"]):
        level = EscalationLevel.objects.create(
            policy=p, position=pos, name=name, timeout_minutes=15
        )
        level.channels.add(
            NotificationChannel.objects.create(
                name=f"{name}-mail", kind="email", target=f"{name}@x.io"
            )
        )
    return p


def test_rule_for_5m_fires_at_5_one_notification_and_keep_firing_resolves_at_8(policy):
    AlertRule.objects.all().delete()
    value = {"v": 10.0}
    registry.register_metric("test.metric", lambda: value["v"])
    AlertRule.objects.create(
        name="t",
        alert_name="TestHigh",
        metric="test.metric",
        comparator=">",
        threshold=5,
        for_seconds=300,
        keep_firing_for_seconds=120,
        severity="SEV-3",
    )
    try:
        seen = {}
        for minute in range(0, 10):
            now = T0 + timedelta(minutes=minute)
            value["v"] = 10.0 if minute < 6 else 0.0
            rules_evaluate(now=now)
            notifications_dispatch(now=now + timedelta(seconds=30))
            seen[minute] = AlertRule.objects.get(name="t").state
    finally:
        registry.unregister_metric("test.metric")
    assert [seen[m] for m in range(5)] == ["pending"] * 5
    assert seen[5] == seen[6] == seen[7] == "firing"
    assert seen[8] == "inactive"
    alert = Alert.objects.get(name="TestHigh")
    assert alert.starts_at == T0 + timedelta(minutes=5)
    assert alert.ends_at == T0 + timedelta(minutes=8)
    firing = Notification.objects.filter(kind="firing", channel_kind="email")
    assert firing.count() == 1  # L1's channel, once, after group_wait
    assert firing.get().created_at == T0 + timedelta(minutes=5, seconds=30)


def test_three_alerts_differing_by_instance_one_notification(policy):
    for i in range(3):
        alert_fire_at(
            source="system",
            name="HighLatency",
            dedup_key=f"lat:{i}",
            labels={"service": "api", "instance": f"web-{i}"},
            now=T0,
        )
    assert notifications_dispatch(now=T0 + timedelta(seconds=10)) == 0
    assert notifications_dispatch(now=T0 + timedelta(seconds=30)) == 1
    assert notifications_dispatch(now=T0 + timedelta(seconds=90)) == 0
    message = Notification.objects.get()
    assert message.subject.startswith("[FIRING:3]") and "web-2" not in message.subject
    assert len(mail.outbox) == 1


def test_escalation_without_ack_l1_0_l2_15_l1_30_l2_45_then_stop(policy):
    alert = alert_fire_at(source="system", name="X", dedup_key="esc", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))  # the L1 step at 0 (after wait)
    for minute in range(1, 91):
        incidents_escalate_due(now=T0 + timedelta(minutes=minute))
    sent = [
        (round((n.created_at - T0).total_seconds() / 60), n.recipient)
        for n in Notification.objects.order_by("created_at")
    ]
    assert sent == [(0, "L1@x.io"), (15, "L2@x.io"), (30, "L1@x.io"), (45, "L2@x.io")]
    assert Incident.objects.get(pk=alert.incident_id).next_escalation_at is None


def test_ack_at_20_cancels_the_rest_and_mtta_is_20(policy, staff_user):
    alert = alert_fire_at(source="system", name="X", dedup_key="esc2", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))
    for minute in range(1, 91):
        now = T0 + timedelta(minutes=minute)
        if minute == 20:
            incident_acknowledge(
                incident=Incident.objects.get(pk=alert.incident_id), user=staff_user, now=now
            )
        incidents_escalate_due(now=now)
        notifications_dispatch(now=now)
    minutes = [
        round((n.created_at - T0).total_seconds() / 60)
        for n in Notification.objects.order_by("created_at")
    ]
    assert minutes == [0, 15]
    incident = Incident.objects.get(pk=alert.incident_id)
    assert (incident.acknowledged_at - incident.triggered_at) == timedelta(minutes=20)
    Incident.objects.filter(pk=incident.pk).update(
        triggered_at=datetime.now(UTC) - timedelta(minutes=20), acknowledged_at=datetime.now(UTC)
    )
    assert incident_stats()["mtta_minutes"] == pytest.approx(20.0, abs=0.01)


def test_silence_mutes_and_renotifies_when_it_ends(policy):
    silence_create(
        matchers=[{"name": "alertname", "op": "=", "value": "Quiet"}],
        starts_at=T0 - timedelta(minutes=1),
        ends_at=T0 + timedelta(minutes=10),
        comment="m",
    )
    alert_fire_at(source="system", name="Quiet", dedup_key="q", now=T0)
    for minute in range(0, 10):
        notifications_dispatch(now=T0 + timedelta(minutes=minute, seconds=30))
    assert not Notification.objects.exists()
    notifications_dispatch(now=T0 + timedelta(minutes=10))
    assert Notification.objects.filter(kind="firing").count() == 1
    notifications_dispatch(now=T0 + timedelta(minutes=11))
    assert Notification.objects.count() == 1


def test_system_down_inhibits_performance_degradation(policy):
    alert_fire_at(source="system", name="SystemDown", dedup_key="down", now=T0)
    alert_fire_at(source="system", name="PerformanceDegradation", dedup_key="slow", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))
    subjects = list(Notification.objects.values_list("subject", flat=True))
    assert len(subjects) == 1 and "SystemDown" in subjects[0]


def test_webhook_payload_is_alertmanager_shaped(policy, monkeypatch):
    captured = {}

    def fake_post(url, payload):
        captured["url"], captured["payload"] = url, payload

    monkeypatch.setattr("operations.services.notifications._post_json", fake_post)
    level = policy.levels.get(position=0)
    level.channels.add(
        NotificationChannel.objects.create(name="hook", kind="webhook", target="http://hook.local/")
    )
    alert_fire_at(source="revenue", name="RevenueDecline", dedup_key="rev", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))
    payload = captured["payload"]
    assert payload["version"] == "4" and payload["status"] == "firing"
    assert payload["alerts"][0]["labels"]["alertname"] == "RevenueDecline"
    assert payload["groupLabels"] == {"alertname": "RevenueDecline", "service": "harmonyhub"}
    assert Notification.objects.get(channel_kind="webhook").status == "sent"


def test_failed_webhook_is_recorded_not_raised(policy):
    level = policy.levels.get(position=0)
    level.channels.add(
        NotificationChannel.objects.create(name="bad", kind="webhook", target="ftp://nope")
    )
    alert_fire_at(source="system", name="X", dedup_key="x", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))
    assert Notification.objects.get(channel_kind="webhook").status == "failed"


def test_failed_login_burst_fires_once(client, settings):
    settings.AXES_ENABLED = False
    settings.OPERATIONS_FAILED_LOGIN_BURST = 3
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ghost", "password": "wrong"})
    from operations.services.security import security_login_failed

    for _ in range(3):
        security_login_failed(ip="10.0.0.9")
    alerts = Alert.objects.filter(
        name="FailedLoginBurst", dedup_key="security:failed-login:10.0.0.9"
    )
    assert alerts.count() == 1 and alerts.get().source == "security"


def test_user_made_superuser_fires_privilege_alert(user):
    assert not Alert.objects.exists()
    user.is_superuser = True
    user.save()
    alert = Alert.objects.get(name="PrivilegeEscalation")
    assert alert.severity == "SEV-2" and "alice" in alert.summary


def test_new_staff_user_creation_does_not_alert():
    get_user_model().objects.create_user("newstaff", is_staff=True)
    assert not Alert.objects.exists()


def test_resolved_notification_after_group_interval(policy):
    alert_fire_at(source="system", name="Flappy", dedup_key="f", now=T0)
    notifications_dispatch(now=T0 + timedelta(seconds=30))
    from operations.services.alerts import alert_resolve_at

    alert_resolve_at(dedup_key="f", now=T0 + timedelta(minutes=1))
    assert notifications_dispatch(now=T0 + timedelta(minutes=2)) == 0  # group_interval
    assert notifications_dispatch(now=T0 + timedelta(minutes=6)) == 1
    assert Notification.objects.filter(kind="resolved").get().subject.startswith("[RESOLVED")


def test_acknowledgement_timeout_re_escalates_from_level_one(policy, staff_user):
    policy.ack_timeout_minutes = 30
    policy.save()
    alert = alert_fire_at(source="system", name="Sticky", dedup_key="s", now=T0)
    incident = Incident.objects.get(pk=alert.incident_id)
    incident_acknowledge(incident=incident, user=staff_user, now=T0 + timedelta(minutes=5))
    incidents_escalate_due(now=T0 + timedelta(minutes=20))
    assert not Notification.objects.exists()
    incidents_escalate_due(now=T0 + timedelta(minutes=35))
    incident.refresh_from_db()
    assert incident.status == "triggered"
    assert list(Notification.objects.values_list("recipient", flat=True)) == ["L1@x.io"]
    assert incident.log.filter(kind="reopened").exists()


def test_auth_failure_spike_rule_fires_from_request_minutes():
    from operations.models import RequestMinute

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    RequestMinute.objects.create(
        minute=now, route="api/v1/x/", method="GET", worker="w", count=150, s4xx=150, s401=150
    )
    rules_evaluate(now=now)
    alert = Alert.objects.get(name="AuthFailureSpike")
    assert alert.source == "security" and alert.value == 150.0
