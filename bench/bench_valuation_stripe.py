"""Stripe intake on a fresh SQLite database.

1. 10,000 Stripe events (2,000 subscriptions: created, three updates, deleted) processed by one
   worker, in process: the task body `stripe_event_process` is called for each stored event in
   delivery order; revaluations it requests are only queued (in-memory broker), as a worker
   would leave them to the debounced revaluation task. Target: under 60 s. Baseline: the same
   number of hand-keyed ledger rows written one by one through `revenue_event_create`.
2. The webhook's answer (verify the signature, store, enqueue): p95 over 1,000 signed POSTs
   through the Django test client and the whole middleware stack. Target: p95 < 20 ms.
   Baseline: GET /health/live through the same client.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import django_setup, result  # noqa: E402

N_SUBS = int(os.environ.get("BENCH_STRIPE_SUBS", "2000"))  # 5 events each
T0 = 1_735_689_600  # 2025-01-01
SECRET = "whsec_" + secrets.token_hex(16)  # made up per run; nothing leaves the process


def _sub(i: int, qty: int, status="active", **kw) -> dict:
    return {
        "id": f"sub_b{i:05d}",
        "object": "subscription",
        "customer": f"cus_b{i:05d}",
        "currency": "usd",
        "status": status,
        "created": T0 + i * 60,
        "cancel_at_period_end": False,
        "ended_at": None,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_b{i:05d}",
                    "quantity": qty,
                    "price": {
                        "id": "price_m",
                        "unit_amount": 2900,
                        "recurring": {"interval": "month", "interval_count": 1},
                    },
                }
            ],
        },
        **kw,
    }


def events() -> list[dict]:
    out = []
    for i in range(N_SUBS):
        base = T0 + i * 60
        steps = [
            ("customer.subscription.created", 0, _sub(i, 1)),
            ("customer.subscription.updated", 30, _sub(i, 2)),
            ("customer.subscription.updated", 60, _sub(i, 3)),
            ("customer.subscription.updated", 90, _sub(i, 1)),
            (
                "customer.subscription.deleted",
                120,
                _sub(i, 1, "canceled", ended_at=base + 120 * 86400),
            ),
        ]
        for k, (etype, days, obj) in enumerate(steps):
            out.append(
                {
                    "id": f"evt_b{i:05d}_{k}",
                    "object": "event",
                    "type": etype,
                    "created": base + days * 86400,
                    "data": {"object": obj},
                }
            )
    return out


def main() -> None:
    django_setup()
    from django.test import Client

    from harmonyhub_site.celery import app
    from valuation.models import Component, RevenueEvent
    from valuation.services import stripe as svc
    from valuation.services.ledger import revenue_event_create
    from valuation.stripe_models import StripeEvent

    # A worker does not run the revaluations it queues inline; keep them queued in memory.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"

    comp = Component.objects.create(name="Bench_Stripe", title="Bench", sector="commerce")
    conn = svc.stripe_connection_save(component=comp, add_secret=SECRET)
    evs = events()
    StripeEvent.objects.bulk_create(
        [
            StripeEvent(
                connection=conn,
                event_id=e["id"],
                type=e["type"],
                created=svc._ts(e["created"]),
                object_id=e["data"]["object"]["id"],
                payload=e,
            )
            for e in evs
        ],
        batch_size=2000,
    )
    pks = list(StripeEvent.objects.order_by("id").values_list("pk", flat=True))
    import cProfile

    prof = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    for pk in pks:
        svc.stripe_event_process(event_pk=pk)
    t_stripe = time.perf_counter() - t0
    if prof:
        prof.disable()
        prof.dump_stats(str(Path(__file__).resolve().parent / "results" / "stripe.prof"))
    failed = StripeEvent.objects.exclude(status="processed").count()
    rows = RevenueEvent.objects.filter(component=comp).count()
    assert failed == 0, f"{failed} events failed"
    assert rows == N_SUBS * 5, rows

    other = Component.objects.create(name="Bench_Manual", title="Bench", sector="commerce")
    t0 = time.perf_counter()
    for i, e in enumerate(evs):
        revenue_event_create(
            component=other,
            customer_ref=f"c{i // 5}",
            occurred_at=svc._ts(e["created"]),
            kind="subscribe",
            amount="29.00",
            subscription_ref=str(i),
        )
    t_manual = time.perf_counter() - t0
    print(f"{len(pks)} events -> {rows} ledger rows in {t_stripe:.1f} s (target < 60 s)")
    result(
        "stripe_10k_events_one_worker",
        t_stripe,
        "s",
        t_stripe / t_manual,
        f"{len(evs)} hand-keyed ledger rows ({t_manual:.1f} s)",
    )

    client = Client()
    import stripe

    latencies, health = [], []
    for i in range(1000):
        body = json.dumps({**evs[i], "id": f"evt_http_{i}"})
        header = stripe.WebhookSignature.generate_signature_header(body, SECRET)
        t0 = time.perf_counter()
        r = client.post(
            "/webhooks/stripe/Bench_Stripe/",
            data=body,
            content_type="application/json",
            headers={"Stripe-Signature": header},
        )
        latencies.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.content
        t0 = time.perf_counter()
        client.get("/health/live")
        health.append(time.perf_counter() - t0)
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    p95_health = statistics.quantiles(health, n=20)[18] * 1000
    print(f"webhook p95 {p95:.2f} ms (target < 20 ms); /health/live p95 {p95_health:.2f} ms")
    result("stripe_webhook_p95", p95, "ms", p95 / p95_health, "GET /health/live p95")


if __name__ == "__main__":
    main()
