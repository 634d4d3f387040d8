"""Stripe intake: verify and store webhook deliveries, process events into the revenue ledger
(idempotent, order-safe), backfill from Stripe's CSV exports and event JSON, reconcile.

Offline only: the `stripe` library is used for its signature check, never to call Stripe.
Ledger rows of a subscription are a pure function of every stored state of it (sorted by time),
so duplicates and out-of-order delivery converge to the same ledger.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import stripe
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation.engines import stripe_mrr
from valuation.engines.types import STREAMS
from valuation.models import Component, RevenueEvent
from valuation.services.jobs import revaluation_request
from valuation.services.ledger import revenue_event_bulk_create
from valuation.stripe_models import (
    ExchangeRate,
    StripeConnection,
    StripeDeliveryFailure,
    StripeEvent,
    StripeObject,
)

TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30
RECONCILE_LIMIT_PCT = 0.5
SIGNATURE_FAILURES_PER_HOUR = 10
PROCESSING_FAILURES_PER_HOUR = 5
HANDLED = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
    "charge.refunded",
    "charge.succeeded",
    "customer.created",
    "customer.updated",
)


class StripeRefused(Exception):
    """A delivery refused before storage; `reason` is what the security log records."""

    def __init__(self, reason: str, connection: StripeConnection | None = None):
        super().__init__(reason)
        self.reason = reason
        self.connection = connection


def _ts(value) -> datetime:
    return datetime.fromtimestamp(int(value), tz=UTC)


def _unix(dt: datetime) -> int:
    return int(dt.timestamp())


# --- connection and rates -------------------------------------------------------------------


def stripe_connection_save(
    *,
    component: Component,
    add_secret: str = "",
    remove_secrets: list[int] | None = None,
    is_active: bool = True,
    usage_stream: str = "transaction_fee",
) -> StripeConnection:
    """Create or change a component's connection; secrets are added or removed, never shown."""
    if usage_stream not in STREAMS:
        raise ApplicationError(
            "Unknown stream.", code="invalid", fields={"usage_stream": ["Unknown stream."]}
        )
    add_secret = add_secret.strip()
    if add_secret and (not add_secret.startswith("whsec_") or len(add_secret) < 16):
        raise ApplicationError(
            "A webhook signing secret starts with whsec_.",
            code="invalid",
            fields={"add_secret": ["A Stripe signing secret starts with whsec_."]},
        )
    with transaction.atomic():
        conn, _ = StripeConnection.objects.select_for_update().get_or_create(component=component)
        drop = set(remove_secrets or [])
        secrets = [s for i, s in enumerate(conn.secrets) if i not in drop]
        if add_secret and add_secret not in secrets:
            secrets.append(add_secret)
        conn.secrets, conn.is_active, conn.usage_stream = secrets, is_active, usage_stream
        conn.save()
    return conn


def exchange_rate_set(
    *, currency: str, base: str, on: date, rate, source: str = ""
) -> ExchangeRate:
    """Record (or replace) the rate from `on`: units of `base` per unit of `currency`."""
    row, _ = ExchangeRate.objects.update_or_create(
        currency=currency.upper(),
        base=base.upper(),
        date=on,
        defaults={"rate": Decimal(str(rate)), "source": source},
    )
    return row


def exchange_rate_get(*, currency: str, base: str, on: date) -> Decimal:
    """The staff rate in force on `on` (the latest dated on or before it)."""
    currency, base = currency.upper(), base.upper()
    if currency == base:
        return Decimal("1")
    row = (
        ExchangeRate.objects.filter(currency=currency, base=base, date__lte=on)
        .order_by("-date")
        .first()
    )
    if row is None:
        raise ApplicationError(
            f"No exchange rate {currency}->{base} on or before {on}; add one to the rate table.",
            code="no_rate",
        )
    return row.rate


# --- webhook intake -------------------------------------------------------------------------


