"""Evaluating alert rules every minute (Prometheus semantics) and back-testing them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from operations import registry
from operations.engines import alerting, series
from operations.models import Alert, AlertRule, RequestMinute
from operations.services.alerts import alert_fire_at, alert_resolve_at

HTTP_KEYS = {"p50_ms", "p95_ms", "p99_ms", "error_rate", "rps", "auth_failures", "count"}


def rule_dedup_key(rule: AlertRule) -> str:
    return f"rule:{rule.name}"


def rule_validate(*, metric: str, comparator: str, threshold, severity: str, source: str) -> None:
    fields = {}
    known = {m.name for m in registry.all_metrics()}
    if metric not in known and not (
        metric.startswith("http.") and metric.split(".", 1)[1] in HTTP_KEYS
    ):
        fields["metric"] = [f"Unknown metric {metric!r}."]
    if comparator not in alerting.COMPARATORS:
        fields["comparator"] = ["Unknown comparator."]
    if severity not in alerting.SEVERITY_ORDER:
        fields["severity"] = ["Choose SEV-1 to SEV-4."]
    if source not in ("system", "security", "valuation", "revenue", "innovation"):
        fields["source"] = ["Unknown source."]
    try:
        float(threshold)
    except (TypeError, ValueError):
        fields["threshold"] = ["Give a number."]
    if fields:
        raise ApplicationError("The rule is not valid.", code="invalid_rule", fields=fields)


def _http_value(metric: str, window: int, now: datetime, cache: dict):
    from operations.services.metrics import request_stats

    key = (window,)
    if key not in cache:
        end = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        cache[key] = request_stats(start=end - timedelta(minutes=window), end=end)
    return cache[key][metric.split(".", 1)[1]]


def rule_value(rule: AlertRule, now: datetime, cache: dict | None = None) -> float | None:
    """The rule's metric now: HTTP metrics over its window, anything else from the registry."""
    cache = {} if cache is None else cache
    if rule.metric.startswith("http.") and rule.metric.split(".", 1)[1] in HTTP_KEYS:
        value = _http_value(rule.metric, rule.window_minutes, now, cache)
        return None if value is None else float(value)
    if rule.metric not in cache:
        cache[rule.metric] = registry.metric_value(rule.metric)
    return cache[rule.metric]


def _spec(rule: AlertRule) -> alerting.RuleSpec:
    return alerting.RuleSpec(
        rule.comparator, rule.threshold, rule.for_seconds, rule.keep_firing_for_seconds
    )


def rule_evaluate(*, rule: AlertRule, now: datetime, value: float | None) -> str:
    """Advance one rule; fire on entering "firing", resolve on leaving it. Returns transition."""
    state = alerting.RuleState(
        rule.state, rule.active_since, rule.last_true_at, rule.keep_firing_since
    )
    step = alerting.rule_step(_spec(rule), state, value, now)
    with transaction.atomic():
        rule.state = step.state.state
        rule.active_since = step.state.active_since
        rule.last_true_at = step.state.last_true_at
        rule.keep_firing_since = step.state.keep_firing_since
        rule.last_evaluated_at, rule.last_value = now, value
        rule.save(
            update_fields=[
                "state",
                "active_since",
                "last_true_at",
                "keep_firing_since",
                "last_evaluated_at",
                "last_value",
            ]
        )
        key = rule_dedup_key(rule)
        if step.transition == "firing":
            text = rule.summary or f"{rule.metric} {rule.comparator} {rule.threshold:g}"
            detail = registry.metric_detail(rule.metric)
            if detail:
                text = f"{text}: {detail}"
            alert_fire_at(
                source=rule.source,
                name=rule.alert_name,
                dedup_key=key,
                severity=rule.severity,
                summary=f"{text} (value {value:g})" if value is not None else text,
                labels={**(rule.labels or {}), "rule": rule.name},
                value=value,
                rule=rule,
                now=now,
            )
        elif step.transition == "resolved":
            alert_resolve_at(dedup_key=key, now=now, detail="The rule condition cleared.")
        elif rule.state == "firing" and value is not None:
            # Still firing: keep the alert's value current without re-triggering anything.
            Alert.objects.filter(dedup_key=key, status="firing").update(
                value=value, last_seen_at=now
            )
    return step.transition


