"""The every-minute job: metrics flush, resource sample, health, rules, dispatch, escalation."""

from __future__ import annotations

import logging

from django.utils import timezone

from operations.recorder import recorder
from operations.services.dispatch import notifications_dispatch
from operations.services.health import health_scheduled_check
from operations.services.incidents import incidents_escalate_due
from operations.services.metrics import resource_sample_take
from operations.services.outages import outages_record
from operations.services.rules import rules_evaluate

logger = logging.getLogger(__name__)


def minutely_run(*, now=None, sample_resources: bool = True, check_health: bool = True) -> dict:
    """Run one minute's work; each step is idempotent for the minute."""
    now = now or timezone.now()
    out: dict = {"flushed": recorder.flush()}
    if sample_resources:
        resource_sample_take(now=now)
    out["outages"] = outages_record()
    if check_health:
        out["health"] = health_scheduled_check(now=now)["status"]
    out["rules"] = rules_evaluate(now=now)
    out["notifications"] = notifications_dispatch(now=now)
    out["escalations"] = incidents_escalate_due(now=now)
    return out
