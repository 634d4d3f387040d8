"""Stripe reconciliation (ledger MRR vs MRR recomputed from the stored Stripe objects), the
alert rules on reconciliation gaps and failure spikes, and the connection status for Finance."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from valuation.engines import stripe_mrr
from valuation.engines.types import INTERVAL_MONTHS
from valuation.models import Component, RevenueEvent
from valuation.services.stripe import (
    PROCESSING_FAILURES_PER_HOUR,
    RECONCILE_LIMIT_PCT,
    SIGNATURE_FAILURES_PER_HOUR,
    _unix,
    exchange_rate_get,
)
from valuation.stripe_models import (
    StripeConnection,
    StripeDeliveryFailure,
    StripeEvent,
    StripeObject,
)


def stripe_reconcile(*, connection: StripeConnection, now: datetime | None = None) -> dict:
    """Reconcile and fire (or resolve) the alert when the totals differ by more than 0.5%."""
    report = stripe_reconcile_read(connection=connection, now=now)
    pct = report["difference_pct"]
    _alert(
        connection,
        "reconciliation",
        firing=pct > RECONCILE_LIMIT_PCT,
        value=pct,
        summary=f"{report['component']}: ledger MRR differs from Stripe by {pct:.2f}% "
        f"({len(report['differing'])} customers)",
    )
    return report


def stripe_reconcile_read(*, connection: StripeConnection, now: datetime | None = None) -> dict:
    """Ledger MRR vs MRR recomputed from the stored Stripe subscriptions, per customer, in the
    component's currency. Reads only."""
    now = now or timezone.now()
    comp = connection.component
    ledger = _ledger_mrr_by_customer(comp, now)
    stripe_side: dict[str, Decimal] = {}
    for row in StripeObject.objects.filter(connection=connection, object_type="subscription"):
        obj = row.payload
        mrr = stripe_mrr.subscription_mrr(obj, _unix(now)).mrr
        if obj.get("backfill") and not obj.get("ended_at"):
            mrr = stripe_mrr.subscription_mrr({**obj, "status": "active"}, _unix(now)).mrr
        if mrr:
            rate = exchange_rate_get(
                currency=str(obj.get("currency") or comp.currency),
                base=comp.currency,
                on=now.date(),
            )
            stripe_side[row.customer_id] = stripe_side.get(row.customer_id, Decimal(0)) + (
                Decimal(str(mrr)) * rate
            ).quantize(Decimal("0.01"))
    customers = sorted(set(ledger) | set(stripe_side))
    differing = []
    for c in customers:
        a, b = ledger.get(c, Decimal(0)), stripe_side.get(c, Decimal(0))
        if abs(a - b) > Decimal("0.01"):
            differing.append({"customer": c, "ledger": a, "stripe": b, "difference": a - b})
    total_ledger, total_stripe = (
        sum(ledger.values(), Decimal(0)),
        sum(stripe_side.values(), Decimal(0)),
    )
    base = max(total_ledger, total_stripe)
    pct = float(abs(total_ledger - total_stripe) / base * 100) if base else 0.0
    report = {
        "component": comp.name,
        "currency": comp.currency,
        "ledger_mrr": total_ledger,
        "stripe_mrr": total_stripe,
        "difference_pct": round(pct, 4),
        "limit_pct": RECONCILE_LIMIT_PCT,
        "differing": differing,
        "customers": len(customers),
    }
    return report


def _ledger_mrr_by_customer(comp: Component, at: datetime) -> dict[str, Decimal]:
    """Each customer's MRR in the ledger at `at`: the last recurring event of every
    subscription, normalised to a month and converted with its stored rate."""
    latest: dict[tuple[str, str], RevenueEvent] = {}
    for ev in (
        RevenueEvent.objects.filter(component=comp, occurred_at__lte=at)
        .exclude(kind="one_off")
        .only("customer_ref", "subscription_ref", "kind", "amount", "interval", "fx_rate")
        .order_by("occurred_at", "id")
    ):
        latest[(ev.customer_ref, ev.subscription_ref)] = ev
    out: dict[str, Decimal] = {}
    for (customer, _), ev in latest.items():
        if ev.kind == "cancel":
            continue
        months = Decimal(str(INTERVAL_MONTHS[ev.interval]))
        value = (ev.amount * ev.fx_rate / months).quantize(Decimal("0.01"))
        out[customer] = out.get(customer, Decimal(0)) + value
    return {k: v for k, v in out.items() if v}


def stripe_alerts_evaluate(*, connection: StripeConnection, now: datetime | None = None) -> dict:
    """Fire when signature failures or processing failures in the last hour spike."""
    now = now or timezone.now()
    since = now - timedelta(hours=1)
    sig = StripeDeliveryFailure.objects.filter(connection=connection, at__gte=since).count()
    failed = StripeEvent.objects.filter(
        connection=connection, status="failed", updated_at__gte=since
    ).count()
    name = connection.component.name
    _alert(
        connection,
        "signature_failures",
        firing=sig > SIGNATURE_FAILURES_PER_HOUR,
        value=sig,
        summary=f"{name}: {sig} refused Stripe deliveries in the last hour",
    )
    _alert(
        connection,
        "webhook_failures",
        firing=failed > PROCESSING_FAILURES_PER_HOUR,
        value=failed,
        summary=f"{name}: {failed} Stripe events failed to process in the last hour",
    )
    return {"signature_failures": sig, "failed_events": failed}


def _alert(connection, rule: str, *, firing: bool, value: float, summary: str) -> None:
    from operations.services import alert_fire, alert_resolve

    key = f"stripe:{rule}:{connection.component.name}"
    if firing:
        alert_fire(
            source="revenue",
            name=f"stripe.{rule}",
            dedup_key=key,
            severity="SEV-3",
            summary=summary,
            labels={"scope": connection.component.name, "rule": rule},
            value=float(value),
        )
    else:
        alert_resolve(dedup_key=key)


def stripe_connection_status(*, connection: StripeConnection, now: datetime | None = None) -> dict:
    """Last event, lag between Stripe's time and our receipt, failures (for the page)."""
    now = now or timezone.now()
    agg = connection.events.aggregate(
        last=Max("created"),
        received=Max("created_at"),
        failed=Count("id", filter=Q(status="failed")),
        total=Count("id"),
    )
    last = connection.events.order_by("-created_at").first()
    lag = (last.created_at - last.created).total_seconds() if last else None
    return {
        "last_event": agg["last"],
        "last_received": agg["received"],
        "lag_seconds": lag,
        "failed": agg["failed"],
        "total": agg["total"],
        "refused_24h": connection.delivery_failures.filter(
            at__gte=now - timedelta(hours=24)
        ).count(),
    }
