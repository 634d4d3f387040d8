"""Running the registered health checks, reporting them, and raising "system down"."""

from __future__ import annotations

import time

from django.utils import timezone

from operations import registry

SYSTEM_DOWN_KEY = "system:SystemDown:harmonyhub"
DEGRADED_KEY_PREFIX = "system:Degraded:"
# Scheduled runs closer than this (seconds) are one observation, not two in a row.
STREAK_MIN_GAP = 30.0
STATUS_VALUE = {"ok": 1.0, "warning": 0.5, "critical": 0.0}


def health_run(*, level: str) -> dict:
    """Run every check up to `level`; overall status is the worst (warnings keep 200)."""
    results = []
    for check in registry.checks_for(level):
        start = time.perf_counter()
        status, detail = registry.run_check(check)
        results.append(
            {
                "name": check.name,
                "status": status,
                "detail": detail,
                "critical": check.critical,
                "duration_ms": round((time.perf_counter() - start) * 1000.0, 2),
            }
        )
    statuses = {r["status"] for r in results}
    overall = "critical" if "critical" in statuses else "warning" if "warning" in statuses else "ok"
    return {
        "status": overall,
        "level": level,
        "checked_at": timezone.now().isoformat(),
        "checks": results,
    }


def health_evaluate(*, level: str) -> dict:
    """The report a probe or the healthcheck command gets: checks only, never a write.

    Probes are anonymous and may race each other; opening incidents is the scheduled check's
    job (`health_scheduled_check`), so a burst of probes cannot open one.
    """
    return health_run(level=level)


def health_scheduled_check(*, now=None) -> dict:
    """The minutely check: run the ready checks, count failures in a row, alert after N.

    A critical check (database, migrations) failing N times in a row fires SystemDown (SEV-1);
    a degraded dependency (cache, broker, ...) fires DependencyDegraded (SEV-3) per check. The
    first passing run resolves them. Runs closer than STREAK_MIN_GAP apart count once, so beat
    firing twice in a minute cannot double a streak.
    """
    from django.db import transaction

    from operations import conf
    from operations.models import Alert, CheckStreak
    from operations.services.alerts import alert_fire_at, alert_resolve_at

    now = now or timezone.now()
    report = health_run(level="ready")
    needed = max(1, int(conf.get("OPERATIONS_HEALTH_FAILURES")))
    registered = {c.name: c for c in registry.checks_for("ready")}
    down, degraded, healthy = [], [], []
    with transaction.atomic():
        for result in report["checks"]:
            streak, _ = CheckStreak.objects.select_for_update().get_or_create(name=result["name"])
            gap = (now - streak.checked_at).total_seconds() if streak.checked_at else None
            recent = gap is not None and gap < STREAK_MIN_GAP
            if result["status"] == "ok":
                streak.status, streak.failures, streak.failing_since = "ok", 0, None
            elif not recent or streak.failures == 0:
                streak.failures += 1
                streak.status = result["status"]
                streak.failing_since = streak.failing_since or now
            streak.checked_at, streak.detail = now, result["detail"][:255]
            streak.save()
            check = registered.get(result["name"])
            if streak.failures >= needed:
                (down if check is not None and check.critical else degraded).append(streak)
            elif streak.failures == 0:
                healthy.append(result["name"])
    if down:
        names = [s.name for s in down]
        alert_fire_at(
            source="system",
            name="SystemDown",
            dedup_key=SYSTEM_DOWN_KEY,
            severity="SEV-1",
            summary=f"Health ready critical: {', '.join(names)}",
            labels={"service": "harmonyhub", "checks": ",".join(names)},
            value=float(len(names)),
            now=now,
        )
    elif Alert.objects.filter(dedup_key=SYSTEM_DOWN_KEY, status="firing").exists():
        alert_resolve_at(dedup_key=SYSTEM_DOWN_KEY, now=now, detail="Health checks pass again.")
    for streak in degraded:
        alert_fire_at(
            source="system",
            name="DependencyDegraded",
            dedup_key=f"{DEGRADED_KEY_PREFIX}{streak.name}",
            severity="SEV-3",
            summary=f"{streak.name} degraded: {streak.detail}"[:500],
            labels={"service": "harmonyhub", "check": streak.name},
            value=float(streak.failures),
            now=now,
        )
    for name in healthy:
        key = f"{DEGRADED_KEY_PREFIX}{name}"
        if Alert.objects.filter(dedup_key=key, status="firing").exists():
            alert_resolve_at(dedup_key=key, now=now, detail=f"{name} passes again.")
    return report


def health_prometheus(report: dict) -> str:
    """The report as Prometheus text: 1 ok, 0.5 warning, 0 critical."""
    lines = [
        "# HELP harmonyhub_health_check_status Check status (1 ok, 0.5 warning, 0 critical).",
        "# TYPE harmonyhub_health_check_status gauge",
    ]
    for c in report["checks"]:
        lines.append(
            f'harmonyhub_health_check_status{{check="{_esc(c["name"])}"}} '
            f"{STATUS_VALUE[c['status']]}"
        )
    lines += [
        "# HELP harmonyhub_health_check_response_time_seconds Time the check took.",
        "# TYPE harmonyhub_health_check_response_time_seconds gauge",
    ]
    for c in report["checks"]:
        lines.append(
            f'harmonyhub_health_check_response_time_seconds{{check="{_esc(c["name"])}"}} '
            f"{c['duration_ms'] / 1000.0:.6f}"
        )
    lines += [
        "# HELP harmonyhub_health_overall_status Worst status (1 ok, 0.5 warning, 0 critical).",
        "# TYPE harmonyhub_health_overall_status gauge",
        f'harmonyhub_health_overall_status{{level="{report["level"]}"}} '
        f"{STATUS_VALUE[report['status']]}",
    ]
    return "\n".join(lines) + "\n"


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
