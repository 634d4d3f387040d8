"""Series A readiness: the scorecard (12 bars with 6-month trends) and cash plan for a portfolio
of 10 components with 2 years of ledger and costs, read from the newest portfolio valuation's
KPIs, against recomputing the same months from the raw ledger (same numbers). Target < 200 ms."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import django_setup, paired  # noqa: E402

COMPONENTS, MONTHS, CUSTOMERS = 10, 24, 400


def build() -> None:
    from django.utils import timezone

    from valuation import demo, services
    from valuation.models import Component, CostEntry, RevenueEvent, ValuationPolicy

    ValuationPolicy.objects.update_or_create(pk=1, defaults={"monte_carlo_paths": 1000})
    today = timezone.now().date()
    months = demo._months(today, MONTHS) + [date(today.year, today.month, 1)]
    rng = np.random.default_rng(7)
    for i in range(COMPONENTS):
        spec = (
            f"Bench_{i:02d}",
            f"Bench {i}",
            "fintech",
            "growth",
            CUSTOMERS,
            49,
            0.03,
            0.25,
            {"subscription": 0.8, "enterprise": 0.05, "api_licensing": 0.15},
        )
        comp = Component.objects.create(name=spec[0], title=spec[1], sector="fintech")
        RevenueEvent.objects.bulk_create(demo._simulate(comp, spec, months, rng), batch_size=5000)
        CostEntry.objects.bulk_create(
            CostEntry(component=comp, month=m, category=cat, amount=Decimal(amount))
            for m in months
            for cat, amount in (
                ("sales", "4000"),
                ("marketing", "6000"),
                ("cogs", "3000"),
                ("rnd", "20000"),
                ("other", "8000"),
            )
        )
    services.portfolio_revalue(trigger="bench")


def main() -> None:
    django_setup()
    from valuation.models import RevenueEvent
    from valuation.services import funding_readiness_build

    build()
    fast = funding_readiness_build()
    slow = funding_readiness_build(from_ledger=True)
    same = all(
        (a["value"] is None and b["value"] is None)
        or abs(a["value"] - b["value"]) <= 1e-9 * max(1.0, abs(b["value"]))
        for a, b in zip(fast["scorecard"]["rows"], slow["scorecard"]["rows"], strict=True)
    )
    r = paired(
        funding_readiness_build,
        lambda: funding_readiness_build(from_ledger=True),
        rounds=5,
        repeat=3,
    )
    ms = r["subject_s"] * 1000
    print(
        f"components={COMPONENTS} months={MONTHS} events={RevenueEvent.objects.count()} "
        f"bars={len(fast['scorecard']['rows'])} same_as_ledger={same} target<200ms={ms < 200}"
    )
    print(
        f"RESULT valuation_funding_scorecard: {ms:.1f} ms "
        f"(ratio {r['ratio']:.2f} vs recomputing the months from the raw ledger)"
    )


if __name__ == "__main__":
    main()
