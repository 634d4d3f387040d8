"""Re-send overdue and lost jobs now (what the minutely beat job does; for operators and tests)."""

from django.core.management.base import BaseCommand

from common.outbox import outbox_sweep


class Command(BaseCommand):
    help = "Re-send queued jobs whose message is overdue and jobs whose worker was lost."

    def handle(self, *args, **options):
        for name, count in outbox_sweep().items():
            self.stdout.write(f"{name}: {count} re-sent")
