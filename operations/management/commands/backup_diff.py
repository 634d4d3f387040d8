"""python manage.py backup_diff BACKUP [--json] [--save]: what differs between a backup and the
live database, table by table (lost = only in the backup, added = only live, changed), with
the affected users. `--save` keeps the report (shown on the data-loss pages)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from operations.models import Incident
from operations.services.impact import backup_diff, impact_report_save


class Command(BaseCommand):
    help = "Compare a backup with the live database: lost, added and changed rows per table."

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")
        parser.add_argument("--save", action="store_true", help="keep the report")
        parser.add_argument("--incident", type=int, help="attach the saved report to #N")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            report = backup_diff(path=Path(options["backup"]), using=options["database"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["save"] or options["incident"]:
            incident = None
            if options["incident"]:
                incident = Incident.objects.filter(pk=options["incident"]).first()
                if incident is None:
                    raise CommandError(f"no incident #{options['incident']}")
            impact_report_save(report=report, incident=incident)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=1, sort_keys=True))
            return
        totals = report["totals"]
        self.stdout.write(
            f"{report['backup']} vs live: {totals['lost']} lost, {totals['added']} added, "
            f"{totals['changed']} changed rows in {len(report['tables'])} tables"
        )
        for table, t in report["tables"].items():
            if "only_in" in t:
                self.stdout.write(f"  {table}: only in the {t['only_in']}")
                continue
            self.stdout.write(
                f"  {table}: lost {t['lost']} {t['lost_keys'][:10]}, added {t['added']} "
                f"{t['added_keys'][:10]}, changed {t['changed']} {t['changed_keys'][:10]}"
            )
        users = ", ".join(f"{u['username']} (#{u['id']})" for u in report["affected_users"])
        self.stdout.write(f"affected users: {users or 'none'}")
