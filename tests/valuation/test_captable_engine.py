"""Known answers for the cap table engine, each worked out by hand in its docstring.

The Y Combinator post-money SAFE user guide's own pages were not retrievable offline, so the
SAFE cases use the numbers of YC's published walkthrough (two founders with 4,625,000 shares
each; a $200,000 SAFE at a $4M post-money cap and an $800,000 SAFE at an $8M post-money cap, i.e.
5% and 10%) and follow the guide's method: Safe Price = post-money cap / Company Capitalization,
Company Capitalization including every converting security and excluding the round's pool
increase. Every figure below is derived by hand from those definitions.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from valuation.engines.captable import (
    POOL_LABEL,
    CapTableError,
    CapTableInput,
    Convertible,
    Position,
    RoundTerms,
    accrued_interest,
    model_round,
    price4,
)

CLOSE = date(2026, 1, 1)


def founders(*shares):
    return tuple(
        Position(f"Founder {i + 1}", "Common", "common", D(s)) for i, s in enumerate(shares)
    )


def rows(result):
    return {r.holder: r for r in result.holders}


def test_yc_post_money_safes_hold_their_percentage_before_new_money():
    """YC walkthrough: $200k at $4M post cap = 5%, $800k at $8M post cap = 10%.

    With no new money and no pool, the SAFEs convert into exactly those fractions of the
    company: X = 0.15 (F + X), F = 9,250,000, so F + X = 9,250,000 / 0.85 = 10,882,352.94;
    A = 0.05 x 10,882,352.94 = 544,117.6 -> 544,117 shares; B = 0.10 x ... = 1,088,235.3 ->
    1,088,235 shares. Post FD = 9,250,000 + 544,117 + 1,088,235 = 10,882,352;
    A owns 544,117 / 10,882,352 = 5.0000%, B 10.0000%, the founders 85%.
    """
    table = CapTableInput(
        positions=founders(4625000, 4625000),
        pool_unallocated=D(0),
        convertibles=(
            Convertible("Investor A", "safe_post", D(200000), D(4000000)),
            Convertible("Investor B", "safe_post", D(800000), D(8000000)),
        ),
    )
    r = model_round(table, RoundTerms(D(12000000), D(0), D(0), CLOSE))
    assert [c.shares for c in r.conversions] == [D(544117), D(1088235)]
    assert r.fd_after == D(10882352)
    by = rows(r)
    assert by["Investor A"].ownership_after.quantize(D("0.000001")) == D("0.050000")
    assert by["Investor B"].ownership_after.quantize(D("0.000001")) == D("0.100000")
    assert all(c.basis == "cap" for c in r.conversions)


def test_yc_post_money_safes_convert_in_a_series_a():
    """Same SAFEs; Series A raises $2,000,000 at a $12,000,000 pre-money, no pool target.

    SAFE shares as above (544,117 and 1,088,235; Company Capitalization 10,882,352.94).
    P = 12,000,000 / 10,882,352.94 = 1.10270270...; Safe Prices 4M / 10,882,352.94 = 0.3676 and
    8M / 10,882,352.94 = 0.7351 (below P, so the caps bind). New money: 2,000,000 / 1.1027027 =
    1,813,725.49 -> 1,813,725 shares. Post FD = 10,882,352 + 1,813,725 = 12,696,077.
    The new money owns 2/14 = 14.2857%; A 5% x 12/14 = 4.2857%; B 8.5714%; founders 72.857%.
    """
    table = CapTableInput(
        positions=founders(4625000, 4625000),
        pool_unallocated=D(0),
        convertibles=(
            Convertible("Investor A", "safe_post", D(200000), D(4000000)),
            Convertible("Investor B", "safe_post", D(800000), D(8000000)),
        ),
    )
    r = model_round(table, RoundTerms(D(12000000), D(2000000), D(0), CLOSE))
    assert price4(r.price_per_share) == D("1.1027")
    assert price4(r.conversions[0].conversion_price) == D("0.3676")
    assert price4(r.conversions[1].conversion_price) == D("0.7351")
    assert r.new_money_shares == D(1813725)
    assert r.fd_after == D(12696077)
    by = rows(r)
    q = D("0.0001")
    assert by["New investors"].ownership_after.quantize(q) == D("0.1429")
    assert by["Investor A"].ownership_after.quantize(q) == D("0.0429")
    assert by["Investor B"].ownership_after.quantize(q) == D("0.0857")
    assert (by["Founder 1"].ownership_after * 2).quantize(q) == D("0.7286")
    assert sum(h.ownership_after for h in r.holders) == pytest.approx(D(1), abs=D("1e-30"))


def test_option_pool_shuffle_by_hand():
    """Founder 8,000,000 common, 500,000 granted options, 500,000 unallocated: F = 9,000,000.
    Pre-money $9M, raise $3M, target unallocated pool 10% of post-round FD.

    P = 9M / (F + T); new shares N = 3M / P = (F + T) / 3; post = (4/3)(F + T).
    Pool: 500,000 + T = 0.10 x (4/3)(9,000,000 + T) -> (13/15) T = 700,000 -> T = 807,692.31
    -> 807,692 shares. F + T = 127,500,000 / 13; P = 117 / 127.5 = 0.917647...;
    N = 3M x 127.5 / 117 = 3,269,230.77 -> 3,269,230. Post FD = 13,076,922; pool after
    1,307,692 = 10.0000%. Effective pre-money for existing holders: 9,000,000 x P = 8,258,823.53,
    not the headline $9M: the top-up came out of the pre-money.
    """
    table = CapTableInput(
        positions=(
            Position("Founder", "Common", "common", D(8000000)),
            Position("Employee", "Options", "options", D(500000)),
        ),
        pool_unallocated=D(500000),
    )
    r = model_round(table, RoundTerms(D(9000000), D(3000000), D("0.10"), CLOSE))
    assert r.pool_topup == D(807692)
    assert price4(r.price_per_share) == D("0.9176")
    assert r.new_money_shares == D(3269230)
    assert r.fd_after == D(13076922)
    assert r.pool_after == D(1307692)
    assert r.pool_after_fraction.quantize(D("0.0001")) == D("0.1000")
    assert r.effective_pre_money.quantize(D("0.01")) == D("8258823.53")
    founder = rows(r)["Founder"]
    # 8,000,000 / 9,000,000 = 88.89% before; 8,000,000 / 13,076,922 = 61.18% after.
    assert founder.ownership_after.quantize(D("0.0001")) == D("0.6118")
    assert founder.dilution.quantize(D("0.0001")) == D("0.3118")
    pool = rows(r)[POOL_LABEL]
    assert pool.is_pool and pool.new_shares == D(807692)


def test_discount_binds_when_the_cap_is_high():
    """F = 10,000,000; post-money SAFE $500k, cap $50M, 20% discount; pre $10M, raise $2M.

    Discount binds: S = 500k x D / (10M x 0.8) = D / 16 with D = F + X, so D = 16F/15 =
    10,666,666.67; P = 10M / D = 0.9375; discount price 0.75; cap price 50M / D = 4.6875.
    S = 500,000 / 0.75 = 666,666.67 -> 666,666; N = 2M / 0.9375 = 2,133,333.33 -> 2,133,333.
    """
    table = CapTableInput(
        positions=founders(10000000),
        pool_unallocated=D(0),
        convertibles=(
            Convertible("Angel", "safe_post", D(500000), D(50000000), discount=D("0.20")),
        ),
    )
    r = model_round(table, RoundTerms(D(10000000), D(2000000), D(0), CLOSE))
    c = r.conversions[0]
    assert c.basis == "discount"
    assert r.price_per_share == D("0.9375")
    assert c.conversion_price == D("0.75")
    assert price4(c.cap_price) == D("4.6875")
    assert c.shares == D(666666)
    assert r.new_money_shares == D(2133333)


def test_pre_money_safe_cap_excludes_convertibles():
    """F = 10,000,000; pre-money SAFE $200k at a $4M cap; pre $12M, raise $3M, no pool.

    Cap price = 4M / (F + T) = 4M / 10M = 0.40 -> 500,000 shares. D = 10,500,000;
    P = 12M / 10.5M = 1.142857; N = 3M / P = 2,625,000.
    """
    table = CapTableInput(
        positions=founders(10000000),
        pool_unallocated=D(0),
        convertibles=(Convertible("Seed fund", "safe_pre", D(200000), D(4000000)),),
    )
    r = model_round(table, RoundTerms(D(12000000), D(3000000), D(0), CLOSE))
    assert r.conversions[0].conversion_price == D("0.4")
    assert r.conversions[0].shares == D(500000)
    assert price4(r.price_per_share) == D("1.1429")
    assert r.new_money_shares == D(2625000)


def test_note_converts_principal_and_simple_interest():
    """$100,000 note at 8% simple from 2025-01-01 to the 2026-01-01 close (365 days):
    interest 8,000; converting 108,000. Cap $5M over F + T = 10,000,000 -> 0.50 per share ->
    216,000 shares. Round price 20M / 10,216,000 = 1.9577 > 0.50, so the cap binds.
    """
    note = Convertible(
        "Bank", "note", D(100000), D(5000000), interest_rate=D("0.08"), issue_date=date(2025, 1, 1)
    )
    assert accrued_interest(note, CLOSE) == D(8000)
    table = CapTableInput(positions=founders(10000000), pool_unallocated=D(0), convertibles=(note,))
    r = model_round(table, RoundTerms(D(20000000), D(0), D(0), CLOSE))
    c = r.conversions[0]
    assert c.converting_amount == D("108000.00") and c.interest == D("8000.00")
    assert c.conversion_price == D("0.5") and c.shares == D(216000)
    assert price4(r.price_per_share) == D("1.9577")


def test_uncapped_safe_without_discount_converts_at_the_round_price():
    """A cap above the round makes the round price bind: F = 1,000,000, post-money SAFE $100k,
    cap $100M; pre $4M. D = F + X, X = 100k x D / 4M = D / 40 -> D = 40F/39; P = 4M / D = 3.9;
    S = 100,000 / 3.9 = 25,641.03 -> 25,641."""
    table = CapTableInput(
        positions=founders(1000000),
        pool_unallocated=D(0),
        convertibles=(Convertible("Friend", "safe_post", D(100000), D(100000000)),),
    )
    r = model_round(table, RoundTerms(D(4000000), D(0), D(0), CLOSE))
    assert r.conversions[0].basis == "round"
    assert r.price_per_share == D("3.9")
    assert r.conversions[0].shares == D(25641)


def test_existing_pool_above_target_gets_no_topup():
    table = CapTableInput(positions=founders(8000000), pool_unallocated=D(2000000))
    r = model_round(table, RoundTerms(D(10000000), D(1000000), D("0.05"), CLOSE))
    assert r.pool_topup == 0
    # P = 10M / 10M = 1; N = 1,000,000
    assert r.price_per_share == 1 and r.new_money_shares == D(1000000)


def test_pool_topup_and_post_money_safe_together():
    """Invariants on a mixed round: ownership sums to 1, pool meets its target to the share,
    the post-money SAFE keeps cap-ownership of the pre-new-money company (pool increase
    excluded from its Company Capitalization, so it is diluted by the top-up and new money)."""
    table = CapTableInput(
        positions=founders(5000000, 4000000),
        pool_unallocated=D(300000),
        convertibles=(
            Convertible("YC", "safe_post", D(500000), D(5000000)),
            Convertible(
                "Bank", "note", D(250000), D(6000000), D("0.2"), D("0.06"), date(2025, 3, 1)
            ),
        ),
    )
    r = model_round(table, RoundTerms(D(20000000), D(5000000), D("0.12"), CLOSE))
    assert sum(h.ownership_after for h in r.holders) == pytest.approx(D(1), abs=D("1e-30"))
    assert abs(r.pool_after - D("0.12") * r.fd_after) < 3
    yc = r.conversions[0]
    # Company Capitalization = F + X (exact), YC owns 10% of it.
    cap = D(9300000) + sum((c.converting_amount / c.conversion_price for c in r.conversions), D(0))
    assert yc.shares / cap == pytest.approx(D("0.1"), abs=D("1e-6"))
    assert all(h.dilution > 0 for h in r.holders if h.shares_before and not h.is_pool)


@pytest.mark.parametrize(
    "terms, convs, field",
    [
        (RoundTerms(D(0), D(1), D(0), CLOSE), (), "pre_money"),
        (RoundTerms(D(1000), D(-1), D(0), CLOSE), (), "raise_amount"),
        (RoundTerms(D(1000), D(1), D(1), CLOSE), (), "target_pool"),
        (
            RoundTerms(D(1000), D(1), D(0), CLOSE),
            (
                Convertible("a", "safe_post", D(600), D(1000)),
                Convertible("b", "safe_post", D(500), D(1000)),
            ),
            "non_field_errors",
        ),
        (RoundTerms(D(1000), D(1000000), D("0.9"), CLOSE), (), "target_pool"),
    ],
)
def test_impossible_rounds_are_refused(terms, convs, field):
    table = CapTableInput(positions=founders(1000), pool_unallocated=D(0), convertibles=convs)
    with pytest.raises(CapTableError) as exc:
        model_round(table, terms)
    assert exc.value.field == field
