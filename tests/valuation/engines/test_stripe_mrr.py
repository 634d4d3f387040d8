"""Known-answer tests of the Stripe MRR mapping (hand-computed, ChartMogul conventions)."""

import pytest

from valuation.engines import stripe_mrr as eng

T = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400


def _price(amount, interval="month", count=1, usage="licensed", **kw):
    return {
        "id": "price_x",
        "object": "price",
        "unit_amount": amount,
        "recurring": {"interval": interval, "interval_count": count, "usage_type": usage},
        **kw,
    }


def _sub(*items, status="active", currency="usd", **kw):
    return {
        "id": "sub_x",
        "object": "subscription",
        "status": status,
        "currency": currency,
        "items": {
            "data": [{"id": f"si_{i}", "price": p, "quantity": q} for i, (p, q) in enumerate(items)]
        },
        **kw,
    }


@pytest.mark.parametrize(
    ("amount", "interval", "count", "qty", "mrr"),
    [
        (2000, "month", 1, 1, 20.00),  # $20 a month
        (2000, "month", 3, 1, 6.67),  # $20 a quarter: 20 / 3
        (12000, "year", 1, 2, 20.00),  # 2 x $120 a year: 240 / 12
        (12000, "year", 2, 1, 5.00),  # $120 every two years: 120 / 24
        (500, "week", 1, 1, 21.67),  # $5 a week: 5 x 52 / 12 = 21.666..
        (100, "day", 1, 1, 30.42),  # $1 a day: 365 / 12 = 30.4166..
        (2000, "month", 1, 0, 0.0),  # quantity 0
    ],
)
def test_interval_and_quantity(amount, interval, count, qty, mrr):
    assert eng.subscription_mrr(_sub((_price(amount, interval, count), qty)), T).mrr == mrr


def test_zero_decimal_currency_is_not_divided_by_100():
    assert eng.subscription_mrr(_sub((_price(1200, "year"), 1), currency="jpy"), T).mrr == 100.0


def test_metered_items_carry_no_mrr():
    sub = _sub((_price(2000), 1), (_price(5, usage="metered"), None))
    out = eng.subscription_mrr(sub, T)
    assert (out.mrr, out.usage_items) == (20.0, 1)


def test_discounts_percent_amount_and_durations():
    coupon = {"percent_off": 25, "duration": "forever"}
    sub = _sub((_price(4000), 1), discount={"coupon": coupon, "start": T - DAY, "end": None})
    assert eng.subscription_mrr(sub, T).mrr == 30.0  # 40 x 0.75
    # $30 off a yearly invoice is $2.50 off MRR: 1200/12 - 30/12 = 97.50
    off = {"coupon": {"amount_off": 3000, "duration": "forever"}, "start": T - DAY}
    assert eng.subscription_mrr(_sub((_price(120000, "year"), 1), discount=off), T).mrr == 97.5
    # repeating applies until its end, then not
    rep = {"coupon": {"percent_off": 50, "duration": "repeating"}, "start": T - DAY, "end": T + DAY}
    sub = _sub((_price(4000), 1), discount=rep)
    assert eng.subscription_mrr(sub, T).mrr == 20.0
    assert eng.subscription_mrr(sub, T + 2 * DAY).mrr == 40.0
    # once never changes MRR
    once = {"coupon": {"percent_off": 50, "duration": "once"}, "start": T - DAY}
    assert eng.subscription_mrr(_sub((_price(4000), 1), discount=once), T).mrr == 40.0
    # an amount off larger than the price floors at 0
    big = {"coupon": {"amount_off": 9999, "duration": "forever"}, "start": T - DAY}
    assert eng.subscription_mrr(_sub((_price(4000), 1), discount=big), T).mrr == 0.0


def test_trial_status_and_cancel_at_period_end():
    p = (_price(4000), 1)
    assert eng.subscription_mrr(_sub(p, status="trialing", trial_end=T + DAY), T).mrr == 0
    assert eng.subscription_mrr(_sub(p, trial_end=T + DAY), T).mrr == 0
    assert eng.subscription_mrr(_sub(p, status="past_due"), T).mrr == 40
    for status in ("unpaid", "incomplete", "incomplete_expired", "paused"):
        assert eng.subscription_mrr(_sub(p, status=status), T).mrr == 0
    ending = _sub(p, cancel_at_period_end=True, current_period_end=T + DAY)
    assert eng.subscription_mrr(ending, T).mrr == 40  # still paying until the period ends
    assert eng.subscription_mrr(ending, T + DAY).mrr == 0


def test_tiered_graduated_and_volume():
    tiers = [{"up_to": 10, "unit_amount": 1000}, {"up_to": None, "unit_amount": 500}]
    grad = {**_price(None), "billing_scheme": "tiered", "tiers_mode": "graduated", "tiers": tiers}
    vol = {**grad, "tiers_mode": "volume"}
    assert eng.subscription_mrr(_sub((grad, 12)), T).mrr == 110.0  # 10 x 10 + 2 x 5
    assert eng.subscription_mrr(_sub((vol, 12)), T).mrr == 60.0  # 12 x 5


def test_timeline_is_independent_of_order_and_drops_at_period_end():
    p = (_price(4000), 1)
    states = [
        (T, _sub(p, status="trialing", trial_end=T + 10 * DAY)),
        (T + 10 * DAY, _sub(p)),
        (
            T + 20 * DAY,
            _sub((_price(4000), 2), cancel_at_period_end=True, current_period_end=T + 40 * DAY),
        ),
    ]
    now = T + 50 * DAY
    a = eng.mrr_timeline(states, now)
    assert a == eng.mrr_timeline(list(reversed(states)), now)
    assert [(x.at - T) // DAY for x in a] == [10, 20, 40]
    assert [x.mrr for x in a] == [40.0, 80.0, 0.0]
    assert eng.ledger_kinds(a) == ["subscribe", "change", "cancel"]
    # before the period end has come, no drop is written
    assert [x.mrr for x in eng.mrr_timeline(states, T + 30 * DAY)] == [40.0, 80.0]


def test_bad_shapes_are_refused():
    with pytest.raises(eng.StripeShapeError):
        eng.subscription_mrr(_sub(({"id": "p", "unit_amount": 1}, 1)), T)
    with pytest.raises(eng.StripeShapeError):
        eng.subscription_mrr(_sub((_price(100, "fortnight"), 1)), T)
