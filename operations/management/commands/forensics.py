"""python manage.py forensics --since … --until … --output DIR   (export a window's evidence)
python manage.py forensics --verify DIR                          (check an export is unaltered)

Times are ISO 8601 (a bare date means its midnight UTC). Verification recomputes every file's
SHA-256 against the manifest and the manifest's against the hash stored in the database; any
difference is listed and the command exits non-zero.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from common.exceptions import ApplicationError
from operations.services.forensics import forensics_export, forensics_verify


def _when(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"not a date or time: {value!r} (use ISO 8601)")
        parsed = datetime.combine(day, time.min)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Export security events, request metrics, audits and incident timelines for a window."

    def add_arguments(self, parser):
        parser.add_argument("--since")
        parser.add_argument("--until")
        parser.add_argument("--output", help="an empty or new directory")
        parser.add_argument("--reason", default="")
        parser.add_argument("--verify", metavar="DIR", help="verify an export instead")

    def handle(self, *args, **options):
        if options["verify"]:
            problems = forensics_verify(directory=Path(options["verify"]))
            if problems:
                raise CommandError("verification FAILED: " + "; ".join(problems))
            self.stdout.write(f"{options['verify']}: every file matches its manifest; verified")
            return
        missing = [n for n in ("since", "until", "output") if not options[n]]
        if missing:
            raise CommandError("give " + ", ".join(f"--{n}" for n in missing) + " (or --verify)")
        try:
            export = forensics_export(
                since=_when(options["since"]),
                until=_when(options["until"]),
                reason=options["reason"],
                output=Path(options["output"]),
            )
        except ApplicationError as exc:
            detail = "; ".join(m for msgs in exc.fields.values() for m in msgs)
            raise CommandError(f"{exc.message} {detail}".strip()) from exc
        rows = sum(f["rows"] for f in export.files)
        self.stdout.write(
            f"forensic export #{export.pk}: {len(export.files)} files, {rows} rows in "
            f"{export.directory}; manifest sha256 {export.manifest_sha256}"
        )
