"""`manage.py novelty --challenge TEXT [--domain D] [--count N] [--seed S] [--json]`."""

from django.core.management.base import BaseCommand

from innovation import services
from innovation.management.commands._common import (
    concept_lines,
    dump,
    reading_lines,
    run_or_fail,
    shortfall_line,
)


class Command(BaseCommand):
    help = "Generate and score invention concepts for a challenge (writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--challenge", required=True)
        parser.add_argument("--domain", default="")
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **o):
        res = run_or_fail(
            services.engine_preview,
            workflow="novelty",
            challenge=o["challenge"],
            domain=o["domain"],
            count=o["count"],
            seed=o["seed"],
        )
        if o["json"]:
            self.stdout.write(dump(res))
            return
        ch = res["challenge"]
        self.stdout.write(f"Challenge: {ch['text']}  (primary domain {ch['primary_domain']})")
        shares = ", ".join(f"{k} {v:.2f}" for k, v in ch["domain_shares"].items())
        self.stdout.write(f"Domain shares: {shares}")
        for line in reading_lines(ch):
            self.stdout.write(line)
        for c in ch["contradictions"]:
            ps = ", ".join(f"{p['id']} {p['name']}" for p in c["principles"])
            self.stdout.write(
                f"Contradiction: improve {c['improving']['name']} / worsen "
                f"{c['worsening']['name']} -> {ps}"
            )
        for line in shortfall_line(res):
            self.stdout.write(line)
        for c in res["concepts"]:
            self.stdout.write("\n".join(concept_lines(c)))
