"""python manage.py restore PATH [--target NAME] [--force]: restore a backup and verify it.

Without --target it replaces the live database and needs --force. With --target it restores
into a fresh PostgreSQL database (name) or SQLite file (path) for a restore drill. Either way
every table's row count and checksum is compared with the backup's manifest.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from operations import backup
from operations.services.impact import backup_diff, impact_attach_after_restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` and verify every table against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--target", help="restore into this new database/file instead")
        parser.add_argument("--force", action="store_true", help="overwrite the live database")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not options["target"] and not options["force"]:
            raise CommandError("restoring over the live database needs --force (or use --target)")
        if not Path(f"{path}.manifest.json").exists():
            raise CommandError(f"no manifest next to {path}; was it made by `backup`?")
        report = None
        if not options["target"]:
            # What the restore brings back and what it discards, read before it overwrites.
            try:
                report = backup_diff(path=path, using=options["database"])
            except ApplicationError as exc:
                self.stderr.write(f"impact report skipped: {exc.message}")
        try:
            result = backup.database_restore(
                path=path, using=options["database"], target=options["target"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except Exception as exc:  # noqa: BLE001 - pg_restore failures: one plain line
            raise CommandError(f"restore failed: {exc}") from exc
        problems = backup.verify(path=path, restored=result["tables"])
        if problems:
            raise CommandError("restore differs from the backup: " + "; ".join(problems[:5]))
        rows = sum(t["rows"] for t in result["tables"].values())
        if report is not None:
            saved = impact_attach_after_restore(report=report)
            where = f"incident #{saved.incident_id}" if saved.incident_id else "the reports"
            self.stdout.write(f"impact report attached to {where}: {saved.title}")
        self.stdout.write(
            f"restored {path} into {options['target'] or 'the live database'}: "
            f"{len(result['tables'])} tables, {rows} rows, all checksums equal, "
            f"{result['seconds']:.2f} s"
        )
