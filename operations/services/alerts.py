"""Raising and resolving alerts (the interface every context uses), with incident opening.

PagerDuty semantics per dedup key: a trigger while an alert with that key fires appends to it
(one incident); after a resolve the same key opens a new alert and a new incident.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from operations.engines import alerting
from operations.models import (
    Alert,
    AlertEvent,
    AlertRule,
    EscalationPolicy,
    Incident,
    IncidentLog,
    Runbook,
    Silence,
)
from operations.models.alerts import SEVERITIES, SOURCES
from operations.services.triage import TRIAGE_ALERTS

SOURCE_NAMES = {key for key, _ in SOURCES}
SEVERITY_NAMES = {key for key, _ in SEVERITIES}
DEFAULT_SERVICE = "harmonyhub"


def _validate(*, source: str, name: str, dedup_key: str, severity: str, labels) -> None:
    fields: dict[str, list[str]] = {}
    if source not in SOURCE_NAMES:
        fields["source"] = [f"Must be one of: {', '.join(sorted(SOURCE_NAMES))}."]
    if not name or len(name) > 120:
        fields["name"] = ["Give a name of 1-120 characters."]
    if not dedup_key or len(dedup_key) > 255:
        fields["dedup_key"] = ["Give a dedup key of 1-255 characters."]
    if severity not in SEVERITY_NAMES:
        fields["severity"] = [f"Must be one of: {', '.join(sorted(SEVERITY_NAMES))}."]
    if labels is not None and not isinstance(labels, dict):
        fields["labels"] = ["Labels must be an object of strings."]
    if fields:
        raise ApplicationError("The alert is not valid.", code="invalid_alert", fields=fields)


def policy_for(source: str) -> EscalationPolicy | None:
    """The escalation policy handling `source`: the one listing it, else the default one."""
    for policy in EscalationPolicy.objects.all():
        if source in (policy.sources or []):
            return policy
    return EscalationPolicy.objects.filter(is_default=True).first()


def runbook_for(name: str) -> Runbook | None:
    for runbook in Runbook.objects.all():
        if name in (runbook.alert_names or []):
            return runbook
    return None


def _policy_timeouts(policy: EscalationPolicy | None) -> list[float]:
    if policy is None:
        return []
    return [lvl.timeout_minutes * 60.0 for lvl in policy.levels.all()]


def incident_open(*, alert: Alert, now: datetime) -> Incident:
    """Open the incident for a newly firing alert; step 0 goes out with its group notification."""
    policy = policy_for(alert.source)
    incident = Incident.objects.create(
        title=alert.summary or alert.name,
        source=alert.source,
        alert_name=alert.name,
        severity=alert.severity,
        dedup_key=alert.dedup_key,
        triggered_at=now,
        escalation_started_at=now,
        policy=policy,
        runbook=runbook_for(alert.name),
        escalation_step=1,
    )
    nxt = alerting.next_escalation_s(
        _policy_timeouts(policy), policy.repeats if policy else 1, incident.escalation_step
    )
    if nxt is not None:
        incident.next_escalation_at = now + timedelta(seconds=nxt)
        incident.save(update_fields=["next_escalation_at"])
    IncidentLog.objects.create(
        incident=incident, at=now, kind="triggered", message=alert.summary or alert.name
    )
    if alert.name in TRIAGE_ALERTS:
        # Evidence for the performance runbook, gathered by a worker once the incident exists.
        from operations.tasks import performance_triage_task

        incident_id = incident.pk
        transaction.on_commit(lambda: performance_triage_task.delay(incident_id))
    return incident


def _labels_for(*, source: str, name: str, severity: str, labels: dict | None) -> dict:
    out = {str(k): str(v) for k, v in (labels or {}).items()}
    out.setdefault("service", DEFAULT_SERVICE)
    out.update({"alertname": name, "source": source, "severity": severity})
    return out


def alert_fire_at(
    *,
    source: str,
    name: str,
    dedup_key: str,
    severity: str = "SEV-3",
    summary: str = "",
    labels: dict | None = None,
    value: float | None = None,
    rule: AlertRule | None = None,
    now: datetime | None = None,
) -> Alert:
    """`alert_fire` with an explicit clock and rule (used by rule evaluation and tests)."""
    _validate(source=source, name=name, dedup_key=dedup_key, severity=severity, labels=labels)
    now = now or timezone.now()
    full_labels = _labels_for(source=source, name=name, severity=severity, labels=labels)
    summary = (summary or "")[:500]
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return _fire_locked(
                    source, name, dedup_key, severity, summary, full_labels, value, rule, now
                )
        except IntegrityError:
            # Another process opened the same key between our read and insert: retry, append.
            continue
    raise ApplicationError("The alert could not be recorded; try again.", code="conflict")


def _fire_locked(source, name, dedup_key, severity, summary, labels, value, rule, now) -> Alert:
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .filter(dedup_key=dedup_key, status="firing")
        .select_related("incident")
        .first()
    )
    if alert is not None:
        alert.last_seen_at = now
        alert.fire_count += 1
        alert.value = value
        changed_severity = alerting.SEVERITY_ORDER[severity] < alerting.SEVERITY_ORDER.get(
            alert.severity, 9
        )
        if changed_severity:
            alert.severity = severity
            alert.labels = {**alert.labels, "severity": severity}
        if summary:
            alert.summary = summary
        alert.save()
        if changed_severity:
            AlertEvent.objects.create(
                alert=alert, kind="severity", at=now, value=value, detail=severity
            )
        incident = alert.incident
        if incident is not None and incident.status != "resolved":
            Incident.objects.filter(pk=incident.pk).update(
                trigger_count=incident.trigger_count + 1,
                **({"severity": severity} if changed_severity else {}),
            )
        return alert
    alert = Alert.objects.create(
        source=source,
        name=name,
        dedup_key=dedup_key,
        fingerprint=alerting.fingerprint(labels),
        severity=severity,
        summary=summary,
        labels=labels,
        value=value,
        starts_at=now,
        last_seen_at=now,
        rule=rule,
    )
    AlertEvent.objects.create(alert=alert, kind="fired", at=now, value=value, detail=summary)
    alert.incident = incident_open(alert=alert, now=now)
    alert.save(update_fields=["incident"])
    return alert


def alert_fire(
    *,
    source: str,
    name: str,
    dedup_key: str,
    severity: str = "SEV-3",
    summary: str = "",
    labels: dict | None = None,
    value: float | None = None,
) -> Alert:
    """Raise (or re-raise) an alert identified by `dedup_key`; returns the firing Alert.

    `source` is one of system, security, valuation, revenue, innovation; `severity` SEV-1…4.
    Firing twice with one key gives one alert and one incident; after `alert_resolve` the
    same key opens a new alert and a new incident.
    """
    return alert_fire_at(
        source=source,
        name=name,
        dedup_key=dedup_key,
        severity=severity,
        summary=summary,
        labels=labels,
        value=value,
    )


def alert_resolve_at(
    *, dedup_key: str, now: datetime | None = None, detail: str = "", user=None
) -> Alert | None:
    """`alert_resolve` with an explicit clock; also resolves the incident if still open."""
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .filter(dedup_key=dedup_key, status="firing")
            .select_related("incident")
            .first()
        )
        if alert is None:
            return None
        alert.status, alert.ends_at = "resolved", now
        alert.save(update_fields=["status", "ends_at"])
        AlertEvent.objects.create(alert=alert, kind="resolved", at=now, detail=detail[:500])
        incident = alert.incident
        if incident is not None and incident.status != "resolved":
            incident.status, incident.resolved_at = "resolved", now
            incident.resolved_by = user
            incident.next_escalation_at = None
            incident.save(
                update_fields=["status", "resolved_at", "resolved_by", "next_escalation_at"]
            )
            IncidentLog.objects.create(
                incident=incident,
                at=now,
                kind="resolved",
                user=user,
                message=detail or "The alert condition cleared.",
            )
        _expire_silences_on_resolve(alert, now)
        return alert


def _expire_silences_on_resolve(alert: Alert, now: datetime) -> None:
    for silence in Silence.objects.filter(
        expire_on_resolve=True, expired_at__isnull=True, ends_at__gt=now
    ):
        try:
            matchers = alerting.parse_matchers(silence.matchers)
        except ValueError:
            continue
        if alerting.all_match(matchers, alert.labels):
            silence.expired_at = now
            silence.ends_at = max(now, silence.starts_at)
            silence.save(update_fields=["expired_at", "ends_at"])


def alert_resolve(*, dedup_key: str) -> Alert | None:
    """Resolve the firing alert with `dedup_key` (and its incident); None if none is firing."""
    return alert_resolve_at(dedup_key=dedup_key)
