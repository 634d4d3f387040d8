"""Label matching for the alert engine (pure): matchers, silences, inhibition.

Conventions as in engines.alerting: labels are dict[str, str]; times are aware datetimes.
- Matchers: =, !=, =~, !~ with fully anchored regexes (as Alertmanager).
- Silences: matchers active within [starts, ends), optionally only on some ISO weekdays
  between two UTC times of day (weekly recurrence; an end before the start wraps midnight).
- Inhibition: a target is muted while a source alert fires with equal `equal` labels; a
  missing label equals an empty one; an alert never inhibits itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

MATCH_OPS = ("=", "!=", "=~", "!~")


def fingerprint(labels: dict[str, str]) -> str:
    """sha256 hex of the canonical (sorted) label set, values as strings."""
    canonical = json.dumps({str(k): str(v) for k, v in labels.items()}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --------------------------------------------------------------------------------- matchers
@dataclass(frozen=True)
class Matcher:
    """One label matcher; regexes are fully anchored, as in Alertmanager."""

    name: str
    op: str
    value: str

    def matches(self, labels: dict[str, str]) -> bool:
        actual = str(labels.get(self.name, ""))
        if self.op == "=":
            return actual == self.value
        if self.op == "!=":
            return actual != self.value
        hit = re.fullmatch(self.value, actual) is not None
        return hit if self.op == "=~" else not hit


def parse_matchers(raw: Iterable[dict]) -> list[Matcher]:
    """Validate [{"name", "op", "value"}] into Matchers; raises ValueError with a reason."""
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise ValueError("each matcher must be an object with name, op and value")
        name, op = str(item.get("name", "")).strip(), str(item.get("op", "=")).strip()
        value = str(item.get("value", ""))
        if not name:
            raise ValueError("a matcher needs a label name")
        if op not in MATCH_OPS:
            raise ValueError(f"matcher op must be one of {', '.join(MATCH_OPS)}")
        if op in ("=~", "!~"):
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regex for {name}: {exc}") from exc
        out.append(Matcher(name, op, value))
    return out


def all_match(matchers: Sequence[Matcher], labels: dict[str, str]) -> bool:
    return all(m.matches(labels) for m in matchers)


# --------------------------------------------------------------------------------- silences
@dataclass(frozen=True)
class SilenceSpec:
    """Matchers active within [starts_at, ends_at); optionally weekly on weekdays/time range."""

    matchers: tuple[Matcher, ...]
    starts_at: datetime
    ends_at: datetime
    weekdays: tuple[int, ...] = ()  # ISO 1=Mon … 7=Sun; empty = every day
    daily_start: time | None = None
    daily_end: time | None = None  # end < start wraps past midnight


def silence_active(spec: SilenceSpec, now: datetime) -> bool:
    """Whether the silence mutes at `now` (ignoring matchers)."""
    if not (spec.starts_at <= now < spec.ends_at):
        return False
    if not spec.weekdays and spec.daily_start is None:
        return True
    start, end = spec.daily_start or time(0, 0), spec.daily_end or time(0, 0)
    clock = now.time().replace(tzinfo=None)
    if start < end:
        inside, day = start <= clock < end, now.isoweekday()
    elif start == end or clock >= start:  # the whole day
        inside, day = True, now.isoweekday()
    elif clock < end:  # wraps midnight, morning part: belongs to yesterday's window
        inside, day = True, (now - timedelta(days=1)).isoweekday()
    else:
        inside, day = False, now.isoweekday()
    return inside and (not spec.weekdays or day in spec.weekdays)


def silence_mutes(spec: SilenceSpec, labels: dict[str, str], now: datetime) -> bool:
    return silence_active(spec, now) and all_match(spec.matchers, labels)


def next_silence_end(spec: SilenceSpec, now: datetime) -> datetime | None:
    """When the active mute window containing `now` ends (for re-notify at mute end)."""
    if not silence_active(spec, now):
        return None
    step, t = timedelta(minutes=1), now.replace(second=0, microsecond=0)
    limit = min(spec.ends_at, now + timedelta(days=8))
    while t < limit and silence_active(spec, t + step):
        t += step
    return min(t + step, spec.ends_at)


# ------------------------------------------------------------------------------- inhibition
@dataclass(frozen=True)
class InhibitSpec:
    source: tuple[Matcher, ...]
    target: tuple[Matcher, ...]
    equal: tuple[str, ...] = ()


def is_inhibited(
    target_labels: dict[str, str],
    firing: Iterable[dict[str, str]],
    rules: Sequence[InhibitSpec],
) -> bool:
    """True when some firing source alert inhibits `target_labels` under some rule."""
    firing = list(firing)
    target_fp = fingerprint(target_labels)
    for rule in rules:
        if not all_match(rule.target, target_labels):
            continue
        for source in firing:
            if fingerprint(source) == target_fp:
                continue  # an alert never inhibits itself
            if not all_match(rule.source, source):
                continue
            if all(str(source.get(n, "")) == str(target_labels.get(n, "")) for n in rule.equal):
                return True
    return False
