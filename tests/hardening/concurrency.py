"""Read-modify-write paths under 8 threads × 50 updates each (400 expected, nothing lost).

The paths are the app's own counters, reached through their services: commerce stock taken by
purchases (and never oversold), valuation's coalescing revaluation-request counter, and
operations' per-minute request counters. A path whose app is absent is reported as skipped.
`naive_control` shows the same load on a plain get()/save() increment, which loses updates;
that is what the guarded paths are protecting against.

Runs in-process on the test database (PostgreSQL), or as `python -m tests.hardening.concurrency`
against DATABASE_URL (a fresh SQLite file: WAL, IMMEDIATE transactions, busy timeout).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from unittest import mock

THREADS, PER_THREAD = 8, 50
TOTAL = THREADS * PER_THREAD


def hammer(fn: Callable[[int, int], None], per_thread: int = PER_THREAD) -> list[str]:
    """Run fn(thread, i) THREADS × per_thread times concurrently; return the errors."""
    from django.db import connection

    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def work(t: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                try:
                    fn(t, i)
                except Exception as exc:  # noqa: BLE001 - every failure is a finding
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return errors


def _user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username=name)[0]


def commerce_stock() -> dict:
    from domains.commerce.models import Interaction, Product
    from domains.commerce.services.feedback import interaction_create

    user = _user("conc-buyer")
    plenty = Product.objects.create(
        sku="CONC-1", name="c", category="c", price=1, valence=0, arousal=0, stock=TOTAL + 100
    )
    scarce = Product.objects.create(
        sku="CONC-2", name="s", category="c", price=1, valence=0, arousal=0, stock=100
    )
    errors = hammer(
        lambda t, i: interaction_create(user=user, product_id=plenty.pk, kind="purchase")
    )
    out_of_stock: list[str] = []

    def scarce_buy(t, i):
        from common.exceptions import ApplicationError

        try:
            interaction_create(user=user, product_id=scarce.pk, kind="purchase")
        except ApplicationError:
            out_of_stock.append("x")

    errors += hammer(scarce_buy)
    plenty.refresh_from_db()
    scarce.refresh_from_db()
    return {
        "expected": TOTAL,
        "got": TOTAL + 100 - plenty.stock,
        "rows": Interaction.objects.filter(product=plenty, kind="purchase").count(),
        "oversold": scarce.stock < 0 or Interaction.objects.filter(product=scarce).count() > 100,
        "refused_when_empty": len(out_of_stock),
        "errors": errors[:3],
    }


def valuation_requests() -> dict:
    from valuation import tasks
    from valuation.models import Component, RevaluationJob
    from valuation.services.jobs import revaluation_request

    component = Component.objects.create(
        name="ConcurrencyCo", title="C", sector="saas", stage="growth"
    )
    # Queue only: running the revaluation is not what is measured here.
    with mock.patch.object(tasks, "revaluation_run_task"):
        errors = hammer(lambda t, i: revaluation_request(component=component, reason="load"))
    jobs = RevaluationJob.objects.filter(component=component)
    return {
        "expected": TOTAL,
        "got": sum(j.requested_count for j in jobs),
        "queued_jobs": jobs.filter(status="queued").count(),
        "errors": errors[:3],
    }


def operations_request_minutes() -> dict:
    from operations.models import RequestMinute
    from operations.recorder import _Agg
    from operations.services.metrics import request_minutes_write

    minute = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def write(t, i):
        agg = _Agg()
        agg.add(200, 5.0)
        request_minutes_write(worker="conc", aggs={(minute, "/conc/", "GET"): agg}, events={})

    errors = hammer(write)
    row = RequestMinute.objects.filter(route="/conc/", worker="conc").first()
    return {"expected": TOTAL, "got": row.count if row else 0, "errors": errors[:3]}


def naive_control() -> dict:
    from domains.commerce.models import Product

    product = Product.objects.create(
        sku="CONC-N", name="n", category="c", price=1, valence=0, arousal=0, stock=0
    )

    def naive(t, i):
        p = Product.objects.get(pk=product.pk)
        p.stock += 1
        p.save(update_fields=["stock"])

    errors = hammer(naive)
    product.refresh_from_db()
    return {"expected": TOTAL, "got": product.stock, "errors": len(errors)}


PATHS = {
    "commerce.stock": commerce_stock,
    "valuation.revaluation_requests": valuation_requests,
    "operations.request_minutes": operations_request_minutes,
}


# The same create sent by 8 clients at once: unique keys decide, one row, never a 500.
DUPLICATE_CREATES = {
    "commerce.product_sku": (
        "/api/v1/commerce/products/",
        {"sku": "RACE-1", "name": "Race socks", "category": "Home comfort", "price": "12.00",
         "valence": 0.5, "arousal": -0.5, "stock": 3},
        ("domains.commerce.models", "Product", {"sku": "RACE-1"}),
    ),
    "valuation.component_name": (
        "/api/v1/valuation/components/",
        {"name": "Race_Thing", "title": "Race", "sector": "fintech"},
        ("valuation.models", "Component", {"name": "Race_Thing"}),
    ),
}  # fmt: skip


def duplicate_creates() -> dict:
    import importlib

    from rest_framework.test import APIClient

    staff = _user("race-staff")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    out = {}
    for name, (url, body, (module, model_name, lookup)) in DUPLICATE_CREATES.items():
        model = getattr(importlib.import_module(module), model_name)
        codes: list[int] = []

        def post(_t: int, _i: int, url=url, body=body, codes=codes) -> None:
            client = APIClient()
            client.force_authenticate(staff)
            codes.append(client.post(url, body, format="json").status_code)

        errors = hammer(post, per_thread=1)
        rows = model.objects.filter(**lookup).count()
        out[name] = {"codes": sorted(codes), "rows": rows, "errors": errors}
    return out


def run_all() -> dict:
    out = {}
    for name, fn in PATHS.items():
        try:
            out[name] = fn()
        except ImportError as exc:
            out[name] = {"skipped": str(exc)}
    out["naive_control"] = naive_control()
    out["duplicate_creates"] = duplicate_creates()
    return out


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(run_all(), default=str))
