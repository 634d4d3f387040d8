"""Demo data: six components with 24 months of simulated revenue across all four streams,
monthly costs, a sector multiples table, and month-end valuation history. Idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from valuation.models import Component, CostEntry, FundingPlan, MultiplesTable, RevenueEvent

PEOPLE_NOTE = "demo: payroll and G&A"
# Demo funding: spend runs at 125% of revenue and cash covers 7 months of burn, short of the
# 6 + 3 months the funding-delay rule wants, so "Funding delay" fires on the demo data; a 10%
# hiring freeze (or a marketing cut) in the funding plan brings runway back and it resolves.
DEMO_SPEND_TO_REVENUE = 1.25
DEMO_RUNWAY_MONTHS = 7

MULTIPLES = [
    # sector, P25, P50, P75 (EV / revenue)
    ("fintech", "3.2", "5.6", "9.1"),
    ("wellness", "2.1", "3.8", "6.0"),
    ("media", "1.4", "2.6", "4.3"),
    ("developer_tools", "4.5", "7.9", "12.4"),
    ("commerce", "1.2", "2.2", "3.9"),
]
MULTIPLES_SOURCE = (
    "Illustrative peer set modelled on the structure of Damodaran's January "
    "'Revenue Multiples by Sector' (EV/Sales) dataset; demo figures, not market data"
)

# name, title, sector, stage, customers, base price, churn/month, annual share, stream mix
COMPONENTS = [
    (
        "FinanceAdvisor_Platform",
        "Finance advisor platform",
        "fintech",
        "growth",
        1800,
        49,
        0.025,
        0.25,
        {"subscription": 0.75, "enterprise": 0.05, "api_licensing": 0.20},
    ),
    (
        "MoodJournal_App",
        "Mood journal app",
        "wellness",
        "growth",
        2000,
        9,
        0.045,
        0.30,
        {"subscription": 0.95, "api_licensing": 0.05},
    ),
    (
        "ArtStudio_Suite",
        "Generative art studio",
        "media",
        "early",
        1200,
        19,
        0.05,
        0.15,
        {"subscription": 0.9, "enterprise": 0.1},
    ),
    (
        "EmotionAPI_Gateway",
        "Emotion analysis API",
        "developer_tools",
        "growth",
        1000,
        99,
        0.02,
        0.35,
        {"api_licensing": 0.85, "enterprise": 0.15},
    ),
    (
        "Commerce_Recommender",
        "Affect-aware recommendations",
        "commerce",
        "early",
        1000,
        149,
        0.03,
        0.5,
        {"enterprise": 0.4, "subscription": 0.6},
    ),
    (
        "RiskProfile_Engine",
        "Emotional risk profiling",
        "fintech",
        "early",
        1100,
        29,
        0.035,
        0.2,
        {"subscription": 0.8, "enterprise": 0.05, "api_licensing": 0.15},
    ),
]


def _months(today: date, n: int) -> list[date]:
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append(date(y, m, 1))
    return sorted(out)


def _simulate(comp, spec, months, rng) -> list[RevenueEvent]:
    _, _, _, _, n, price, churn, annual_share, mix = spec
    streams, probs = list(mix), np.array(list(mix.values()))
    events: list[RevenueEvent] = []
    weights = np.linspace(0.4, 1.6, len(months))
    join = rng.choice(len(months), size=n, p=weights / weights.sum())
    now = timezone.now()

    def add(cust, sub, when, kind, stream, amount, interval):
        if when < now:
            events.append(
                RevenueEvent(
                    component=comp,
                    customer_ref=cust,
                    subscription_ref=sub,
                    occurred_at=when,
                    kind=kind,
                    stream=stream,
                    amount=Decimal(str(round(amount, 2))),
                    interval=interval,
                    currency="USD",
                    source="demo",
                )
            )

    for i in range(n):
        cust = f"{comp.name[:3].lower()}-{i:05d}"
        stream = streams[rng.choice(len(streams), p=probs)]
        scale = {"enterprise": 15.0, "api_licensing": 2.0}.get(stream, 1.0)
        mrr = price * scale * rng.lognormal(0, 0.35)
        annual = rng.random() < (0.8 if stream == "enterprise" else annual_share)
        interval = "annual" if annual else "monthly"
        months_billed = 12 if annual else 1
        m0 = months[join[i]]
        t = datetime(m0.year, m0.month, 1, tzinfo=UTC) + timedelta(
            days=int(rng.integers(0, 27)), hours=int(rng.integers(0, 24))
        )
        add(cust, "main", t, "subscribe", stream, mrr * months_billed, interval)
        active, fee = True, rng.random() < 0.3 and stream == "subscription"
        for k in range(join[i] + 1, len(months)):
            mk = months[k]
            tk = datetime(mk.year, mk.month, 1, tzinfo=UTC) + timedelta(
                days=int(rng.integers(0, 27)), minutes=int(rng.integers(0, 1440))
            )
            u = rng.random()
            if active:
                if u < churn:
                    add(cust, "main", tk, "cancel", stream, 0, interval)
                    active = False
                    continue
                if u < churn + 0.03:
                    mrr *= rng.uniform(1.1, 1.6)
                    add(cust, "main", tk, "change", stream, mrr * months_billed, interval)
                elif u < churn + 0.045:
                    mrr *= rng.uniform(0.6, 0.9)
                    add(cust, "main", tk, "change", stream, mrr * months_billed, interval)
                if fee:
                    add(
                        cust,
                        "fees",
                        tk + timedelta(days=1),
                        "one_off",
                        "transaction_fee",
                        mrr * rng.uniform(0.05, 0.2),
                        "one_off",
                    )
            elif u < 0.04:
                add(cust, "main", tk, "reactivate", stream, mrr * months_billed, interval)
                active = True
    return events


def seed_demo(*, stdout=None, history_months: int = 2) -> None:
    """Create the demo portfolio (skips what exists) and month-end valuation history."""
    from valuation import services

    write = stdout.write if stdout else (lambda s: None)
    seed_captable_demo(stdout=stdout)
    today = timezone.now().date()
    for sector, p25, p50, p75 in MULTIPLES:
        MultiplesTable.objects.get_or_create(
            sector=sector,
            as_of=date(today.year, 1, 1) - timedelta(days=365 * 3),
            defaults={
                "ev_revenue_p25": p25,
                "ev_revenue_p50": p50,
                "ev_revenue_p75": p75,
                "source": MULTIPLES_SOURCE,
            },
        )
    owner = get_user_model().objects.filter(username="admin").first()
    months = _months(today, 24) + [date(today.year, today.month, 1)]
    rng = np.random.default_rng(20240601)
    created = False
    for spec in COMPONENTS:
        name, title, sector, stage = spec[:4]
        comp, new = Component.objects.get_or_create(
            name=name,
            defaults={
                "title": title,
                "sector": sector,
                "stage": stage,
                "owner": owner,
                "launch_date": months[0],
                "cash": Decimal("2500000"),
                "monthly_opex": Decimal("180000"),
                "weights_rationale": "Comps-led: revenue multiple for a "
                "revenue-stage company, DCF and VC method as cross-checks.",
            },
        )
        if comp.revenue_events.exists():
            continue
        created = True
        with transaction.atomic():
            RevenueEvent.objects.bulk_create(_simulate(comp, spec, months, rng), batch_size=5000)
            base = float(spec[4]) * spec[5] * 0.4
            CostEntry.objects.bulk_create(
                [
                    CostEntry(
                        component=comp,
                        month=m,
                        category=cat,
                        amount=Decimal(str(round(base * share * rng.uniform(0.8, 1.2), 2))),
                    )
                    for m in months
                    for cat, share in (
                        ("sales", 0.5),
                        ("marketing", 0.7),
                        ("cogs", 0.3),
                        ("rnd", 1.0),
                    )
                ]
            )
        write(f"valuation: {name} with {comp.revenue_events.count()} revenue events\n")
    from valuation.stripe_demo import stripe_demo_seed

    created = stripe_demo_seed(owner=owner, launch=months[0], stdout=write) or created
    seed_funding_demo(today=today, months=months, stdout=stdout)
    if created or not Component.objects.filter(snapshots__isnull=False).exists():
        for m in months[-history_months:]:
            services.portfolio_revalue(as_of=m - timedelta(days=1), trigger="demo")
        services.portfolio_revalue(as_of=today, trigger="demo")
        write("valuation: month-end valuation history written\n")


def seed_funding_demo(*, today: date, months: list[date], stdout=None) -> None:
    """Payroll/G&A spend and a funding plan crafted so the funding-delay rule fires (once)."""
    from valuation.engines import funding as fe
    from valuation.services.funding import cash_inputs, funding_months

    if FundingPlan.objects.exists() or CostEntry.objects.filter(note=PEOPLE_NOTE).exists():
        return
    comps = list(Component.objects.filter(is_active=True).order_by("name"))
    if not comps:
        return
    revenue = {date.fromisoformat(f"{m.period}-01"): m.revenue for m in funding_months(
        components=comps, as_of=today
    )}  # fmt: skip
    spent: dict[date, float] = {}
    for c in CostEntry.objects.filter(component__in=comps).values("month", "amount"):
        spent[c["month"]] = spent.get(c["month"], 0.0) + float(c["amount"])
    rows = []
    for m in months:
        # The month to date has no complete revenue: spend like the last complete month.
        rev = revenue.get(m, revenue[max(revenue)] if revenue else 0.0)
        extra = max(0.0, DEMO_SPEND_TO_REVENUE * rev - spent.get(m, 0.0)) / len(comps)
        rows += [
            CostEntry(
                component=c,
                month=m,
                category="other",
                amount=Decimal(str(round(extra, 2))),
                note=PEOPLE_NOTE,
            )
            for c in comps
        ]
    with transaction.atomic():
        CostEntry.objects.bulk_create(rows)
        plan = FundingPlan(pk=1, raise_amount=Decimal("8000000"), cash_as_of=today)
        burn = fe.cash_plan(
            cash_inputs(months=funding_months(components=comps, as_of=today), plan=plan, cash=0.0)
        )["burn"]
        plan.cash_balance = Decimal(str(round(max(burn, 0.0) * DEMO_RUNWAY_MONTHS, 2)))
        plan.save()
    if stdout:
        stdout.write(
            f"valuation: funding plan with {plan.cash_balance} cash "
            f"({DEMO_RUNWAY_MONTHS} months of burn)\n"
        )


# --- Cap table (issue 15): founders, angels, option pool, two post-money SAFEs, one note -------
CAP_TABLE_NAME = "HarmonyHub, Inc."
CAP_CLASSES = [("Common", "common"), ("Seed Preferred", "preferred"), ("Options", "options")]
CAP_HOLDINGS = [
    # holder, kind, class, shares
    ("Ada Moreno", "founder", "Common", 4_000_000),
    ("Ben Okafor", "founder", "Common", 3_500_000),
    ("Chiara Rossi", "founder", "Common", 1_000_000),
    ("Dev Patel", "angel", "Seed Preferred", 400_000),
    ("Elena Varga", "angel", "Seed Preferred", 250_000),
    ("Farid Haddad", "employee", "Options", 400_000),
    ("Grace Lin", "employee", "Options", 300_000),
    ("Hugo Brandt", "employee", "Options", 200_000),
]
CAP_POOL_UNALLOCATED = 600_000
# holder, kind, amount, post/pre cap, discount, rate, months before today, maturity months
CAP_CONVERTIBLES = [
    ("Harbor Seed Fund", "investor", "safe_post", "750000", "12000000", None, None, 18, None),
    ("Northwind Angels", "angel", "safe_post", "500000", "15000000", "0.20", None, 9, None),
    ("Lakeside Capital", "investor", "note", "300000", "10000000", "0.20", "0.06", 14, 24),
]


def _months_ago(today: date, n: int) -> date:
    """The same day `n` months earlier (negative n: later), clamped to the 28th."""
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return date(y, m + 1, min(today.day, 28))


def seed_captable_demo(*, stdout=None) -> None:
    """The company's cap table (skipped when it already has holders)."""
    from valuation.models_captable import (
        CapTable,
        ConvertibleInstrument,
        Holder,
        Holding,
        ShareClass,
    )

    table, _ = CapTable.objects.get_or_create(
        name=CAP_TABLE_NAME,
        defaults={
            "pool_unallocated": Decimal(CAP_POOL_UNALLOCATED),
            "notes": "Demo cap table: figures are illustrative.",
        },
    )
    if table.holders.exists():
        return
    today = timezone.now().date()
    with transaction.atomic():
        classes = {
            name: ShareClass.objects.create(cap_table=table, name=name, kind=kind)
            for name, kind in CAP_CLASSES
        }
        for holder, kind, cls, shares in CAP_HOLDINGS:
            h = Holder.objects.create(cap_table=table, name=holder, kind=kind)
            Holding.objects.create(holder=h, share_class=classes[cls], shares=Decimal(shares))
        for holder, hkind, kind, amount, cap, disc, rate, ago, maturity in CAP_CONVERTIBLES:
            h = Holder.objects.create(cap_table=table, name=holder, kind=hkind)
            issued = _months_ago(today, ago)
            ConvertibleInstrument.objects.create(
                holder=h,
                kind=kind,
                amount=Decimal(amount),
                valuation_cap=Decimal(cap),
                discount=Decimal(disc) if disc else None,
                interest_rate=Decimal(rate) if rate else None,
                issue_date=issued,
                maturity_date=_months_ago(issued, -maturity) if maturity else None,
            )
    if stdout:
        stdout.write(f"valuation: cap table {table.name}\n")
