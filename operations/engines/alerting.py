"""The alert engine: pure functions with Prometheus, Alertmanager and PagerDuty semantics.

Conventions: times are timezone-aware `datetime`s (UTC) or plain numbers of seconds — each
function says which; durations are seconds. Labels are `dict[str, str]`. Nothing here touches
Django or a clock: the caller passes `now`.

- Rules (Prometheus): inactive → pending while the condition has held for less than `for`,
  → firing once it has held for `for`; after it clears, stays firing for `keep_firing_for`.
- Fingerprint: sha256 of the canonical (sorted) label set — same labels, same alert.
- Grouping (Alertmanager): first notification `group_wait` after the group appears; later
  flushes every `group_interval` send only if the firing set changed; an unchanged group is
  re-sent after `repeat_interval`.
- Inhibition: a target alert is muted while a source alert fires with equal `equal` labels
  (a missing label equals an empty one); an alert never inhibits itself.
- Silences: label matchers (=, !=, =~, !~) within [starts, ends), optionally only on some ISO
  weekdays between two times of day (weekly recurrence).
- Escalation (PagerDuty): levels with timeouts, the whole list run `repeats` times, stopping at
  the first acknowledgement or resolution.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from operations.engines.matching import (  # noqa: F401 - re-exported engine API
    MATCH_OPS,
    InhibitSpec,
    Matcher,
    SilenceSpec,
    all_match,
    fingerprint,
    is_inhibited,
    next_silence_end,
    parse_matchers,
    silence_active,
    silence_mutes,
)

ENGINE_VERSION = "alerting-1.0"

COMPARATORS = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
SEVERITY_ORDER = {"SEV-1": 1, "SEV-2": 2, "SEV-3": 3, "SEV-4": 4}


# --------------------------------------------------------------------------------- identity
def group_key(labels: dict[str, str], group_by: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The aggregation-group key and the group's labels. `["..."]` means no grouping at all."""
    if list(group_by) == ["..."]:
        chosen = dict(labels)
    else:
        chosen = {name: str(labels.get(name, "")) for name in group_by}
    return json.dumps(chosen, sort_keys=True), chosen


# ------------------------------------------------------------------------------------ rules
@dataclass(frozen=True)
class RuleSpec:
    """A threshold rule: `value <comparator> threshold` held for `for_s` seconds."""

    comparator: str
    threshold: float
    for_s: float = 0.0
    keep_firing_for_s: float = 0.0


@dataclass(frozen=True)
class RuleState:
    """Where a rule stands; times are seconds or datetimes, consistently per caller."""

    state: str = "inactive"  # inactive | pending | firing
    active_since: object = None  # when the condition started holding
    last_true_at: object = None  # when the condition last held
    keep_firing_since: object = None  # first evaluation with the condition false while firing


@dataclass(frozen=True)
class RuleStep:
    """One evaluation's outcome: the new state and the transition (or "")."""

    state: RuleState
    transition: str  # "", "pending", "firing", "resolved", "cleared" (pending → inactive)


def condition_holds(spec: RuleSpec, value: float | None) -> bool:
    """True when the value satisfies the rule; a missing value never does."""
    if value is None:
        return False
    return bool(COMPARATORS[spec.comparator](float(value), float(spec.threshold)))


def _elapsed(now, then) -> float:
    delta = now - then
    return delta.total_seconds() if isinstance(delta, timedelta) else float(delta)


def rule_step(spec: RuleSpec, state: RuleState, value: float | None, now) -> RuleStep:
    """Advance the Prometheus state machine by one evaluation at `now`."""
    holds = condition_holds(spec, value)
    if holds:
        since = state.active_since if state.state != "inactive" else now
        if state.active_since is None:
            since = now
        if state.state == "firing":
            return RuleStep(RuleState("firing", since, now), "")
        if _elapsed(now, since) >= spec.for_s:
            return RuleStep(RuleState("firing", since, now), "firing")
        transition = "pending" if state.state == "inactive" else ""
        return RuleStep(RuleState("pending", since, now), transition)
    if state.state == "firing":
        # As Prometheus: keep_firing_for counts from the first evaluation that found it false.
        since = state.keep_firing_since if state.keep_firing_since is not None else now
        if spec.keep_firing_for_s > 0 and _elapsed(now, since) < spec.keep_firing_for_s:
            return RuleStep(RuleState("firing", state.active_since, state.last_true_at, since), "")
        return RuleStep(RuleState(), "resolved")
    if state.state == "pending":
        return RuleStep(RuleState(), "cleared")
    return RuleStep(RuleState(), "")


def rule_run(
    spec: RuleSpec, samples: Iterable[tuple[object, float | None]], state: RuleState | None = None
) -> list[tuple[object, str, str]]:
    """Evaluate a rule over (time, value) samples in order; return (time, state, transition)."""
    current = state or RuleState()
    out = []
    for at, value in samples:
        step = rule_step(spec, current, value, at)
        current = step.state
        out.append((at, current.state, step.transition))
    return out


