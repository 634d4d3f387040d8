"""Print the health report; exit 1 on a critical failure (for cron, systemd, containers)."""

import json

from django.core.management.base import BaseCommand, CommandError

from operations.services.health import health_evaluate, health_prometheus


class Command(BaseCommand):
    help = "Run the health checks (live, ready or full); exit non-zero on a critical failure."

    def add_arguments(self, parser):
        parser.add_argument("--level", choices=["live", "ready", "full"], default="full")
        parser.add_argument("--format", choices=["text", "json", "prometheus"], default="text")

    def handle(self, *args, level, format, **options):
        report = health_evaluate(level=level)
        if format == "json":
            self.stdout.write(json.dumps(report, indent=2))
        elif format == "prometheus":
            self.stdout.write(health_prometheus(report), ending="")
        else:
            for check in report["checks"]:
                self.stdout.write(
                    f"{check['status'].upper():9} {check['name']:24} {check['detail']}"
                    f" ({check['duration_ms']:.1f} ms)"
                )
            self.stdout.write(f"overall: {report['status']} ({level})")
        if report["status"] == "critical":
            failed = ", ".join(c["name"] for c in report["checks"] if c["status"] == "critical")
            raise CommandError(f"critical: {failed}")
