"""Demo of the Stripe path: one component whose revenue comes only from Stripe export files
shipped in valuation/data/stripe_demo/ (customers, subscriptions, invoices CSV; events JSON).

`ledger.csv` in the same folder holds the same subscriptions in HarmonyHub's own CSV format,
written independently of the Stripe mapping, so a test can check both give the same KPIs.
`generate_files` wrote the files (fixed seed); `stripe_demo_seed` loads them via the backfill.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "stripe_demo"
COMPONENT = "Payments_Checkout"
FILES = ("customers.csv", "subscriptions.csv", "invoices.csv", "events.json")
PRICES = [("basic_m", 1900, "month"), ("pro_m", 4900, "month"), ("pro_y", 49000, "year")]
EXPORT_AT = datetime(2026, 9, 30, tzinfo=UTC)


def _fmt(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if dt else ""


def generate_files(out: Path = DATA_DIR, n: int = 80, seed: int = 2026) -> None:
    """Write the demo files: n subscriptions in the export, a dozen later ones as events."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    start0 = datetime(2025, 1, 1, tzinfo=UTC)
    customers, subs, invoices, events, ledger = [], [], [], [], []
    for i in range(n + 12):
        cus = f"cus_demo{i:04d}"
        created = start0 + timedelta(days=rng.randrange(0, 600), hours=rng.randrange(24))
        customers.append([cus, f"Customer {i}", f"c{i}@example.com", _fmt(created)])
        price, amount, interval = rng.choice(PRICES)
        qty = rng.choice([1, 1, 1, 2, 3])
        trial_end = created + timedelta(days=14) if rng.random() < 0.3 else None
        paying = trial_end or created
        ended = None
        if rng.random() < 0.25:
            ended = paying + timedelta(days=rng.randrange(20, 300))
            ended = ended if ended < EXPORT_AT else None
        sub = f"sub_demo{i:04d}"
        per_period = amount * qty / 100
        months = 12 if interval == "year" else 1
        mrr = round(per_period / months, 2)
        # HarmonyHub's own format: the monthly amount, converted independently of the engine.
        ledger.append(
            [cus, _fmt(paying), "subscribe", f"{mrr:.2f}", "monthly", "subscription", sub]
        )
        if ended:
            ledger.append([cus, _fmt(ended), "cancel", "0", "monthly", "subscription", sub])
        if i < n:
            subs.append(
                [
                    sub,
                    cus,
                    price,
                    qty,
                    "usd",
                    interval,
                    f"{amount / 100:.2f}",
                    "canceled"
                    if ended
                    else ("trialing" if trial_end and trial_end > EXPORT_AT else "active"),
                    _fmt(created),
                    _fmt(created),
                    _fmt(trial_end),
                    _fmt(ended),
                    _fmt(ended),
                ]
            )
        else:  # created after the export: arrives as events
            ts = int(created.timestamp())
            obj = {
                "id": sub,
                "object": "subscription",
                "customer": cus,
                "currency": "usd",
                "status": "trialing" if trial_end else "active",
                "created": ts,
                "start_date": ts,
                "trial_end": int(trial_end.timestamp()) if trial_end else None,
                "cancel_at_period_end": False,
                "ended_at": None,
                "discount": None,
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": f"si_demo{i:04d}",
                            "object": "subscription_item",
                            "quantity": qty,
                            "price": {
                                "id": price,
                                "object": "price",
                                "unit_amount": amount,
                                "currency": "usd",
                                "type": "recurring",
                                "recurring": {
                                    "interval": interval,
                                    "interval_count": 1,
                                    "usage_type": "licensed",
                                },
                            },
                        }
                    ],
                },
            }
            events.append(_event(f"evt_demo{i:04d}a", "customer.subscription.created", ts, obj))
            if trial_end:
                conv = {**obj, "status": "active"}
                events.append(
                    _event(
                        f"evt_demo{i:04d}b",
                        "customer.subscription.updated",
                        int(trial_end.timestamp()),
                        conv,
                    )
                )
            if ended:
                done = {
                    **obj,
                    "status": "canceled",
                    "ended_at": int(ended.timestamp()),
                    "canceled_at": int(ended.timestamp()),
                }
                events.append(
                    _event(
                        f"evt_demo{i:04d}c",
                        "customer.subscription.deleted",
                        int(ended.timestamp()),
                        done,
                    )
                )
        if rng.random() < 0.2:  # a one-off invoice (setup, services): revenue, not MRR
            when = paying + timedelta(days=rng.randrange(1, 60))
            if when < EXPORT_AT:
                amt = rng.choice([250, 500, 1200])
                invoices.append(
                    [
                        f"in_demo{i:04d}",
                        cus,
                        "",
                        f"{amt:.2f}",
                        f"{amt:.2f}",
                        "usd",
                        "paid",
                        _fmt(when),
                    ]
                )
                ledger.append(
                    [cus, _fmt(when), "one_off", f"{amt:.2f}", "one_off", "transaction_fee", ""]
                )
    _write(out / "customers.csv", ["id", "Name", "Email", "Created (UTC)"], customers)
    _write(
        out / "subscriptions.csv",
        [
            "id",
            "Customer ID",
            "Plan",
            "Quantity",
            "Currency",
            "Interval",
            "Amount",
            "Status",
            "Created (UTC)",
            "Start (UTC)",
            "Trial End (UTC)",
            "Canceled At (UTC)",
            "Ended At (UTC)",
        ],
        subs,
    )
    _write(
        out / "invoices.csv",
        [
            "id",
            "Customer",
            "Subscription",
            "Amount Due",
            "Amount Paid",
            "Currency",
            "Status",
            "Date (UTC)",
        ],
        invoices,
    )
    (out / "events.json").write_text(json.dumps({"object": "list", "data": events}, indent=1))
    _write(
        out / "ledger.csv",
        ["customer_id", "occurred_at", "kind", "amount", "interval", "stream", "subscription"],
        ledger,
    )


def _event(eid: str, etype: str, created: int, obj: dict) -> dict:
    return {
        "id": eid,
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "livemode": False,
        "type": etype,
        "data": {"object": obj},
    }


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def stripe_demo_seed(*, owner=None, launch=None, stdout=None) -> bool:
    """Create the Stripe demo component and backfill it from the shipped files (idempotent).
    Returns True when it wrote anything."""
    from valuation.models import Component
    from valuation.services.stripe import stripe_backfill_import, stripe_connection_save

    write = stdout or (lambda s: None)
    comp, _ = Component.objects.get_or_create(
        name=COMPONENT,
        defaults={
            "title": "Checkout payments (billed on Stripe)",
            "sector": "commerce",
            "stage": "early",
            "owner": owner,
            "launch_date": launch,
            "weights_rationale": "Revenue from Stripe webhooks and exports.",
        },
    )
    if comp.revenue_events.exists():
        return False
    conn = stripe_connection_save(component=comp)  # no secret: staff add one
    for name, kind in zip(FILES, ("customers", "subscriptions", "invoices", "events"), strict=True):
        out = stripe_backfill_import(connection=conn, kind=kind, text=(DATA_DIR / name).read_text())
        write(f"valuation: Stripe demo {name}: {out}\n")
    return True
