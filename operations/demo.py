"""Demo data for operations: activity, surveys, request history, snapshots, alerts.

Idempotent: every block checks for its own rows first. Randomness is seeded (numpy).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from operations.engines.stats import histogram_add
from operations.models import (
    Alert,
    AnalyticsEvent,
    EscalationPolicy,
    HealthSnapshot,
    MetricSample,
    RequestMinute,
    ResourceSample,
    Silence,
    SurveyResponse,
)

SEED = 20250301
MEMBERS = 60
WORKER = "demo:0"
ROUTES = [
    ("", 0.25),
    ("moods/", 0.2),
    ("api/v1/moods/", 0.25),
    ("valuation/", 0.15),
    ("api/v1/operations/incidents/", 0.15),
]


def _defaults() -> None:
    """The shipped runbooks, rules, escalation policy and success targets (a data migration writes
    them; a database flushed since, as between transactional tests, gets them back). Idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("operations.migrations.0002_defaults").forwards(apps, None)


def seed_demo(*, stdout) -> None:
    rng = np.random.default_rng(SEED)
    now = timezone.now()
    _defaults()
    with transaction.atomic():
        members = _members()
        if not AnalyticsEvent.objects.exists():
            n = _activity(rng, members, now)
            stdout.write(f"operations: {n} analytics events for {len(members)} members")
        if not SurveyResponse.objects.exists():
            _surveys(rng, members, now)
        if not RequestMinute.objects.filter(worker=WORKER).exists():
            _requests(rng, now)
        _staff_policy()
        _alerts(now)
        if not Silence.objects.filter(comment__startswith="Nightly batch").exists():
            Silence.objects.create(
                matchers=[{"name": "alertname", "op": "=", "value": "DiskAlmostFull"}],
                starts_at=now - timedelta(days=1),
                ends_at=now + timedelta(days=365),
                weekdays=[1, 2, 3, 4, 5],
                daily_start=time(1, 0),
                daily_end=time(3, 0),
                comment="Nightly batch job fills the scratch disk on weekdays",
            )
    _trends(now)
    stdout.write("operations: demo data ready")


