"""Run the operations jobs once, for installs without Celery beat (cron every minute)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from operations.services.health import health_run
from operations.services.metrics import health_snapshot_take, heartbeat_beat
from operations.services.minutely import minutely_run
from operations.services.purge import purge_expired


class Command(BaseCommand):
    help = (
        "Run the minutely job (metrics, rules, notifications, escalation); optionally the "
        "hourly snapshot (--snapshot [HOUR]) and the daily purge (--purge)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--snapshot", nargs="?", const="", default=None, metavar="HOUR")
        parser.add_argument("--purge", action="store_true")
        parser.add_argument("--skip-minutely", action="store_true")

    def handle(self, *args, snapshot, purge, skip_minutely, **options):
        if not skip_minutely:
            result = minutely_run()
            heartbeat_beat(name="job.minutely", outcome="ok", detail="operations_tick")
            self.stdout.write(f"minutely: {result}")
        if snapshot is not None:
            hour = None
            if snapshot:
                try:
                    hour = datetime.fromisoformat(snapshot)
                except ValueError as exc:
                    raise CommandError(f"--snapshot takes an ISO hour, got {snapshot!r}") from exc
                if hour.tzinfo is None:
                    raise CommandError("--snapshot needs a timezone, e.g. 2025-01-01T10:00+00:00")
            snap = health_snapshot_take(hour=hour, checks=health_run(level="full")["checks"])
            self.stdout.write(
                f"snapshot {snap.hour:%Y-%m-%d %H:00}: {snap.requests} requests, "
                f"p95 {snap.p95_ms} ms, {snap.status}"
            )
        if purge:
            self.stdout.write(f"purged: {purge_expired()}")
