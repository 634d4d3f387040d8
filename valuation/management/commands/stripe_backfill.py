"""Backfill a component's ledger from Stripe exports: CSV (subscriptions, invoices, customers)
or a JSON file of Stripe events. Each file is applied whole or not at all."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from valuation.models import Component
from valuation.services.stripe import stripe_backfill_import, stripe_connection_save

KINDS = ("customers", "subscriptions", "invoices", "events")


class Command(BaseCommand):
    help = "Import Stripe export files into a component's ledger (all-or-nothing per file)."

    def add_arguments(self, parser):
        parser.add_argument("component", help="Component name")
        parser.add_argument(
            "files",
            nargs="+",
            metavar="KIND=PATH",
            help=f"e.g. subscriptions=subs.csv events=events.json; kinds: {', '.join(KINDS)}",
        )

    def handle(self, *args, component, files, **opts):
        comp = Component.objects.filter(name=component).first()
        if comp is None:
            raise CommandError(f"Unknown component {component!r}.")
        jobs = []
        for spec in files:
            kind, _, path = spec.partition("=")
            if kind not in KINDS or not path:
                raise CommandError(f"Give files as KIND=PATH with KIND one of {', '.join(KINDS)}.")
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: cannot read ({exc}).") from exc
            jobs.append((kind, path, text))
        conn = getattr(comp, "stripe_connection", None) or stripe_connection_save(component=comp)
        # Customers first, then subscriptions, invoices and events, whatever the order given.
        for i, (kind, path, text) in enumerate(sorted(jobs, key=lambda j: KINDS.index(j[0])), 1):
            try:
                out = stripe_backfill_import(connection=conn, kind=kind, text=text)
            except ApplicationError as exc:
                first = next(iter((exc.fields or {}).items()), None)
                detail = f" First: {first[0]}: {'; '.join(first[1])}" if first else ""
                raise CommandError(f"{path}: {exc.message}{detail}") from exc
            self.stdout.write(f"[{i}/{len(jobs)}] {path}: {out}")
