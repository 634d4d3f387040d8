"""Sending notifications (in-app, email, Alertmanager-compatible webhook) and keeping history."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from operations import conf
from operations.models import (
    Alert,
    EscalationLevel,
    Incident,
    Notification,
    NotificationChannel,
    NotificationGroup,
)
from operations.services import webhooks

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_S = 5


def _iso(value: datetime | None) -> str:
    return value.isoformat().replace("+00:00", "Z") if value else "0001-01-01T00:00:00Z"


def alertmanager_payload(
    *,
    alerts: list[Alert],
    status: str,
    receiver: str,
    group_key: str,
    group_labels: dict,
) -> dict:
    """The JSON Alertmanager's webhook receiver sends (version 4), built from our alerts."""
    items = []
    for alert in alerts:
        items.append(
            {
                "status": alert.status,
                "labels": alert.labels,
                "annotations": {"summary": alert.summary, "dedup_key": alert.dedup_key},
                "startsAt": _iso(alert.starts_at),
                "endsAt": _iso(alert.ends_at),
                "generatorURL": (
                    reverse("operations:incident_detail", args=[alert.incident_id])
                    if alert.incident_id
                    else ""
                ),
                "fingerprint": alert.fingerprint[:16],
            }
        )
    label_sets = [a.labels for a in alerts]
    common = (
        {k: v for k, v in label_sets[0].items() if all(ls.get(k) == v for ls in label_sets)}
        if label_sets
        else {}
    )
    return {
        "version": "4",
        "groupKey": group_key,
        "truncatedAlerts": 0,
        "status": status,
        "receiver": receiver,
        "groupLabels": group_labels,
        "commonLabels": common,
        "commonAnnotations": {},
        "externalURL": conf.get("OPERATIONS_EXTERNAL_URL"),
        "alerts": items,
    }


def _post_json(url: str, payload: dict) -> None:
    """POST to a staff-configured webhook under the SSRF rules of operations.services.webhooks."""
    from operations.isolation_state import webhook_secret

    webhooks.webhook_post(url, payload, timeout=WEBHOOK_TIMEOUT_S, secret=webhook_secret())


def notification_send(
    *,
    channel_kind: str,
    recipient: str,
    subject: str,
    body: str,
    kind: str,
    now: datetime,
    user=None,
    payload: dict | None = None,
    incident: Incident | None = None,
    group: NotificationGroup | None = None,
) -> Notification:
    """Deliver one message and record it (status "sent" or "failed" with a failure class).

    The stored error is a class ("connection failed", "timeout", "refused by policy", "http 5xx"
    ...), never the socket's own text: that text tells open ports from closed ones.
    """
    status, error = "sent", ""
    try:
        if channel_kind == "email":
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        elif channel_kind == "webhook":
            _post_json(recipient, payload or {})
    except webhooks.WebhookFailed as exc:
        status, error = "failed", exc.failure_class
    except TimeoutError:
        status, error = "failed", webhooks.TIMEOUT
    except (OSError, ValueError):
        status, error = "failed", webhooks.CONNECTION_FAILED
    if status == "failed":
        # The recipient is left out: a webhook URL often carries its own secret.
        logger.warning("%s notification failed: %s", channel_kind, error)
    return Notification.objects.create(
        channel_kind=channel_kind,
        kind=kind,
        recipient=recipient,
        user=user,
        subject=subject[:255],
        body=body,
        payload=payload or {},
        status=status,
        error=error,
        created_at=now,
        incident=incident,
        group=group,
    )


def level_notify(
    *,
    level: EscalationLevel,
    subject: str,
    body: str,
    kind: str,
    now: datetime,
    alerts: list[Alert],
    group_key: str,
    group_labels: dict,
    incident: Incident | None = None,
    group: NotificationGroup | None = None,
) -> list[Notification]:
    """Notify every target of an escalation level: its users (in-app + email) and channels."""
    sent = []
    status = "resolved" if kind == "resolved" else "firing"
    users = list(level.users.all())
    if not users and not level.channels.exists():
        # An unstaffed level still reaches someone: every active staff member's inbox.
        from django.contrib.auth import get_user_model

        users = list(get_user_model().objects.filter(is_staff=True, is_active=True))
    for user in users:
        sent.append(
            notification_send(
                channel_kind="in_app",
                recipient=user.get_username(),
                user=user,
                subject=subject,
                body=body,
                kind=kind,
                now=now,
                incident=incident,
                group=group,
            )
        )
        if user.email:
            sent.append(
                notification_send(
                    channel_kind="email",
                    recipient=user.email,
                    user=user,
                    subject=subject,
                    body=body,
                    kind=kind,
                    now=now,
                    incident=incident,
                    group=group,
                )
            )
    channel: NotificationChannel
    for channel in level.channels.filter(enabled=True):
        if kind == "resolved" and not channel.send_resolved:
            continue
        payload = None
        if channel.kind == "webhook":
            payload = alertmanager_payload(
                alerts=alerts,
                status=status,
                receiver=channel.name,
                group_key=group_key,
                group_labels=group_labels,
            )
        recipient = channel.target
        if channel.kind == "in_app" and channel.user is not None:
            recipient = channel.user.get_username()
        sent.append(
            notification_send(
                channel_kind=channel.kind,
                recipient=recipient,
                user=channel.user,
                subject=subject,
                body=body,
                kind=kind,
                now=now,
                payload=payload,
                incident=incident,
                group=group,
            )
        )
    return sent


def alerts_text(alerts: list[Alert]) -> str:
    lines = []
    for alert in alerts:
        lines.append(
            f"[{alert.status.upper()}] {alert.severity} {alert.name} ({alert.source}): "
            f"{alert.summary or alert.dedup_key}"
        )
        if alert.incident_id:
            lines.append(f"  incident #{alert.incident_id}")
    return "\n".join(lines)


def notification_mark_read(*, user, notification_id: int | None = None, now: datetime) -> int:
    """Mark one (or all) of a user's in-app notifications read; returns how many changed."""
    qs = Notification.objects.filter(user=user, channel_kind="in_app", read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=now)