def rule_transitions(
    spec: RuleSpec, times: Sequence[float], values: Sequence[float | None]
) -> list[tuple[float, str]]:
    """The same state machine as `rule_run` over numeric times, returning only transitions.

    A tight loop without per-step objects, for back-testing many rules over long series;
    NaN counts as a missing value. `rule_run` stays the reference implementation.
    """
    compare = COMPARATORS[spec.comparator]
    threshold, for_s, keep = float(spec.threshold), spec.for_s, spec.keep_firing_for_s
    state, since, keep_since = 0, 0.0, None  # 0 inactive, 1 pending, 2 firing
    out = []
    for t, v in zip(times, values, strict=True):
        holds = v is not None and v == v and compare(v, threshold)
        if holds:
            keep_since = None
            if state == 2:
                continue
            if state == 0:
                since = t
            if t - since >= for_s:
                state = 2
                out.append((t, "firing"))
            elif state == 0:
                state = 1
                out.append((t, "pending"))
        elif state == 2:
            if keep_since is None:
                keep_since = t
            if keep > 0 and t - keep_since < keep:
                continue
            state, keep_since = 0, None
            out.append((t, "resolved"))
        elif state == 1:
            state = 0
            out.append((t, "cleared"))
    return out


# --------------------------------------------------------------------------------- grouping
@dataclass(frozen=True)
class GroupTiming:
    group_wait_s: float = 30.0
    group_interval_s: float = 300.0
    repeat_interval_s: float = 4 * 3600.0


@dataclass(frozen=True)
class GroupState:
    """A group's notification memory; times are seconds or datetimes, consistently."""

    first_seen_at: object
    last_flush_at: object = None
    last_notified_at: object = None
    notified: frozenset = field(default_factory=frozenset)  # fingerprints last notified


@dataclass(frozen=True)
class FlushDecision:
    notify: bool
    kind: str  # "", "firing", "repeat", "resolved"
    state: GroupState


def group_flush(
    state: GroupState, firing: frozenset, now, timing: GroupTiming = GroupTiming()
) -> FlushDecision:
    """Decide whether the group notifies at `now` given its currently firing fingerprints."""
    if state.last_flush_at is None:
        if _elapsed(now, state.first_seen_at) < timing.group_wait_s:
            return FlushDecision(False, "", state)
    elif _elapsed(now, state.last_flush_at) < timing.group_interval_s:
        return FlushDecision(False, "", state)
    flushed = GroupState(state.first_seen_at, now, state.last_notified_at, state.notified)
    if not firing and not state.notified:
        return FlushDecision(False, "", flushed)
    changed = firing != state.notified
    due_repeat = (
        state.last_notified_at is not None
        and _elapsed(now, state.last_notified_at) >= timing.repeat_interval_s
    )
    if not changed and not due_repeat:
        return FlushDecision(False, "", flushed)
    if not firing:
        kind = "resolved"
    elif not changed:
        kind = "repeat"
    else:
        kind = "firing"
    return FlushDecision(True, kind, GroupState(state.first_seen_at, now, now, firing))


def group_alerts(
    alerts: Iterable[dict[str, str]], group_by: Sequence[str]
) -> dict[str, list[dict[str, str]]]:
    """Partition label sets by group key."""
    out: dict[str, list[dict[str, str]]] = {}
    for labels in alerts:
        key, _ = group_key(labels, group_by)
        out.setdefault(key, []).append(labels)
    return out


# ------------------------------------------------------------------------------- escalation
@dataclass(frozen=True)
class EscalationStep:
    at_s: float  # seconds after the trigger
    level: int  # 0-based level index
    loop: int  # 0-based repetition


def escalation_plan(timeouts_s: Sequence[float], repeats: int) -> list[EscalationStep]:
    """Every notification step of a policy if nobody acknowledges: levels × repeats (1-9)."""
    if not timeouts_s:
        return []
    repeats = max(1, min(int(repeats), 9))
    steps, at = [], 0.0
    for loop in range(repeats):
        for level, timeout in enumerate(timeouts_s):
            steps.append(EscalationStep(at, level, loop))
            at += float(timeout)
    return steps


def escalation_due(
    timeouts_s: Sequence[float],
    repeats: int,
    elapsed_s: float,
    done: int,
    stopped_at_s: float | None = None,
) -> list[tuple[int, EscalationStep]]:
    """Steps (index, step) due by `elapsed_s` that were not sent (`done` already sent).

    `stopped_at_s` (seconds after the trigger of the acknowledgement or resolution) cancels
    every step at or after it.
    """
    plan = escalation_plan(timeouts_s, repeats)
    out = []
    for index, step in enumerate(plan):
        if index < done or step.at_s > elapsed_s:
            continue
        if stopped_at_s is not None and step.at_s >= stopped_at_s:
            continue
        out.append((index, step))
    return out


def next_escalation_s(timeouts_s: Sequence[float], repeats: int, done: int) -> float | None:
    """Seconds after trigger of the next unsent step, or None when the plan is exhausted."""
    plan = escalation_plan(timeouts_s, repeats)
    return plan[done].at_s if done < len(plan) else None


# --------------------------------------------------------------------------- response stats
def mean_minutes(pairs: Iterable[tuple[datetime, datetime | None]]) -> float | None:
    """Mean of (end − start) in minutes over pairs with an end; None when there are none."""
    durations = [(end - start).total_seconds() / 60.0 for start, end in pairs if end is not None]
    return sum(durations) / len(durations) if durations else None


def mtta_mttr(
    incidents: Iterable[tuple[datetime, datetime | None, datetime | None]],
) -> tuple[float | None, float | None]:
    """(MTTA, MTTR) in minutes from (triggered, acknowledged, resolved) triples."""
    items = list(incidents)
    mtta = mean_minutes((t, a) for t, a, _ in items)
    mttr = mean_minutes((t, r) for t, _, r in items)
    return mtta, mttr
