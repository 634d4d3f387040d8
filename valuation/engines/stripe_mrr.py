"""Stripe objects to MRR, ChartMogul conventions. Pure: plain dicts shaped as Stripe documents
its Subscription, Price, Coupon and Discount objects in, numbers out; no django, no network.

Conventions (amounts in the object's currency, major units, e.g. dollars):
    * An item's amount per billing period is `unit_amount x quantity` (minor units / 100, or / 1
      for zero-decimal currencies). MRR divides by the months a period covers:
      month: interval_count; year: 12 x interval_count; week: interval_count x 12 / 52;
      day: interval_count x 12 / 365.
    * Metered prices (`recurring.usage_type == "metered"`) carry no MRR: they are usage revenue,
      billed on invoices.
    * Trials carry no MRR (status `trialing`, or `trial_end` after the moment asked about); a
      subscription counts from the moment it converts.
    * Status `active` and `past_due` count (a failed payment is not churn until Stripe gives up);
      `canceled`, `unpaid`, `incomplete`, `incomplete_expired` and `paused` are 0.
    * Cancellation at period end: MRR stays until `current_period_end`, then 0 (also `cancel_at`
      and `ended_at` when they are reached).
    * Discounts apply to the subscription subtotal: percent_off multiplies, amount_off (per
      billing period) is normalised to a month like a price. Duration `forever` always applies,
      `repeating` while the discount's `end` is in the future, `once` never changes MRR (it is a
      one-time reduction of one invoice). MRR is never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

ENGINE_VERSION = "stripe-mrr/1.0.0"

ZERO_DECIMAL = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".upper().split()
)
COUNTING_STATUSES = frozenset({"active", "past_due"})
PERIOD_MONTHS = {
    "month": Fraction(1),
    "year": Fraction(12),
    "week": Fraction(12, 52),
    "day": Fraction(12, 365),
}


class StripeShapeError(ValueError):
    """The object does not have the shape Stripe documents (missing price, bad interval...)."""


def minor_to_major(amount, currency: str) -> Fraction:
    """Stripe's integer minor units (cents) to major units for `currency`."""
    value = Fraction(str(amount))
    return value if currency.upper() in ZERO_DECIMAL else value / 100


def _price(item: dict) -> dict:
    price = item.get("price") or item.get("plan")
    if not isinstance(price, dict):
        raise StripeShapeError(f"item {item.get('id', '?')} has no price object")
    return price


def _recurring(price: dict) -> tuple[str, int, str]:
    rec = price.get("recurring")
    if isinstance(rec, dict):
        interval, count = rec.get("interval"), rec.get("interval_count", 1)
        usage = rec.get("usage_type", "licensed")
    else:  # a legacy Plan object carries these at top level
        interval, count = price.get("interval"), price.get("interval_count", 1)
        usage = price.get("usage_type", "licensed")
    if interval not in PERIOD_MONTHS:
        raise StripeShapeError(f"price {price.get('id', '?')} has no recurring interval")
    try:
        count = int(count or 1)
    except (TypeError, ValueError) as exc:
        raise StripeShapeError("interval_count must be an integer") from exc
    if count < 1:
        raise StripeShapeError("interval_count must be at least 1")
    return interval, count, usage or "licensed"


def _unit_amount(price: dict) -> Fraction:
    if price.get("unit_amount_decimal") not in (None, ""):
        return Fraction(str(price["unit_amount_decimal"]))
    if price.get("unit_amount") is not None:
        return Fraction(int(price["unit_amount"]))
    if price.get("amount") is not None:  # legacy Plan
        return Fraction(int(price["amount"]))
    raise StripeShapeError(f"price {price.get('id', '?')} has no unit_amount")


def _tiered(price: dict, quantity: int) -> Fraction:
    """Amount per period (minor units) of a tiered price: graduated sums the tiers, volume
    prices every unit at the tier the quantity reaches."""
    tiers = price.get("tiers") or []
    if not tiers:
        raise StripeShapeError(f"tiered price {price.get('id', '?')} lists no tiers")
    total, prev_cap = Fraction(0), 0
    for tier in tiers:
        cap = tier.get("up_to")
        unit = Fraction(str(tier.get("unit_amount_decimal") or tier.get("unit_amount") or 0))
        flat = Fraction(str(tier.get("flat_amount_decimal") or tier.get("flat_amount") or 0))
        if price.get("tiers_mode") == "volume":
            if cap is None or quantity <= int(cap):
                return unit * quantity + flat
            continue
        upper = quantity if cap is None else min(quantity, int(cap))
        if upper > prev_cap:
            total += unit * (upper - prev_cap) + flat
        if cap is None or quantity <= int(cap):
            break
        prev_cap = int(cap)
    return total


def item_period_amount(item: dict) -> tuple[Fraction, Fraction, bool]:
    """(amount per billing period in minor units, months per period, metered?) of one item."""
    price = _price(item)
    interval, count, usage = _recurring(price)
    qty = item.get("quantity")
    quantity = 1 if qty is None else int(qty)
    if quantity < 0:
        raise StripeShapeError("quantity must be >= 0")
    if price.get("billing_scheme") == "tiered":
        amount = _tiered(price, quantity)
    else:
        amount = _unit_amount(price) * quantity
    return amount, PERIOD_MONTHS[interval] * count, usage == "metered"