def _members():
    User = get_user_model()
    out = []
    for i in range(1, MEMBERS + 1):
        user, created = User.objects.get_or_create(
            username=f"member{i:02d}", defaults={"email": f"member{i:02d}@example.com"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        out.append(user)
    demo = User.objects.filter(username__in=["demo", "admin"])
    return out + list(demo)


def _activity(rng, members, now) -> int:
    """Members join over 120 days; each day active with a probability that decays."""
    events = []
    start = (now - timedelta(days=120)).replace(hour=0, minute=0, second=0, microsecond=0)
    for idx, user in enumerate(members):
        join = int(rng.integers(0, 110))
        base = float(rng.uniform(0.25, 0.8))
        for day in range(join, 121):
            age = day - join
            if rng.random() > base * (0.97 ** (age / 7)) and age:
                continue
            t = start + timedelta(days=day, hours=float(rng.uniform(7, 22)))
            if t > now:
                break
            session = f"demo-{idx}-{day}"
            events.append(
                AnalyticsEvent(user=user, kind="login", session_key=session, occurred_at=t)
            )
            for _ in range(int(rng.integers(1, 7))):
                t += timedelta(minutes=float(rng.uniform(0.5, 6)))
                kind = "api" if rng.random() < 0.3 else "page"
                events.append(
                    AnalyticsEvent(
                        user=user,
                        kind=kind,
                        session_key=session,
                        path="/moods/",
                        occurred_at=min(t, now),
                    )
                )
    AnalyticsEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def _surveys(rng, members, now) -> None:
    nps_scores = rng.choice(
        np.arange(11), size=80, p=[0.01, 0.01, 0.01, 0.02, 0.02, 0.03, 0.05, 0.1, 0.15, 0.25, 0.35]
    )
    csat_scores = rng.choice([1, 2, 3, 4, 5], size=60, p=[0.02, 0.03, 0.1, 0.35, 0.5])
    rows = [
        SurveyResponse(
            user=members[i % len(members)],
            kind="nps",
            score=int(s),
            created_at=now - timedelta(days=float(rng.uniform(0, 80))),
        )
        for i, s in enumerate(nps_scores)
    ]
    rows += [
        SurveyResponse(
            user=members[i % len(members)],
            kind="csat",
            score=int(s),
            created_at=now - timedelta(days=float(rng.uniform(0, 80))),
        )
        for i, s in enumerate(csat_scores)
    ]
    SurveyResponse.objects.bulk_create(rows)


def _requests(rng, now) -> None:
    """24 hours of per-minute aggregates with a latency incident three hours ago."""
    end = now.replace(second=0, microsecond=0)
    rows, samples = [], []
    for i in range(24 * 60):
        minute = end - timedelta(minutes=24 * 60 - i)
        spike = 170 <= 24 * 60 - i <= 190
        for route, share in ROUTES:
            count = int(rng.poisson(12 * share)) + 1
            lat = rng.lognormal(np.log(60 if not spike else 900), 0.6, size=count)
            hist: dict = {}
            for ms in lat:
                histogram_add(hist, float(ms))
            errors = int(rng.binomial(count, 0.2 if spike else 0.004))
            auth = int(rng.binomial(count, 0.01))
            rows.append(
                RequestMinute(
                    minute=minute,
                    route=route,
                    method="GET",
                    worker=WORKER,
                    count=count,
                    s2xx=count - errors - auth,
                    s4xx=auth,
                    s403=auth,
                    s5xx=errors,
                    sum_ms=float(lat.sum()),
                    max_ms=float(lat.max()),
                    histogram=hist,
                )
            )
        if i % 5 == 0:
            samples.append(
                ResourceSample(
                    taken_at=minute,
                    host="demo",
                    cpu_percent=float(rng.uniform(5, 35 if not spike else 95)),
                    memory_percent=float(rng.uniform(40, 55)),
                    rss_bytes=int(rng.uniform(1.5e8, 2e8)),
                    disk_percent=float(rng.uniform(61, 62)),
                    queue_depth=int(rng.poisson(2)),
                )
            )
    RequestMinute.objects.bulk_create(rows, batch_size=2000)
    ResourceSample.objects.bulk_create(samples, ignore_conflicts=True)
    from operations.services.metrics import health_snapshot_take

    for h in range(24, 0, -1):
        hour = end - timedelta(hours=h)
        if not HealthSnapshot.objects.filter(hour=hour.replace(minute=0)).exists():
            health_snapshot_take(hour=hour)


def _staff_policy() -> None:
    admin = get_user_model().objects.filter(username="admin").first()
    policy = EscalationPolicy.objects.filter(is_default=True).first()
    if admin is None or policy is None:
        return
    for level in policy.levels.all():
        if not level.users.exists():
            level.users.add(admin)


def _alerts(now) -> None:
    from operations.models import Incident
    from operations.services.alerts import alert_fire_at, alert_resolve_at
    from operations.services.incidents import incident_acknowledge

    admin = get_user_model().objects.filter(username="admin").first()
    specs = [
        (
            "system",
            "PerformanceDegradation",
            "SEV-3",
            "API p95 latency 1.4 s on /api/v1/moods/",
            "ack",
            180,
        ),
        ("security", "FailedLoginBurst", "SEV-2", "12 failed logins from 203.0.113.7", "open", 25),
        (
            "valuation",
            "ValuationDrop",
            "SEV-3",
            "Portfolio value down 6.2% day over day",
            "resolved",
            2000,
        ),
        ("revenue", "RevenueDecline", "SEV-2", "MRR down 11.4% month over month", "open", 300),
        ("innovation", "InnovationStall", "SEV-4", "No invention promoted in 30 days", "ack", 900),
    ]
    for source, name, sev, summary, state, minutes_ago in specs:
        key = f"demo:{source}:{name}"
        if Alert.objects.filter(dedup_key=key).exists():
            continue
        at = now - timedelta(minutes=minutes_ago)
        alert = alert_fire_at(
            source=source, name=name, dedup_key=key, severity=sev, summary=summary, now=at
        )
        incident = Incident.objects.get(pk=alert.incident_id)
        if state == "ack" and admin is not None:
            incident_acknowledge(
                incident=incident,
                user=admin,
                comment="Looking into it.",
                now=at + timedelta(minutes=7),
            )
        elif state == "resolved":
            if admin is not None:
                incident_acknowledge(incident=incident, user=admin, now=at + timedelta(minutes=4))
            alert_resolve_at(
                dedup_key=key,
                now=at + timedelta(minutes=95),
                detail="Recovered after the revaluation.",
            )


def _trends(now) -> None:
    """90 days of daily values for engagement; today's value for every other metric."""
    from operations import selectors
    from operations.services.product import metric_samples_take

    if MetricSample.objects.filter(name="product.dau").count() < 10:
        for row in selectors.engagement_series(days=90):
            day = datetime.fromisoformat(row["day"]).replace(tzinfo=UTC).date()
            for key in ("dau", "mau", "stickiness"):
                if row[key] is not None:
                    MetricSample.objects.update_or_create(
                        name=f"product.{key}", day=day, defaults={"value": float(row[key])}
                    )
    metric_samples_take(day=now.date())
