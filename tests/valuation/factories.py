"""factory_boy factories for the valuation context."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from valuation.models import Component, CostEntry, MultiplesTable, RevenueEvent


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    name = factory.Sequence(lambda n: f"Component_{n}")
    title = factory.LazyAttribute(lambda o: o.name.replace("_", " "))
    sector = "fintech"
    stage = "growth"
    launch_date = date(2022, 1, 1)


class MultiplesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MultiplesTable

    sector = "fintech"
    ev_revenue_p25 = Decimal("3.0")
    ev_revenue_p50 = Decimal("5.0")
    ev_revenue_p75 = Decimal("8.0")
    source = "test peers"
    as_of = date(2020, 1, 1)


class RevenueEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevenueEvent

    component = factory.SubFactory(ComponentFactory)
    customer_ref = factory.Sequence(lambda n: f"cust{n}")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=40))
    kind = "subscribe"
    stream = "subscription"
    amount = Decimal("100.00")
    interval = "monthly"


class CostEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostEntry

    component = factory.SubFactory(ComponentFactory)
    month = date(2024, 1, 1)
    category = "marketing"
    amount = Decimal("1000")


def seed_ledger(component, *, months=14, customers=40, start=None, price=100):
    """A steady ledger: customers join monthly, a few churn; returns the events."""
    start = start or (timezone.now() - timedelta(days=30 * months)).replace(microsecond=0)
    rows = []
    for i in range(customers):
        t = start + timedelta(days=(i * 30 * months) // customers)
        rows.append(
            RevenueEvent(
                component=component,
                customer_ref=f"c{i}",
                occurred_at=t,
                kind="subscribe",
                stream="subscription",
                amount=Decimal(price),
                interval="monthly",
            )
        )
        if i % 7 == 3:
            rows.append(
                RevenueEvent(
                    component=component,
                    customer_ref=f"c{i}",
                    occurred_at=t + timedelta(days=45),
                    kind="cancel",
                    stream="subscription",
                    amount=Decimal(0),
                    interval="monthly",
                )
            )
        if i % 5 == 0:
            rows.append(
                RevenueEvent(
                    component=component,
                    customer_ref=f"c{i}",
                    occurred_at=t + timedelta(days=3),
                    kind="one_off",
                    stream="transaction_fee",
                    amount=Decimal("12.50"),
                    interval="one_off",
                )
            )
    return RevenueEvent.objects.bulk_create(rows)


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=UTC)
