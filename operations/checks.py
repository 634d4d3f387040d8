"""Operations' own health checks and metrics, registered in OperationsConfig.ready()."""

from __future__ import annotations

import uuid
from datetime import timedelta

import psutil
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from operations import registry

DISK_WARN, DISK_CRIT = 90.0, 98.0
MEMORY_WARN, MEMORY_CRIT = 90.0, 98.0
CPU_WARN = 80.0
BEAT_STALE_MINUTES = 5


def check_process() -> tuple[str, str]:
    return "ok", f"pid {psutil.Process().pid} up"


def check_database() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok", connection.vendor


def check_migrations() -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return "critical", f"{len(plan)} migration(s) not applied"
    return "ok", "all applied"


def check_cache() -> tuple[str, str]:
    # A key of its own per probe: concurrent probes on a shared cache never see each other's.
    token = uuid.uuid4().hex
    key = f"operations:health:probe:{token}"
    cache.set(key, token, 30)
    try:
        if cache.get(key) != token:
            return "critical", "cache did not return what was written"
    finally:
        cache.delete(key)
    return "ok", settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker() -> tuple[str, str]:
    from celery import current_app as app  # the site app, set current at startup

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
        return "ok", conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


def check_disk() -> tuple[str, str]:
    from operations.services.metrics import disk_usage_by_volume

    usage = disk_usage_by_volume()
    used = max(usage.values())
    status = "critical" if used >= DISK_CRIT else "warning" if used >= DISK_WARN else "ok"
    return status, ", ".join(f"{name} {pct:.1f}% used" for name, pct in usage.items())


def check_memory() -> tuple[str, str]:
    used = psutil.virtual_memory().percent
    status = "critical" if used >= MEMORY_CRIT else "warning" if used >= MEMORY_WARN else "ok"
    return status, f"{used:.1f}% used"


def check_cpu() -> tuple[str, str]:
    from operations.services.metrics import cpu_percent

    used = cpu_percent()
    return ("warning" if used >= CPU_WARN else "ok"), f"{used:.1f}% busy"


def _age(name: str):
    from operations.models import Heartbeat

    beat = Heartbeat.objects.filter(name=name).first()
    return None if beat is None else timezone.now() - beat.last_seen


def check_worker() -> tuple[str, str]:
    from operations import conf

    age = _age("celery.worker")
    if age is None:
        return "warning", "no worker heartbeat recorded yet"
    if age > timedelta(seconds=conf.get("OPERATIONS_WORKER_STALE_SECONDS")):
        return "warning", f"no live worker: last heartbeat {int(age.total_seconds())} s ago"
    return "ok", f"heartbeat {int(age.total_seconds())} s ago"


def check_beat() -> tuple[str, str]:
    from django_celery_beat.models import PeriodicTask

    last = (
        PeriodicTask.objects.filter(last_run_at__isnull=False)
        .order_by("-last_run_at")
        .values_list("last_run_at", flat=True)
        .first()
    )
    if last is None:
        return "warning", "beat has not run any job yet"
    age = timezone.now() - last
    if age > timedelta(minutes=BEAT_STALE_MINUTES):
        return "warning", f"beat last ran {int(age.total_seconds() // 60)} min ago"
    return "ok", f"beat ran {int(age.total_seconds())} s ago"


def check_alert_engine() -> tuple[str, str]:
    """Smoke computation: the for/keep_firing_for known answer must still come out."""
    from operations.engines import alerting, stats

    spec = alerting.RuleSpec(">", 1.0, for_s=300, keep_firing_for_s=120)
    run = alerting.rule_run(spec, [(m * 60, 2.0 if m < 6 else 0.0) for m in range(10)])
    transitions = [(t // 60, tr) for t, _, tr in run if tr]
    pct = stats.percentiles(range(1, 1001), (50, 95, 99))
    if transitions != [(0, "pending"), (5, "firing"), (8, "resolved")] or pct != {
        50: 500.0,
        95: 950.0,
        99: 990.0,
    }:
        return "critical", "alert engine gave a wrong known answer"
    return "ok", "known answers reproduced"


def register_builtin() -> None:
    registry.register_check("process", check_process, level="live", critical=True)
    registry.register_check("database", check_database, level="ready", critical=True)
    registry.register_check("migrations", check_migrations, level="ready", critical=True)
    # A node serves pages without the cache (throttles fail open) and without the broker (jobs
    # wait in the outbox): their outages are "degraded", never a 503 that empties the pool.
    registry.register_check("cache", check_cache, level="ready", critical=False)
    registry.register_check("broker", check_broker, level="ready", critical=False)
    registry.register_check("disk", check_disk, level="full", critical=True)
    registry.register_check("memory", check_memory, level="full", critical=False)
    registry.register_check("cpu", check_cpu, level="full", critical=False)
    registry.register_check("celery_worker", check_worker, level="full", critical=False)
    registry.register_check("celery_beat", check_beat, level="full", critical=False)
    registry.register_check("operations.engine", check_alert_engine, level="full", critical=True)
