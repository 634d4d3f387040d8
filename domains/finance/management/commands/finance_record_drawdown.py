"""Record a market fall; assessments whose suggested mix fell more than 10% become due."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from domains.finance.services import market_drawdown_record


class Command(BaseCommand):
    help = "Record a market drawdown: --stocks 0.25 [--bonds 0.05] [--date YYYY-MM-DD]"

    def add_arguments(self, parser):
        parser.add_argument("--stocks", type=float, required=True, help="fall of stocks, 0-1")
        parser.add_argument("--bonds", type=float, default=0.0, help="fall of bonds, 0-1")
        parser.add_argument("--date", default=None, help="day of the trough (default today)")
        parser.add_argument("--note", default="")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else date.today()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from exc
        try:
            fall = market_drawdown_record(
                occurred_on=day,
                stocks_drawdown=options["stocks"],
                bonds_drawdown=options["bonds"],
                note=options["note"],
            )
        except ApplicationError as exc:
            first = next(iter(exc.fields.values()), [exc.message])[0]
            raise CommandError(first) from exc
        self.stdout.write(f"Recorded {fall}")
