"""`manage.py innovation_load [--import FILE [--format csv|jsonl] [--dry-run]]`.

Without options: load the shipped domains and seed prior art (idempotent). With --import: also
import the user's own prior art; any bad row aborts with the per-row report and writes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from innovation import services


class Command(BaseCommand):
    help = "Load innovation reference data; optionally import prior art from CSV or JSONL."

    def add_arguments(self, parser):
        parser.add_argument("--import", dest="path", metavar="FILE")
        parser.add_argument("--format", choices=["csv", "jsonl"])
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **opts):
        out = services.reference_load()
        self.stdout.write(
            f"domains: {out['domains']}, prior art added: {out['prior_art_added']} "
            f"(data version {out['version']})"
        )
        if not opts["path"]:
            return
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        fmt = opts["format"] or ("jsonl" if path.suffix in {".jsonl", ".ndjson"} else "csv")
        try:
            text = path.read_text(encoding="utf-8")
            res = services.prior_art_import(text=text, fmt=fmt, user=None, dry_run=opts["dry_run"])
        except UnicodeDecodeError as exc:
            raise CommandError("the file must be UTF-8 text") from exc
        except ApplicationError as exc:
            for line in exc.fields.get("rows", []):
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        self.stdout.write(f"rows: {res['rows']}, imported: {res['imported']}")
