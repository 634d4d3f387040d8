"""PagerDuty half: acknowledge, resolve, escalate incidents; the runbook checklist."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from operations.engines import alerting
from operations.models import Alert, Incident, IncidentLog
from operations.services.alerts import alert_resolve_at
from operations.services.notifications import alerts_text, level_notify


def _locked(incident: Incident) -> Incident:
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("policy")
        .get(pk=incident.pk)
    )


def incident_acknowledge(
    *, incident: Incident, user, comment: str = "", now: datetime | None = None
) -> Incident:
    """Someone is on it: stop escalation and notifications for this incident."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = _locked(incident)
        if incident.status == "resolved":
            raise ApplicationError(
                "A resolved incident cannot be acknowledged.", code="incident_resolved"
            )
        if incident.status == "acknowledged":
            raise ApplicationError("The incident is already acknowledged.", code="already_acked")
        incident.status = "acknowledged"
        incident.acknowledged_at = now
        incident.acknowledged_by = user
        incident.next_escalation_at = None
        policy = incident.policy
        if policy is not None and policy.ack_timeout_minutes:
            incident.next_escalation_at = now + timedelta(minutes=policy.ack_timeout_minutes)
        incident.save()
        IncidentLog.objects.create(
            incident=incident, at=now, kind="acknowledged", user=user, message=comment[:2000]
        )
    return incident


def incident_resolve(
    *, incident: Incident, user, comment: str = "", now: datetime | None = None
) -> Incident:
    """Close the incident and resolve its firing alerts; the same key later opens a new one."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = _locked(incident)
        if incident.status == "resolved":
            raise ApplicationError("The incident is already resolved.", code="already_resolved")
        keys = list(
            Alert.objects.filter(incident=incident, status="firing").values_list(
                "dedup_key", flat=True
            )
        )
        for key in keys:
            alert_resolve_at(
                dedup_key=key, now=now, detail=comment or "Resolved by hand.", user=user
            )
        incident.refresh_from_db()
        if incident.status != "resolved":
            incident.status, incident.resolved_at, incident.resolved_by = "resolved", now, user
            incident.next_escalation_at = None
            incident.save()
            IncidentLog.objects.create(
                incident=incident, at=now, kind="resolved", user=user, message=comment[:2000]
            )
        elif comment:
            IncidentLog.objects.create(
                incident=incident, at=now, kind="comment", user=user, message=comment[:2000]
            )
    return incident


def _timeouts(incident: Incident) -> list[float]:
    if incident.policy is None:
        return []
    return [lvl.timeout_minutes * 60.0 for lvl in incident.policy.levels.all()]


def _notify_step(incident: Incident, step: alerting.EscalationStep, now, *, reason: str) -> int:
    levels = list(incident.policy.levels.order_by("position"))
    level = levels[step.level]
    alerts = list(incident.alerts.all())
    subject = f"[ESCALATION L{step.level + 1}] {incident.severity} #{incident.pk} {incident.title}"
    body = f"{reason}\n{alerts_text(alerts)}"
    sent = level_notify(
        level=level,
        subject=subject,
        body=body,
        kind="escalation",
        now=now,
        alerts=alerts,
        group_key=f"incident:{incident.pk}",
        group_labels={"incident": str(incident.pk)},
        incident=incident,
    )
    IncidentLog.objects.create(
        incident=incident,
        at=now,
        kind="escalated",
        message=f"Level {step.level + 1} ({level.name}), round {step.loop + 1}: "
        f"{len(sent)} notification(s). {reason}",
    )
    return len(sent)


def incident_escalate_tick(*, incident: Incident, now: datetime, muted: bool = False) -> int:
    """Send the escalation steps that are due for one incident; returns notifications sent."""
    with transaction.atomic():
        incident = _locked(incident)
        policy = incident.policy
        if policy is None or incident.status == "resolved":
            return 0
        if incident.status == "acknowledged":
            # incident.io acknowledgement timeout: still open after it, escalate again from L1.
            if incident.next_escalation_at is None or incident.next_escalation_at > now:
                return 0
            incident.status, incident.escalation_started_at = "triggered", now
            incident.escalation_step = 0
            IncidentLog.objects.create(
                incident=incident,
                at=now,
                kind="reopened",
                message="Acknowledgement timed out with the incident still open.",
            )
        timeouts = _timeouts(incident)
        base = incident.escalation_started_at or incident.triggered_at
        elapsed = (now - base).total_seconds()
        due = alerting.escalation_due(timeouts, policy.repeats, elapsed, incident.escalation_step)
        sent = 0
        for index, step in due:
            if muted:
                IncidentLog.objects.create(
                    incident=incident,
                    at=now,
                    kind="suppressed",
                    message=f"Level {step.level + 1} step muted by a silence or inhibition.",
                )
            else:
                sent += _notify_step(incident, step, now, reason="Not acknowledged in time.")
            incident.escalation_step = index + 1
        nxt = alerting.next_escalation_s(timeouts, policy.repeats, incident.escalation_step)
        incident.next_escalation_at = base + timedelta(seconds=nxt) if nxt is not None else None
        incident.save()
    return sent


def incident_escalate(*, incident: Incident, user, now: datetime | None = None) -> Incident:
    """Escalate by hand now: notify the next level at once and continue the plan from there."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = _locked(incident)
        if incident.status == "resolved":
            raise ApplicationError("A resolved incident cannot be escalated.", code="resolved")
        policy = incident.policy
        timeouts = _timeouts(incident)
        if policy is None or not timeouts:
            raise ApplicationError(
                "This incident has no escalation policy with levels.", code="no_policy"
            )
        plan = alerting.escalation_plan(timeouts, policy.repeats)
        if incident.escalation_step >= len(plan):
            raise ApplicationError("Every escalation level was already notified.", code="done")
        step = plan[incident.escalation_step]
        incident.status = "triggered"
        IncidentLog.objects.create(
            incident=incident, at=now, kind="escalate", user=user, message="Escalated by hand."
        )
        _notify_step(incident, step, now, reason=f"Escalated by {user.get_username()}.")
        # Shift the plan so the step just sent counts as happening now.
        incident.escalation_started_at = now - timedelta(seconds=step.at_s)
        incident.escalation_step += 1
        nxt = alerting.next_escalation_s(timeouts, policy.repeats, incident.escalation_step)
        incident.next_escalation_at = (
            incident.escalation_started_at + timedelta(seconds=nxt) if nxt is not None else None
        )
        incident.save()
    return incident


