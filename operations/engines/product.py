"""Product metrics (pure): NPS, CSAT, DAU/WAU/MAU, stickiness, sessions, retention cohorts.

Conventions:
- NPS = % promoters (9-10) − % detractors (0-6) over all answers, in points (−100…+100);
  None with no answers.
- CSAT = share of answers scoring 4 or 5 on a 1-5 scale, in percent; None with no answers.
- DAU/WAU/MAU at day D = distinct users active in the 1/7/30 days ending on D (inclusive).
  Stickiness = DAU / MAU in percent (None when MAU is 0).
- Session duration = last − first event of a session, in seconds; the median over sessions.
- Retention cohort: users grouped by the period (month or year) of their first activity;
  retention at offset k = share (%) of the cohort active in period cohort+k.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np

ENGINE_VERSION = "product-1.0"


def nps(scores: Iterable[int]) -> float | None:
    values = [int(s) for s in scores]
    if any(not 0 <= s <= 10 for s in values):
        raise ValueError("NPS scores must be between 0 and 10")
    if not values:
        return None
    promoters = sum(1 for s in values if s >= 9)
    detractors = sum(1 for s in values if s <= 6)
    return 100.0 * (promoters - detractors) / len(values)


def csat(scores: Iterable[int]) -> float | None:
    values = [int(s) for s in scores]
    if any(not 1 <= s <= 5 for s in values):
        raise ValueError("CSAT scores must be between 1 and 5")
    if not values:
        return None
    return 100.0 * sum(1 for s in values if s >= 4) / len(values)


def csat_mean(scores: Iterable[int]) -> float | None:
    values = [int(s) for s in scores]
    return float(np.mean(values)) if values else None


def active_users(activity: Iterable[tuple[int, date]], day: date, days: int) -> int:
    """Distinct users with activity in the `days` days ending on `day` (inclusive)."""
    start = day - timedelta(days=days - 1)
    return len({user for user, d in activity if start <= d <= day})


def engagement(activity: Iterable[tuple[int, date]], day: date) -> dict:
    items = list(activity)
    dau = active_users(items, day, 1)
    wau = active_users(items, day, 7)
    mau = active_users(items, day, 30)
    return {
        "dau": dau,
        "wau": wau,
        "mau": mau,
        "stickiness": 100.0 * dau / mau if mau else None,
    }


def median_session_seconds(events: Iterable[tuple[str, datetime]]) -> float | None:
    """Median of (last − first) per session key; sessions with one event count as 0 s."""
    spans: dict[str, list[datetime]] = {}
    for key, at in events:
        if not key:
            continue
        bounds = spans.setdefault(key, [at, at])
        bounds[0], bounds[1] = min(bounds[0], at), max(bounds[1], at)
    if not spans:
        return None
    return float(np.median([(b - a).total_seconds() for a, b in spans.values()]))


def _period(d: date, unit: str) -> int:
    return d.year * 12 + (d.month - 1) if unit == "month" else d.year


def retention_cohorts(
    activity: Iterable[tuple[int, date]], unit: str = "month", max_offset: int = 12
) -> list[dict]:
    """Cohorts by first-active period; `retention` lists % active at offsets 0…max_offset."""
    if unit not in ("month", "year"):
        raise ValueError("unit must be month or year")
    periods: dict[int, set[int]] = {}
    for user, d in activity:
        periods.setdefault(user, set()).add(_period(d, unit))
    cohorts: dict[int, list[set[int]]] = {}
    for user_periods in periods.values():
        first = min(user_periods)
        cohorts.setdefault(first, []).append(user_periods)
    last_period = max((max(p) for p in periods.values()), default=None)
    out = []
    for first in sorted(cohorts):
        members = cohorts[first]
        size = len(members)
        horizon = min(max_offset, last_period - first)
        retention = [
            100.0 * sum(1 for p in members if first + k in p) / size for k in range(horizon + 1)
        ]
        label = f"{first // 12}-{first % 12 + 1:02d}" if unit == "month" else str(first)
        out.append({"cohort": label, "size": size, "retention": retention})
    return out


def average_retention(cohorts: list[dict], offset: int = 1) -> float | None:
    """Size-weighted retention at `offset` across cohorts that have reached it."""
    pairs = [(c["size"], c["retention"][offset]) for c in cohorts if len(c["retention"]) > offset]
    total = sum(size for size, _ in pairs)
    return sum(size * r for size, r in pairs) / total if total else None
