"""Dashboard: 50 components with 2 years of daily snapshots; server time of the self-refresh
partial (the whole dashboard body) against a bare `.values()` JSON view over the same table."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import django_setup, paired  # noqa: E402

COMPONENTS, DAYS = 50, 730


def build() -> None:
    from django.utils import timezone

    from valuation.engines.types import ENGINE_VERSION
    from valuation.models import Component, ValuationSnapshot

    comps = Component.objects.bulk_create(
        [Component(name=f"Bench_{i:02d}", title=f"Bench {i}", sector="fintech") for i in range(50)]
    )
    today = date.today()
    now = timezone.now()
    rows = []
    fan = [
        {"year": y, "p5": 1.0, "p10": 1.0, "p50": 2.0, "p90": 3.0, "p95": 3.0} for y in range(1, 6)
    ]
    monthly = [
        {
            "period": f"2024-{m:02d}-01",
            "new": 1,
            "expansion": 1,
            "reactivation": 0,
            "contraction": 1,
            "churn": 1,
            "start_mrr": 5,
            "end_mrr": 5,
            "customers": 3,
        }
        for m in range(1, 13)
    ]
    for d in range(DAYS):
        as_of = today - timedelta(days=DAYS - 1 - d)
        parts = []
        for c in comps:
            h = f"{c.name}-{as_of}".ljust(64, "0")[:64]
            parts.append({"component": c.name, "inputs_hash": h})
            v = Decimal(1_000_000 + 1000 * d)
            rows.append(
                ValuationSnapshot(
                    component=c,
                    scope=c.name,
                    as_of=as_of,
                    computed_at=now,
                    value=v,
                    mean=v,
                    std=Decimal(1),
                    p5=v,
                    p10=v,
                    p25=v,
                    p50=v,
                    p75=v,
                    p90=v,
                    p95=v,
                    mrr=Decimal(10),
                    risk={"changes": {"day": 0.01, "month": 0.02}},
                    fan=fan,
                    inputs_hash=h,
                    seed=1,
                    engine_version=ENGINE_VERSION,
                )
            )
        v = Decimal(50_000_000 + 50_000 * d)
        rows.append(
            ValuationSnapshot(
                scope="portfolio",
                as_of=as_of,
                computed_at=now,
                value=v,
                mean=v,
                std=Decimal(1),
                p5=v,
                p10=v,
                p25=v,
                p50=v,
                p75=v,
                p90=v,
                p95=v,
                mrr=Decimal(500),
                fan=fan,
                kpis={"monthly": monthly, "kpis": {}, "kpi_period": "2024-12-01"},
                risk={"hhi": 0.02, "changes": {}},
                inputs={"components": parts},
                inputs_hash=f"p-{as_of}".ljust(64, "0")[:64],
                seed=1,
                engine_version=ENGINE_VERSION,
            )
        )
    ValuationSnapshot.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.http import JsonResponse
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from valuation import views
    from valuation.models import ValuationSnapshot

    build()
    user = get_user_model().objects.create_user("bench", password="x")  # noqa: S106
    client = Client()
    client.force_login(user)
    rf = RequestFactory()

    def page():
        req = rf.get("/valuation/live/")
        req.user = user
        resp = views.dashboard_live(req)
        assert resp.status_code == 200

    def floor():
        rows = list(
            ValuationSnapshot.objects.filter(scope="portfolio")
            .order_by("-as_of")
            .values("as_of", "value")[:50]
        )
        JsonResponse({"rows": rows}, safe=False, json_dumps_params={"default": str})

    with CaptureQueriesContext(connection) as q:
        assert client.get("/valuation/").status_code == 200
    r = paired(page, floor, rounds=5, repeat=10)
    ms = r["subject_s"] * 1000
    print(f"snapshots={ValuationSnapshot.objects.count()} full-page queries={len(q)}")
    print(
        f"RESULT valuation_dashboard_render: {ms:.1f} ms "
        f"(ratio {r['ratio']:.1f} vs bare .values() JSON view)"
    )


if __name__ == "__main__":
    main()
