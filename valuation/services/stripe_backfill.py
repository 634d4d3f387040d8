"""Backfill from Stripe's Dashboard CSV exports (subscriptions, invoices, customers) and a JSON
file of Stripe events. Every file is validated first and applied whole or not at all."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from common.exceptions import ApplicationError
from valuation.engines import stripe_mrr
from valuation.services.stripe import (
    _invoice_revenue,
    _object_upsert,
    _reconcile_quietly,
    _subscription_sync,
    _ts,
    stripe_events_ingest,
)
from valuation.stripe_models import StripeConnection


def _csv(text: str) -> list[dict]:
    if not text.strip():
        raise ApplicationError("The file is empty.", code="empty", fields={"file": ["Empty."]})
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        rows = [
            {(k or "").strip().lower(): (v or "").strip() for k, v in r.items()} for r in reader
        ]
    except csv.Error as exc:
        raise ApplicationError(f"The CSV could not be parsed: {exc}.", code="bad_csv") from exc
    return rows


def _export_time(value: str) -> int | None:
    if not value:
        return None
    dt = parse_datetime(value.replace(" ", "T")) if "T" not in value else parse_datetime(value)
    if dt is None:
        try:
            dt = datetime.fromisoformat(value[:10])
        except ValueError as exc:
            raise ValueError(f"not a date/time: {value!r}") from exc
    if timezone.is_naive(dt):
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp())


def _minor(value: str, currency: str) -> int:
    amount = Decimal(value.replace(",", ""))
    if currency.upper() in stripe_mrr.ZERO_DECIMAL:
        return int(amount)
    return int((amount * 100).to_integral_value())


def _subscription_from_export(r: dict) -> dict:
    currency = (r.get("currency") or "usd").lower()
    interval = (r.get("interval") or "month").lower()
    if interval not in stripe_mrr.PERIOD_MONTHS:
        raise ValueError(f"interval must be day, week, month or year (got {interval!r})")
    created = _export_time(r.get("created (utc)", ""))
    if created is None:
        raise ValueError("created (utc) is required")
    ended = _export_time(r.get("ended at (utc)", ""))
    return {
        "id": r["id"],
        "object": "subscription",
        "backfill": True,
        "customer": r["customer id"],
        "currency": currency,
        "status": r.get("status") or "active",
        "created": created,
        "start_date": _export_time(r.get("start (utc)", "")) or created,
        "trial_end": _export_time(r.get("trial end (utc)", "")),
        "current_period_end": _export_time(r.get("current period end (utc)", "")),
        "cancel_at_period_end": r.get("cancel at period end", "").lower() == "true",
        "canceled_at": _export_time(r.get("canceled at (utc)", "")),
        "ended_at": ended,
        "items": {
            "data": [
                {
                    "id": f"{r['id']}_item",
                    "quantity": int(r.get("quantity") or 1),
                    "price": {
                        "id": r.get("plan") or f"{r['id']}_price",
                        "unit_amount": _minor(r["amount"], currency),
                        "recurring": {
                            "interval": interval,
                            "interval_count": int(r.get("interval count") or 1),
                            "usage_type": r.get("usage type") or "licensed",
                        },
                    },
                }
            ]
        },
    }


def stripe_backfill_import(*, connection: StripeConnection, kind: str, text: str) -> dict:
    """Import one Stripe export file (kind: subscriptions, invoices, customers, events).
    Every row is validated first; the file is applied atomically or not at all."""
    if kind == "events":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ApplicationError(
                "The file is not JSON.", code="bad_json", fields={"file": [str(exc)]}
            ) from exc
        events = data.get("data") if isinstance(data, dict) else data
        if not isinstance(events, list):
            raise ApplicationError("Expected a list of events.", code="bad_json")
        return stripe_events_ingest(connection=connection, events=events)
    if kind not in ("subscriptions", "invoices", "customers"):
        raise ApplicationError("Unknown file kind.", code="invalid", fields={"kind": ["Unknown."]})
    rows, errors, objects = _csv(text), {}, []
    for i, r in enumerate(rows):
        try:
            if not r.get("id"):
                raise ValueError("id is required")
            if kind == "subscriptions":
                if not r.get("customer id"):
                    raise ValueError("customer id is required")
                obj = _subscription_from_export(r)
                stripe_mrr.subscription_mrr(obj, obj["created"])
                objects.append(("subscription", obj, obj["customer"], obj["created"]))
            elif kind == "customers":
                created = _export_time(r.get("created (utc)", "")) or 0
                obj = {
                    "id": r["id"],
                    "object": "customer",
                    "email": r.get("email", ""),
                    "name": r.get("name", ""),
                    "created": created,
                    "backfill": True,
                }
                objects.append(("customer", obj, r["id"], created))
            else:
                obj = _invoice_from_export(r)
                objects.append(("invoice", obj, obj["customer"], obj["created"]))
        except (ValueError, KeyError, ArithmeticError) as exc:
            errors[f"rows[{i}].row"] = [str(exc)]
    if errors:
        raise ApplicationError(
            f"{len(errors)} of {len(rows)} rows are invalid; nothing was imported.",
            code="invalid_rows",
            fields=errors,
        )
    now = timezone.now()
    with transaction.atomic():
        for object_type, obj, customer, seen in objects:
            row = _object_upsert(connection, object_type, obj, customer, _ts(seen))
            if object_type == "subscription":
                _subscription_sync(connection, obj["id"], now, row=row)
            elif object_type == "invoice" and obj["status"] == "paid" and not obj["subscription"]:
                _invoice_revenue(connection, obj, _ts(seen))
    _reconcile_quietly(connection)
    return {"rows": len(objects)}


def _invoice_from_export(r: dict) -> dict:
    currency = (r.get("currency") or "usd").lower()
    created = _export_time(r.get("date (utc)", ""))
    if created is None:
        raise ValueError("date (utc) is required")
    paid = _minor(r.get("amount paid") or "0", currency)
    return {
        "id": r["id"],
        "object": "invoice",
        "backfill": True,
        "customer": r.get("customer") or r.get("customer id") or "",
        "subscription": r.get("subscription") or None,
        "currency": currency,
        "status": (r.get("status") or "").lower(),
        "created": created,
        "amount_paid": paid,
        "status_transitions": {"paid_at": created},
        "lines": {"data": [{"id": "export", "type": "invoiceitem", "amount": paid}]},
    }
