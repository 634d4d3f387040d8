"""Load the shipped demo catalogue, or import a product CSV (all rows or none)."""

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from domains.commerce.services import catalogue_load_default


class Command(BaseCommand):
    help = "Load domains/commerce/data/catalogue-v1.csv (or --file PATH); idempotent by SKU."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="CSV with sku,name,category,price,currency,...")

    def handle(self, *args, **options):
        try:
            report = catalogue_load_default(path=options.get("file"))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if report.errors:
            first = report.errors[0]
            raise CommandError(
                f"{len(report.errors)} bad row(s), nothing written; first: row {first['row']} "
                f"{first['field']}: {first['message']}"
            )
        self.stdout.write(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
