"""Alertmanager half: silences, inhibition and grouped notifications, run every minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from operations.engines import alerting
from operations.models import Alert, EscalationPolicy, InhibitRule, NotificationGroup, Silence
from operations.services.alerts import policy_for
from operations.services.notifications import alerts_text, level_notify

DEFAULT_GROUP_BY = ["alertname", "service"]


@dataclass
class MutingContext:
    """Active silences, inhibition rules and the firing label sets, loaded once per run."""

    silences: list[alerting.SilenceSpec]
    inhibit: list[alerting.InhibitSpec]
    firing_labels: list[dict]
    now: datetime

    def silenced(self, labels: dict) -> bool:
        return any(alerting.silence_mutes(s, labels, self.now) for s in self.silences)

    def inhibited(self, labels: dict) -> bool:
        return alerting.is_inhibited(labels, self.firing_labels, self.inhibit)

    def muted(self, labels: dict) -> bool:
        return self.silenced(labels) or self.inhibited(labels)


def silence_spec(silence: Silence) -> alerting.SilenceSpec:
    return alerting.SilenceSpec(
        matchers=tuple(alerting.parse_matchers(silence.matchers)),
        starts_at=silence.starts_at,
        ends_at=silence.ends_at,
        weekdays=tuple(int(d) for d in silence.weekdays or ()),
        daily_start=silence.daily_start,
        daily_end=silence.daily_end,
    )


def muting_context(*, now: datetime, firing: list[Alert] | None = None) -> MutingContext:
    silences = []
    for silence in Silence.objects.filter(
        starts_at__lte=now, ends_at__gt=now, expired_at__isnull=True
    ):
        try:
            silences.append(silence_spec(silence))
        except ValueError:
            continue
    inhibit = []
    for rule in InhibitRule.objects.filter(enabled=True):
        try:
            inhibit.append(
                alerting.InhibitSpec(
                    source=tuple(alerting.parse_matchers(rule.source_matchers)),
                    target=tuple(alerting.parse_matchers(rule.target_matchers)),
                    equal=tuple(rule.equal or ()),
                )
            )
        except ValueError:
            continue
    if firing is None:
        firing = list(Alert.objects.filter(status="firing"))
    return MutingContext(silences, inhibit, [a.labels for a in firing], now)


def _timing(policy: EscalationPolicy) -> alerting.GroupTiming:
    return alerting.GroupTiming(
        group_wait_s=policy.group_wait_seconds,
        group_interval_s=policy.group_interval_seconds,
        repeat_interval_s=policy.repeat_interval_seconds,
    )


def notifications_dispatch(*, now: datetime | None = None) -> int:
    """Flush every aggregation group that is due; returns the number of notifications sent."""
    now = now or timezone.now()
    firing = list(Alert.objects.filter(status="firing").select_related("incident"))
    ctx = muting_context(now=now, firing=firing)
    policies: dict[str, EscalationPolicy | None] = {}
    buckets: dict[tuple[int, str], dict] = {}
    for alert in firing:
        if alert.source not in policies:
            policies[alert.source] = policy_for(alert.source)
        policy = policies[alert.source]
        if policy is None:
            continue
        key, glabels = alerting.group_key(alert.labels, policy.group_by or DEFAULT_GROUP_BY)
        bucket = buckets.setdefault(
            (policy.pk, key),
            {"policy": policy, "labels": glabels, "live": [], "muted": set(), "acked": set()},
        )
        if alert.incident is not None and alert.incident.status == "acknowledged":
            bucket["acked"].add(alert.fingerprint)
        elif ctx.muted(alert.labels):
            bucket["muted"].add(alert.fingerprint)
        else:
            bucket["live"].append(alert)
    sent = 0
    existing = {(g.policy_id, g.group_key): g for g in NotificationGroup.objects.all()}
    for pkey in set(existing) | set(buckets):
        bucket = buckets.get(pkey)
        group = existing.get(pkey)
        policy = bucket["policy"] if bucket else group.policy
        with transaction.atomic():
            sent += _flush_group(pkey, policy, bucket, group, now)
    return sent


def _flush_group(pkey, policy, bucket, group, now) -> int:
    live = bucket["live"] if bucket else []
    muted = bucket["muted"] if bucket else set()
    acked = bucket["acked"] if bucket else set()
    if group is None:
        if not live:
            return 0
        group = NotificationGroup.objects.create(
            policy=policy,
            group_key=pkey[1],
            labels=bucket["labels"],
            # group_wait counts from when the first alert started, not from this dispatch.
            first_seen_at=min(min(a.starts_at for a in live), now),
        )
    firing_fps = frozenset(a.fingerprint for a in live)
    # Muted or acknowledged alerts are neither news nor "resolved" news.
    notified = frozenset(group.notified_firing) - muted - acked
    state = alerting.GroupState(
        group.first_seen_at, group.last_flush_at, group.last_notified_at, notified
    )
    unmuted = (set(group.muted) - muted) & firing_fps
    if unmuted and group.last_flush_at is not None:
        # The mute window ended with the alert still firing: tell people now (#3367).
        decision = alerting.FlushDecision(
            True, "unmuted", alerting.GroupState(state.first_seen_at, now, now, firing_fps)
        )
    else:
        decision = alerting.group_flush(state, firing_fps, now, _timing(policy))
    sent = 0
    if decision.notify:
        sent = _send_group(policy, group, decision.kind, live, now)
    group.last_flush_at = decision.state.last_flush_at
    group.last_notified_at = decision.state.last_notified_at
    group.notified_firing = sorted(decision.state.notified)
    group.muted = sorted(muted)
    if not live and not muted and not acked and not group.notified_firing:
        group.delete()
    else:
        group.save()
    return sent


def _send_group(policy, group, kind, live, now) -> int:
    level = policy.levels.order_by("position").first()
    if level is None:
        return 0
    if kind == "resolved":
        alerts = list(
            Alert.objects.filter(fingerprint__in=group.notified_firing, status="resolved")
            .order_by("fingerprint", "-ends_at")
            .distinct()[:50]
        )
    else:
        alerts = live
    label = ", ".join(f"{k}={v}" for k, v in group.labels.items())
    word = {"resolved": "RESOLVED", "repeat": "STILL FIRING", "unmuted": "SILENCE ENDED"}.get(
        kind, "FIRING"
    )
    subject = f"[{word}:{len(alerts)}] {label}"
    body = alerts_text(alerts)
    incident = alerts[0].incident if len(alerts) == 1 and kind != "resolved" else None
    sent = level_notify(
        level=level,
        subject=subject,
        body=body,
        kind=kind,
        now=now,
        alerts=alerts,
        group_key=group.group_key,
        group_labels=group.labels,
        incident=incident,
        group=group,
    )
    return len(sent)