def rules_evaluate(*, now: datetime | None = None) -> dict[str, int]:
    """Evaluate every enabled rule once; returns counts of transitions."""
    now = now or timezone.now()
    cache: dict = {}
    counts: dict[str, int] = {}
    for rule in AlertRule.objects.filter(enabled=True):
        transition = rule_evaluate(rule=rule, now=now, value=rule_value(rule, now, cache))
        if transition:
            counts[transition] = counts.get(transition, 0) + 1
    return counts


def minute_arrays(*, start: datetime, end: datetime) -> dict:
    """Per-minute sums over every worker for [start, end), missing minutes as zeros.

    Reads with one plain SQL query (no per-row model conversion) because a day is thousands
    of rows; "dense" is the latency histogram matrix for engines.series.
    """
    start = start.replace(second=0, microsecond=0)
    n = int((end - start).total_seconds() // 60)
    counts, errors, auth = np.zeros(n), np.zeros(n), np.zeros(n)
    rows, keys, hcounts = [], [], []
    table = connection.ops.quote_name(RequestMinute._meta.db_table)
    # The table name is our own model's, quoted; the values go in as parameters.
    sql = (
        f"SELECT minute, count, s5xx, s401, s403, histogram FROM {table} "  # noqa: S608  # nosec B608
        "WHERE minute >= %s AND minute < %s"
    )
    field = RequestMinute._meta.get_field("minute")
    params = [
        field.get_db_prep_value(start, connection),
        field.get_db_prep_value(end, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for minute, count, s5xx, s401, s403, hist in cursor.fetchall():
            if isinstance(minute, str):
                minute = datetime.fromisoformat(minute)
            if minute.tzinfo is None:
                minute = minute.replace(tzinfo=UTC)
            i = int((minute - start).total_seconds() // 60)
            counts[i] += count
            errors[i] += s5xx
            auth[i] += s401 + s403
            if isinstance(hist, str):
                hist = json.loads(hist)
            for k, c in hist.items():
                rows.append(i)
                keys.append(int(k))
                hcounts.append(c)
    return {
        "start": start,
        "counts": counts,
        "errors": errors,
        "auth": auth,
        "dense": series.dense_from_triples(n, rows, keys, hcounts),
    }


def rules_backtest(
    *, rules: list[AlertRule], start: datetime, end: datetime, arrays: dict | None = None
) -> dict[str, list[tuple[datetime, str]]]:
    """Replay HTTP rules minute by minute over stored aggregates; transitions per rule."""
    arrays = arrays or minute_arrays(start=start, end=end)
    dense = arrays["dense"]
    wanted: dict[int, set[int]] = {}
    for rule in rules:
        key = rule.metric.split(".", 1)[1] if rule.metric.startswith("http.") else ""
        if key in ("p50_ms", "p95_ms", "p99_ms"):
            wanted.setdefault(rule.window_minutes, set()).add(int(key[1:3]))
        elif key in HTTP_KEYS:
            wanted.setdefault(rule.window_minutes, set())
    by_window = {
        window: series.rolling_request_series(
            arrays["counts"], arrays["errors"], arrays["auth"], dense, window, sorted(qs)
        )
        for window, qs in wanted.items()
    }
    times = [i * 60.0 for i in range(len(arrays["counts"]))]
    out = {}
    for rule in rules:
        key = rule.metric.split(".", 1)[1] if rule.metric.startswith("http.") else ""
        if key not in HTTP_KEYS:
            out[rule.name] = []
            continue
        values = by_window[rule.window_minutes][key].tolist()
        out[rule.name] = [
            (arrays["start"] + timedelta(seconds=t), tr)
            for t, tr in alerting.rule_transitions(_spec(rule), times, values)
        ]
    return out