def _signatures(header: str) -> list[str]:
    return [p.split("=", 1)[1] for p in header.split(",") if p.startswith("v1=") and "=" in p]


def stripe_webhook_receive(
    *, component_name: str, payload: bytes, signature: str | None, ip: str | None = None
) -> tuple[StripeEvent, bool]:
    """Verify a delivery against each of the component's secrets (rotation), store the event
    once and queue its processing after commit. Returns (event, created). Raises StripeRefused
    (recorded as a delivery failure) for unsigned, wrongly signed, stale or replayed requests."""
    conn = (
        StripeConnection.objects.select_related("component")
        .filter(component__name=component_name, is_active=True)
        .first()
    )
    try:
        if conn is None or not conn.secrets:
            raise StripeRefused("unknown_endpoint", conn)
        if not signature:
            raise StripeRefused("unsigned", conn)
        _verify(payload, signature, conn)
        try:
            body = json.loads(payload)
            event_id, etype, created = body["id"], str(body["type"]), int(body["created"])
            obj = body["data"]["object"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StripeRefused("malformed", conn) from exc
        if not isinstance(event_id, str) or not event_id or not isinstance(obj, dict):
            raise StripeRefused("malformed", conn)
        sigs = _signatures(signature)
        with transaction.atomic():
            event, created_now = StripeEvent.objects.get_or_create(
                connection=conn,
                event_id=event_id[:255],
                defaults={
                    "type": etype[:100],
                    "created": _ts(created),
                    "object_id": str(obj.get("id") or "")[:255],
                    "payload": body,
                    "signatures": sigs,
                },
            )
            if not created_now:
                if set(sigs) & set(event.signatures):
                    raise StripeRefused("replayed", conn)
                # A fresh signature on a known id is Stripe retrying: acknowledge, do nothing.
                StripeEvent.objects.filter(pk=event.pk).update(
                    signatures=(event.signatures + sigs)[-10:]
                )
                return event, False
            _enqueue(event.pk)
        return event, True
    except StripeRefused as exc:
        StripeDeliveryFailure.objects.create(connection=exc.connection, reason=exc.reason, ip=ip)
        if exc.connection is not None:
            stripe_alerts_evaluate(connection=exc.connection)
        raise


def _verify(payload: bytes, header: str, conn: StripeConnection) -> None:
    stale = False
    for secret in conn.secrets:
        try:
            stripe.WebhookSignature.verify_header(
                payload, header, secret, tolerance=TOLERANCE_SECONDS
            )
            return
        except stripe.SignatureVerificationError as exc:
            stale = stale or "tolerance" in str(exc).lower()
    raise StripeRefused("stale" if stale else "bad_signature", conn)


def _enqueue(event_pk: int) -> None:
    from valuation.tasks import stripe_event_process_task

    transaction.on_commit(lambda: stripe_event_process_task.delay(event_pk))


# --- processing -----------------------------------------------------------------------------


def stripe_event_process(*, event_pk: int, now: datetime | None = None) -> StripeEvent | None:
    """Apply one stored event. Idempotent: a processed event is left alone. Failures are stored
    with their error and a backoff time; returns the event (None if it no longer exists)."""
    event = StripeEvent.objects.select_related("connection__component").filter(pk=event_pk).first()
    if event is None or event.status in ("processed", "ignored"):
        return event
    now = now or timezone.now()
    try:
        with transaction.atomic():
            done = {
                "status": _apply(event, now),
                "attempts": event.attempts + 1,
                "error": "",
                "processed_at": now,
                "next_retry_at": None,
            }
            StripeEvent.objects.filter(pk=event.pk).update(**done)
        for field, value in done.items():
            setattr(event, field, value)
        return event
    except (ApplicationError, stripe_mrr.StripeShapeError, KeyError, TypeError, ValueError) as exc:
        attempts = event.attempts + 1
        retry = (
            now + timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (attempts - 1))
            if attempts < MAX_ATTEMPTS
            else None
        )
        StripeEvent.objects.filter(pk=event.pk).update(
            status="failed", attempts=attempts, error=str(exc)[:2000], next_retry_at=retry
        )
        stripe_alerts_evaluate(connection=event.connection)
    event.refresh_from_db()
    return event


