"""Staff configuration writes: silences, rules, escalation policies."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from operations.engines import alerting
from operations.models import AlertRule, EscalationPolicy, Silence
from operations.services.rules import rule_validate


def silence_create(
    *,
    matchers: list[dict],
    starts_at: datetime,
    ends_at: datetime,
    comment: str,
    user=None,
    weekdays: list[int] | None = None,
    daily_start=None,
    daily_end=None,
    expire_on_resolve: bool = False,
) -> Silence:
    """Create a silence after checking matchers, window and recurrence."""
    fields: dict[str, list[str]] = {}
    try:
        parsed = alerting.parse_matchers(matchers or [])
        if not parsed:
            fields["matchers"] = ["Give at least one matcher."]
    except ValueError as exc:
        fields["matchers"] = [str(exc)]
    if ends_at <= starts_at:
        fields["ends_at"] = ["The end must be after the start."]
    days = [int(d) for d in (weekdays or [])]
    if any(not 1 <= d <= 7 for d in days):
        fields["weekdays"] = ["Use ISO weekdays 1 (Mon) to 7 (Sun)."]
    if (daily_start is None) != (daily_end is None):
        fields["daily_end"] = ["Give both daily start and end, or neither."]
    if not (comment or "").strip():
        fields["comment"] = ["Say why (shown to whoever sees the muted alert)."]
    if fields:
        raise ApplicationError("The silence is not valid.", code="invalid_silence", fields=fields)
    return Silence.objects.create(
        matchers=matchers,
        starts_at=starts_at,
        ends_at=ends_at,
        weekdays=sorted(set(days)),
        daily_start=daily_start,
        daily_end=daily_end,
        expire_on_resolve=expire_on_resolve,
        comment=comment.strip()[:500],
        created_by=user,
    )


def silence_expire(*, silence: Silence, now: datetime | None = None) -> Silence:
    now = now or timezone.now()
    if silence.expired_at is not None or silence.ends_at <= now:
        raise ApplicationError("The silence has already ended.", code="silence_ended")
    silence.expired_at = now
    silence.ends_at = max(now, silence.starts_at)
    silence.save(update_fields=["expired_at", "ends_at"])
    return silence


def silence_for_incident(*, incident, hours: float, user, comment: str = "") -> Silence:
    """Silence the labels of an incident's alert name and source for `hours`."""
    if not 0 < hours <= 24 * 30:
        raise ApplicationError(
            "Silence between a minute and 30 days.", fields={"hours": ["Out of range."]}
        )
    now = timezone.now()
    return silence_create(
        matchers=[
            {"name": "alertname", "op": "=", "value": incident.alert_name},
            {"name": "source", "op": "=", "value": incident.source},
        ],
        starts_at=now,
        ends_at=now + timedelta(hours=hours),
        comment=comment or f"Silenced from incident #{incident.pk}",
        user=user,
        expire_on_resolve=True,
    )


def alert_rule_save(*, rule: AlertRule) -> AlertRule:
    """Validate and save a rule (new or edited); editing resets its evaluation state."""
    rule_validate(
        metric=rule.metric,
        comparator=rule.comparator,
        threshold=rule.threshold,
        severity=rule.severity,
        source=rule.source,
    )
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def escalation_policy_save(*, policy: EscalationPolicy, levels_formset=None) -> EscalationPolicy:
    if not 1 <= policy.repeats <= 9:
        raise ApplicationError("Repeats must be 1-9.", fields={"repeats": ["Between 1 and 9."]})
    if policy.is_default:
        EscalationPolicy.objects.exclude(pk=policy.pk).update(is_default=False)
    policy.save()
    if levels_formset is not None:
        levels_formset.instance = policy
        levels_formset.save()
    return policy