def incident_checklist_toggle(*, incident: Incident, step: int, user, done: bool) -> Incident:
    """Tick or untick one runbook step on the incident."""
    with transaction.atomic():
        incident = _locked(incident)
        steps = incident.runbook.steps if incident.runbook else []
        if not 0 <= step < len(steps):
            raise ApplicationError(
                "No such checklist step.", code="invalid", fields={"step": ["Out of range."]}
            )
        current = set(incident.checklist_done or [])
        if done:
            current.add(step)
        else:
            current.discard(step)
        incident.checklist_done = sorted(current)
        incident.save(update_fields=["checklist_done"])
        IncidentLog.objects.create(
            incident=incident,
            at=timezone.now(),
            kind="checklist",
            user=user,
            message=f"{'Done' if done else 'Undone'}: {steps[step]}",
        )
    return incident


def incidents_escalate_due(*, now: datetime | None = None) -> int:
    """Run the escalation tick for every incident with a due step; returns notifications sent."""
    from operations.services.dispatch import muting_context

    now = now or timezone.now()
    ctx = muting_context(now=now)
    sent = 0
    for incident in Incident.objects.filter(
        next_escalation_at__lte=now, status__in=["triggered", "acknowledged"]
    ).select_related("policy"):
        labels = [a.labels for a in incident.alerts.filter(status="firing")]
        muted = bool(labels) and all(ctx.muted(lab) for lab in labels)
        sent += incident_escalate_tick(incident=incident, now=now, muted=muted)
    return sent