def stripe_event_retry(*, event: StripeEvent) -> StripeEvent:
    """Staff action: put a failed event back in the queue now."""
    if event.status != "failed":
        raise ApplicationError("Only a failed event can be retried.", code="not_failed")
    with transaction.atomic():
        StripeEvent.objects.filter(pk=event.pk).update(status="received", next_retry_at=None)
        _enqueue(event.pk)
    event.refresh_from_db()
    return event


def _apply(event: StripeEvent, now: datetime) -> str:
    conn, body = event.connection, event.payload
    etype, obj = event.type, body["data"]["object"]
    if etype not in HANDLED:
        return "ignored"
    object_type = str(obj.get("object") or etype.split(".")[-2])
    customer = obj.get("customer") if object_type != "customer" else obj.get("id")
    if isinstance(customer, dict):
        customer = customer.get("id")
    row = _object_upsert(conn, object_type, obj, str(customer or ""), event.created)
    if object_type == "subscription":
        _subscription_sync(conn, str(obj["id"]), now, current=event.pk, row=row)
    elif etype == "invoice.paid":
        _invoice_revenue(conn, obj, event.created)
    elif etype == "charge.succeeded" and not obj.get("invoice"):
        _charge_revenue(conn, obj, event.created)
    return "processed"


def _object_upsert(conn, object_type: str, obj: dict, customer: str, seen: datetime):
    """Keep the newest state only: an older observation never overwrites a newer one. A state
    from a CSV export is kept alongside (`_export`): it is the only record of earlier history."""
    row = (
        StripeObject.objects.select_for_update()
        .filter(connection=conn, object_type=object_type, object_id=str(obj["id"]))
        .first()
    )
    if row is None:
        return StripeObject.objects.create(
            connection=conn,
            object_type=object_type,
            object_id=str(obj["id"])[:255],
            customer_id=customer[:255],
            payload=obj,
            observed_at=seen,
        )
    export = _export_of(row.payload)
    if export is not None and not obj.get("backfill"):
        obj = {**obj, "_export": export}
    if seen >= row.observed_at:
        row.payload, row.observed_at, row.customer_id = obj, seen, customer[:255]
        row.save(update_fields=["payload", "observed_at", "customer_id", "updated_at"])
    elif export is None and obj.get("backfill"):
        row.payload = {**row.payload, "_export": obj}
        row.save(update_fields=["payload", "updated_at"])
    return row


def _export_of(payload: dict) -> dict | None:
    return payload if payload.get("backfill") else payload.get("_export")


def _subscription_states(
    conn, sub_id: str, current: int | None, row: StripeObject | None
) -> list[tuple[int, dict]]:
    # Processed events plus the one being applied: a broken event never poisons the others.
    states = [
        (_unix(created), payload["data"]["object"])
        for created, payload in StripeEvent.objects.filter(
            Q(status="processed") | Q(pk=current),
            connection=conn,
            object_id=sub_id,
            type__startswith="customer.subscription.",
        ).values_list("created", "payload")
    ]
    export = _export_of(row.payload) if row is not None else None
    if export is not None:
        states += _export_states(export)
    return states


def _export_states(obj: dict) -> list[tuple[int, dict]]:
    """A CSV export shows a subscription once; its start, trial end and end are its history."""
    start = int(obj.get("start_date") or obj["created"])
    live = {**obj, "status": "active", "ended_at": None, "canceled_at": None}
    out = [(start, live)]
    if obj.get("trial_end") and int(obj["trial_end"]) > start:
        out.append((int(obj["trial_end"]), live))
    if obj.get("ended_at"):
        out.append((int(obj["ended_at"]), obj))
    return out


