"""Outages that could not raise their own alert (the database was down), recorded afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

from common.outage import outage_take
from operations.services.alerts import alert_fire_at, alert_resolve_at

KINDS = {"database": "DatabaseUnavailable"}


def outages_record() -> list[str]:
    """Turn the notes left by refused requests into resolved incidents with real start and end.

    Runs in the minutely job, i.e. once the database answers again. Each outage gets its own
    dedup key (by start second), so two outages in a day are two incidents.
    """
    recorded = []
    for kind, name in KINDS.items():
        note = outage_take(kind)
        if note is None:
            continue
        start = datetime.fromtimestamp(note["start"], tz=UTC)
        end = datetime.fromtimestamp(note["end"], tz=UTC)
        key = f"system:outage:{kind}:{int(note['start'])}"
        seconds = max(0.0, note["end"] - note["start"])
        summary = (
            f"The {kind} was unavailable from {start:%Y-%m-%d %H:%M:%S} to {end:%H:%M:%S} UTC "
            f"(at least {seconds:.0f} s; {note['count']} request(s) answered 503)"
        )
        alert_fire_at(
            source="system",
            name=name,
            dedup_key=key,
            severity="SEV-1",
            summary=summary,
            labels={"service": "harmonyhub", "dependency": kind},
            value=float(note["count"]),
            now=start,
        )
        alert_resolve_at(dedup_key=key, now=end, detail="Recorded after recovery: " + summary)
        recorded.append(key)
    return recorded
