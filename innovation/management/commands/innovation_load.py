"""`manage.py innovation_load`: load the shipped domains and seed prior art (idempotent)."""

from django.core.management.base import BaseCommand

from innovation import services


class Command(BaseCommand):
    help = "Load innovation reference data (domains, lexicons, boxes, seed prior art)."

    def handle(self, *args, **opts):
        out = services.reference_load()
        self.stdout.write(
            f"domains: {out['domains']}, prior art added: {out['prior_art_added']} "
            f"(data version {out['version']})"
        )
