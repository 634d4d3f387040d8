"""`manage.py valuation --analyze` (portfolio report), `--component NAME` (one component) or
`--funding` (Series A readiness scorecard and cash runway; `--hiring-freeze`/`--marketing-cut`
try levers, `--apply` saves them in the funding plan)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from valuation import services
from valuation.services.funding import funding_text


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
        parser.add_argument(
            "--funding", action="store_true", help="Series A readiness and cash runway"
        )
        parser.add_argument("--hiring-freeze", type=float, metavar="PCT", help="Lever to try (%%)")
        parser.add_argument("--marketing-cut", type=float, metavar="PCT", help="Lever to try (%%)")
        parser.add_argument(
            "--apply", action="store_true", help="With --funding: save the levers in the plan"
        )
        parser.add_argument("--output", metavar="FILE", help="Write to FILE instead of stdout")
        parser.add_argument("--format", choices=services.report.FORMATS, default="text")
        parser.add_argument("--as-of", metavar="DATE", help="Valuation date (default today, UTC)")
        parser.add_argument("--seed", type=int, help="Monte Carlo seed (default: policy seed)")

    def handle(self, *args, **opts):
        if opts.get("funding"):
            return self._funding(opts)
        if not opts.get("analyze") and not opts.get("component"):
            raise CommandError(
                "say what to report: --analyze (portfolio), --component NAME or --funding"
            )
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

    def _funding(self, opts):
        as_of = _date(opts["as_of"]) if opts.get("as_of") else None
        levers = {
            "hiring_freeze_pct": opts.get("hiring_freeze"),
            "marketing_cut_pct": opts.get("marketing_cut"),
        }
        for name, value in levers.items():
            if value is not None and not 0 <= value <= 100:
                flag = "--" + name.replace("_pct", "").replace("_", "-")
                raise CommandError(f"{flag} must be between 0 and 100")
        levers = {k: v for k, v in levers.items() if v is not None}
        if opts.get("apply") and not levers:
            raise CommandError("--apply needs --hiring-freeze and/or --marketing-cut")
        if opts["format"] == "csv":
            raise CommandError("--funding prints text or json")
        try:
            if opts.get("apply"):
                services.funding_plan_update(**levers)
                levers = {}
            out = services.funding_readiness_build(as_of=as_of, levers=levers or None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if opts["format"] == "json":
            body = json.dumps(out, indent=2, sort_keys=True) + "\n"
        else:
            body = "\n".join(funding_text(out)) + "\n"
        if opts.get("output"):
            Path(opts["output"]).write_text(body, encoding="utf-8")
            self.stderr.write(f"wrote {opts['output']}")
        else:
            self.stdout.write(body, ending="")
