"""`manage.py sac --harness D --amplification D [--challenge TEXT]` or `sac --challenge TEXT`."""

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
    help = "Find science-arts-commerce convergence opportunities (writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--harness", default="")
        parser.add_argument("--amplification", default="")
        parser.add_argument("--challenge", default="")
        parser.add_argument("--count", type=int, default=10)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **o):
        res = run_or_fail(
            services.engine_preview,
            workflow="sac",
            challenge=o["challenge"],
            harness=o["harness"],
            amplification=o["amplification"],
            count=o["count"],
            seed=o["seed"],
        )
        if o["json"]:
            self.stdout.write(dump(res))
            return
        if not o["harness"]:
            self.stdout.write(f"Domain pairs for: {o['challenge']}")
            for p in res["pairs"]["pairs"][:10]:
                self.stdout.write(
                    f"  {p['harness']} x {p['amplification']}: {p['score']:.3f} "
                    f"(disparity {p['disparity']:.2f}, rarity {p['rarity']:.2f}, "
                    f"relevance {p['relevance']:.2f}, co-occurrences {p['cooccurrences']})"
                )
            return
        self.stdout.write(f"Harness {o['harness']}, amplification {o['amplification']}")
        for line in reading_lines(res.get("challenge")) + shortfall_line(res):
            self.stdout.write(line)
        for c in res["opportunities"]:
            self.stdout.write("\n".join(concept_lines(c)))
            sac = c.get("sac") or {}
            if sac:
                self.stdout.write(
                    f"   Capability: {sac['capability']}; practice: {sac['practice']}; "
                    f"commercial model: {sac['commercial_model']}"
                )
            self.stdout.write(f"   SAC score {c['sac_score']:.4f}")
