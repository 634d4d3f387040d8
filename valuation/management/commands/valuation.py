"""`manage.py valuation --analyze` (portfolio report) or `--component NAME` (one component)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from valuation import services


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Write the valuation report for the portfolio (--analyze) or one component."

    def add_arguments(self, parser):
        parser.add_argument("--analyze", action="store_true", help="Portfolio report")
        parser.add_argument(
            "--component",
            metavar="NAME",
            help="One component's report (alone or with --analyze), e.g. an invention id",
        )
        parser.add_argument("--output", metavar="FILE", help="Write to FILE instead of stdout")
        parser.add_argument("--format", choices=services.report.FORMATS, default="text")
        parser.add_argument("--as-of", metavar="DATE", help="Valuation date (default today, UTC)")
        parser.add_argument("--seed", type=int, help="Monte Carlo seed (default: policy seed)")

    def handle(self, *args, **opts):
        if not opts.get("analyze") and not opts.get("component"):
            raise CommandError("say what to report: --analyze (portfolio) or --component NAME")
        as_of = _date(opts["as_of"]) if opts.get("as_of") else None
        seed = opts.get("seed")
        if seed is not None and not 0 <= seed < 2**32:
            raise CommandError("--seed must be between 0 and 4294967295")
        out_path = Path(opts["output"]) if opts.get("output") else None
        if out_path is not None and not out_path.parent.exists():
            raise CommandError(f"--output directory does not exist: {out_path.parent}")
        try:
            report = services.report_build(
                as_of=as_of, seed=seed, component_name=opts.get("component")
            )
            body = services.report_render(report, opts["format"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if out_path is None:
            self.stdout.write(body, ending="")
        else:
            out_path.write_text(body, encoding="utf-8")
            self.stderr.write(f"wrote {out_path}")