def _subscription_sync(
    conn: StripeConnection,
    sub_id: str,
    now: datetime,
    current: int | None = None,
    row: StripeObject | None = None,
) -> None:
    """Make the ledger rows of one subscription equal its MRR timeline: append when only new
    lines follow the stored ones, rewrite the subscription's lines otherwise."""
    states = _subscription_states(conn, sub_id, current, row)
    if not states:
        return
    latest = max(states, key=lambda s: s[0])[1]
    customer = latest.get("customer")
    customer = str(customer.get("id") if isinstance(customer, dict) else customer or "")
    points = stripe_mrr.mrr_timeline(states, _unix(now))
    kinds = stripe_mrr.ledger_kinds(points)
    comp = conn.component
    currency = str(latest.get("currency") or comp.currency).upper()
    wanted = []
    for p, kind in zip(points, kinds, strict=True):
        when = _ts(p.at)
        wanted.append(
            {
                "customer_ref": customer[:64],
                "subscription_ref": sub_id[:64],
                "occurred_at": when,
                "kind": kind,
                "stream": "subscription",
                "amount": Decimal(str(p.mrr)).quantize(Decimal("0.01")),
                "interval": "monthly",
                "currency": currency,
                "fx_rate": exchange_rate_get(currency=currency, base=comp.currency, on=when.date()),
                "external_id": f"stripe:{sub_id}:{p.at}"[:100],
            }
        )
    have = list(
        RevenueEvent.objects.filter(
            component=comp, source="stripe", subscription_ref=sub_id[:64]
        ).order_by("occurred_at", "id")
    )
    key = ("occurred_at", "kind", "amount", "currency", "fx_rate", "customer_ref")
    have_keys = [tuple(getattr(r, k) for k in key) for r in have]
    wanted_keys = [tuple(w[k] for k in key) for w in wanted]
    if have_keys == wanted_keys:
        return
    if wanted_keys[: len(have_keys)] == have_keys:
        revenue_event_bulk_create(rows=wanted[len(have) :], component=comp, source="stripe")
        return
    RevenueEvent.objects.filter(pk__in=[r.pk for r in have]).delete()
    if wanted:
        revenue_event_bulk_create(rows=wanted, component=comp, source="stripe")
    else:
        revaluation_request(component=comp, reason="stripe subscription rewritten")


def _revenue_rows(conn, rows: list[dict]) -> None:
    rows = [r for r in rows if r["amount"] > 0]
    if not rows:
        return
    taken = set(
        RevenueEvent.objects.filter(
            component=conn.component, external_id__in=[r["external_id"] for r in rows]
        ).values_list("external_id", flat=True)
    )
    rows = [r for r in rows if r["external_id"] not in taken]
    if rows:
        revenue_event_bulk_create(rows=rows, component=conn.component, source="stripe")


def _one_off(conn, *, customer, when: datetime, amount_minor, currency: str, ext: str) -> dict:
    comp = conn.component
    currency = currency.upper()
    major = stripe_mrr.minor_to_major(amount_minor, currency)
    return {
        "customer_ref": str(customer or "unknown")[:64],
        "occurred_at": when,
        "kind": "one_off",
        "stream": conn.usage_stream,
        "interval": "one_off",
        "amount": Decimal(major.numerator) / Decimal(major.denominator),
        "currency": currency,
        "fx_rate": exchange_rate_get(currency=currency, base=comp.currency, on=when.date()),
        "external_id": ext[:100],
    }


def _invoice_revenue(conn, invoice: dict, seen: datetime) -> None:
    """Metered lines (usage) and one-off lines are revenue, not MRR; licensed subscription
    lines are already counted as MRR from the subscription."""
    paid_at = (invoice.get("status_transitions") or {}).get("paid_at")
    when = _ts(paid_at) if paid_at else seen
    rows = []
    for line in (invoice.get("lines") or {}).get("data") or []:
        price = line.get("price") or line.get("plan") or {}
        recurring = price.get("recurring") or {}
        metered = recurring.get("usage_type") == "metered"
        if line.get("type") == "subscription" and not metered:
            continue
        rows.append(
            _one_off(
                conn,
                customer=invoice.get("customer"),
                when=when,
                amount_minor=int(line.get("amount") or 0),
                currency=str(line.get("currency") or invoice.get("currency") or "usd"),
                ext=f"stripe:{invoice['id']}:{line.get('id')}",
            )
        )
    _revenue_rows(conn, rows)


