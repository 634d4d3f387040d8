"""python manage.py backup [--output PATH]: a consistent copy of the database plus a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from operations import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc on PostgreSQL, the online backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: var/backups/<timestamp>)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = (
            Path(options["output"])
            if options["output"]
            else backup.default_path(options["database"])
        )
        try:
            result = backup.database_backup(path=path, using=options["database"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except Exception as exc:  # noqa: BLE001 - pg_dump failures: one plain line
            raise CommandError(f"backup failed: {exc}") from exc
        self.stdout.write(
            f"backup {result.path}: {result.engine}, {result.tables} tables, {result.rows} rows, "
            f"{result.bytes / 1024:.0f} KiB in {result.seconds:.2f} s"
        )
