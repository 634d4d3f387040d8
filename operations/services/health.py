"""Running the registered health checks, reporting them, and raising "system down"."""

from __future__ import annotations

import logging
import time

from django.utils import timezone

from operations import registry

logger = logging.getLogger(__name__)
SYSTEM_DOWN_KEY = "system:SystemDown:harmonyhub"
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
    """`health_run`, then fire "SystemDown" on a critical result or resolve it when healthy."""
    report = health_run(level=level)
    if level == "live":
        return report
    try:
        from operations.services.alerts import alert_fire, alert_resolve

        if report["status"] == "critical":
            failed = [c["name"] for c in report["checks"] if c["status"] == "critical"]
            alert_fire(
                source="system",
                name="SystemDown",
                dedup_key=SYSTEM_DOWN_KEY,
                severity="SEV-1",
                summary=f"Health {level} critical: {', '.join(failed)}",
                labels={"service": "harmonyhub", "checks": ",".join(failed)},
                value=float(len(failed)),
            )
        else:
            from operations.models import Alert

            if Alert.objects.filter(dedup_key=SYSTEM_DOWN_KEY, status="firing").exists():
                alert_resolve(dedup_key=SYSTEM_DOWN_KEY)
    except Exception:  # with the database down there is nowhere to record the alert
        logger.exception("could not record the SystemDown alert")
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