def _charge_revenue(conn, charge: dict, seen: datetime) -> None:
    row = _one_off(
        conn,
        customer=charge.get("customer"),
        when=_ts(charge["created"]) if charge.get("created") else seen,
        amount_minor=int(charge.get("amount") or 0),
        currency=str(charge.get("currency") or "usd"),
        ext=f"stripe:{charge['id']}",
    )
    _revenue_rows(conn, [row])


def stripe_events_ingest(
    *, connection: StripeConnection, events: list[dict], source: str = "backfill"
) -> dict:
    """Store events given as Stripe event objects (a JSON export) and process them now, oldest
    first. All-or-nothing: invalid events are listed and nothing is stored."""
    errors: dict[str, list[str]] = {}
    clean = []
    for i, ev in enumerate(events):
        try:
            obj = ev["data"]["object"]
            clean.append((str(ev["id"]), str(ev["type"]), int(ev["created"]), obj, ev))
            if not isinstance(obj, dict) or "id" not in obj:
                raise KeyError("data.object.id")
        except (KeyError, TypeError, ValueError) as exc:
            errors[f"rows[{i}].event"] = [f"Not a Stripe event object (missing {exc})."]
    if errors:
        raise ApplicationError(
            f"{len(errors)} of {len(events)} events are invalid; nothing was imported.",
            code="invalid_rows",
            fields=errors,
        )
    known = set(
        StripeEvent.objects.filter(
            connection=connection, event_id__in=[c[0] for c in clean]
        ).values_list("event_id", flat=True)
    )
    stored = []
    with transaction.atomic():
        for event_id, etype, created, obj, body in sorted(clean, key=lambda c: c[2]):
            if event_id in known:
                continue
            known.add(event_id)
            stored.append(
                StripeEvent.objects.create(
                    connection=connection,
                    event_id=event_id[:255],
                    type=etype[:100],
                    created=_ts(created),
                    object_id=str(obj.get("id"))[:255],
                    payload=body,
                    source=source,
                )
            )
        outcomes = [stripe_event_process(event_pk=e.pk) for e in stored]
        failed = [o for o in outcomes if o.status == "failed"]
        if failed:
            raise ApplicationError(
                f"{len(failed)} events could not be applied; nothing was imported.",
                code="invalid_rows",
                fields={f"events.{o.event_id}": [o.error] for o in failed[:50]},
            )
    _reconcile_quietly(connection)
    return {"stored": len(stored), "duplicates": len(clean) - len(stored)}


def _reconcile_quietly(connection: StripeConnection) -> None:
    # A missing rate is shown on the page; the import itself stands.
    with contextlib.suppress(ApplicationError):
        stripe_reconcile(connection=connection)


# Re-exports: backfill and reconciliation live in their own modules (size), one import path.
from valuation.services.stripe_backfill import stripe_backfill_import  # noqa: E402
from valuation.services.stripe_reconcile import (  # noqa: E402
    stripe_alerts_evaluate,
    stripe_connection_status,
    stripe_reconcile,
    stripe_reconcile_read,
)

__all__ = [
    "StripeRefused",
    "exchange_rate_get",
    "exchange_rate_set",
    "stripe_alerts_evaluate",
    "stripe_backfill_import",
    "stripe_connection_save",
    "stripe_connection_status",
    "stripe_event_process",
    "stripe_event_retry",
    "stripe_events_ingest",
    "stripe_reconcile",
    "stripe_reconcile_read",
    "stripe_webhook_receive",
]