def _discounts(sub: dict) -> list[dict]:
    out = []
    if isinstance(sub.get("discount"), dict):
        out.append(sub["discount"])
    for d in sub.get("discounts") or []:
        if isinstance(d, dict) and d not in out:
            out.append(d)
    return out


def _discount_applies(discount: dict, at: int) -> bool:
    coupon = discount.get("coupon") or {}
    duration = coupon.get("duration", "forever")
    if duration == "once":
        return False
    start = discount.get("start")
    if start is not None and int(start) > at:
        return False
    if duration == "repeating":
        end = discount.get("end")
        return end is None or int(end) > at
    return True


def subscription_counts(sub: dict, at: int) -> bool:
    """Whether the subscription carries MRR at unix time `at` (seconds)."""
    status = sub.get("status")
    if status == "trialing" or status not in COUNTING_STATUSES | {"canceled"}:
        return False
    trial_end = sub.get("trial_end")
    if trial_end is not None and int(trial_end) > at:
        return False
    for key in ("ended_at", "cancel_at"):
        if sub.get(key) is not None and int(sub[key]) <= at:
            return False
    end = sub.get("current_period_end")
    if sub.get("cancel_at_period_end") and end is not None and int(end) <= at:
        return False
    # A canceled subscription still counts before its end only if Stripe told us when it ends.
    return status != "canceled" or sub.get("ended_at") is not None


@dataclass(frozen=True)
class SubscriptionMrr:
    """MRR of one subscription at one moment, in its own currency (major units)."""

    mrr: float
    currency: str
    usage_items: int
    engine_version: str = ENGINE_VERSION


def subscription_mrr(sub: dict, at: int) -> SubscriptionMrr:
    """MRR of a Stripe Subscription object at unix time `at` (see module conventions)."""
    currency = str(sub.get("currency") or "usd").upper()
    items = (sub.get("items") or {}).get("data") or []
    monthly, metered = Fraction(0), 0
    for item in items:
        amount, months, is_metered = item_period_amount(item)
        if is_metered:
            metered += 1
            continue
        monthly += amount / months
    if not subscription_counts(sub, at) or monthly == 0:
        return SubscriptionMrr(0.0, currency, metered)
    # Every item shares the subscription's billing period, so amount_off normalises with it.
    first_months = item_period_amount(items[0])[1] if items else Fraction(1)
    for d in _discounts(sub):
        if not _discount_applies(d, at):
            continue
        coupon = d.get("coupon") or {}
        if coupon.get("percent_off") is not None:
            monthly *= 1 - Fraction(str(coupon["percent_off"])) / 100
        elif coupon.get("amount_off") is not None:
            monthly -= Fraction(int(coupon["amount_off"])) / first_months
    monthly = max(monthly, Fraction(0))
    return SubscriptionMrr(round(float(minor_to_major(monthly, currency)), 2), currency, metered)


@dataclass(frozen=True)
class MrrPoint:
    """The subscription's MRR from `at` (unix seconds) on."""

    at: int
    mrr: float


def mrr_timeline(states: list[tuple[int, dict]], now: int) -> list[MrrPoint]:
    """MRR changes of one subscription from its observed states.

    `states` are (observed at, Subscription object) pairs in any order; they are sorted by time
    so the result does not depend on delivery order. Each state gives the MRR at its time, and
    also the scheduled drops it announces that fall before the next state and not after `now`
    (the end of a trial a state already shows as converted; cancellation at period end,
    cancel_at).
    Consecutive equal values collapse, leading zeros are dropped.
    """
    ordered = sorted(states, key=lambda s: s[0])
    points: list[MrrPoint] = []
    for i, (at, obj) in enumerate(ordered):
        nxt = ordered[i + 1][0] if i + 1 < len(ordered) else now + 1
        when = at
        ended = obj.get("ended_at") if obj.get("status") == "canceled" else None
        if ended is not None and int(ended) <= at:
            when = int(ended)  # a deletion is dated when the subscription ended
        candidates = [(when, subscription_mrr(obj, at).mrr)]
        for key in ("trial_end", "cancel_at", "current_period_end"):
            t = obj.get(key)
            if key == "current_period_end" and not obj.get("cancel_at_period_end"):
                continue
            if t is not None and at < int(t) < nxt and int(t) <= now:
                candidates.append((int(t), subscription_mrr(obj, int(t)).mrr))
        for t, value in candidates:
            if points and points[-1].mrr == value:
                continue
            if not points and value == 0:
                continue
            if points and t < points[-1].at:
                t = points[-1].at
            points.append(MrrPoint(t, value))
    return points


def ledger_kinds(points: list[MrrPoint]) -> list[str]:
    """Ledger kind of each point: subscribe (first MRR), change, cancel (to 0), reactivate."""
    kinds, seen = [], False
    prev = 0.0
    for p in points:
        if p.mrr == 0:
            kinds.append("cancel")
        elif prev == 0:
            kinds.append("reactivate" if seen else "subscribe")
        else:
            kinds.append("change")
        seen = seen or p.mrr > 0
        prev = p.mrr
    return kinds
