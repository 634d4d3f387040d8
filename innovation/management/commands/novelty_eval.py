"""`manage.py novelty_eval [--count N] [--seed S] [--only E01,E02] [--json] [--check]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from innovation import services
from innovation.engines.evaluation import goals_missed, report_lines
from innovation.management.commands._common import run_or_fail


class Command(BaseCommand):
    help = (
        "Run the novelty engine on the shipped evaluation set (30 challenges) and print the "
        "on-topic share, cross-consistency violations, near-duplicates, distinct mechanisms and "
        "time per run (writes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--only", default="", help="comma-separated ids, e.g. E01,E03")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")

    def handle(self, *args, **o):
        only = [x.strip() for x in o["only"].split(",") if x.strip()] or None
        res = run_or_fail(services.novelty_evaluate, count=o["count"], seed=o["seed"], only=only)
        if o["json"]:
            self.stdout.write(json.dumps(res, sort_keys=True, indent=2))
        else:
            self.stdout.write("\n".join(report_lines(res)))
        if o["check"]:
            missed = goals_missed(res)
            if missed:
                raise CommandError("goals missed: " + "; ".join(missed))
