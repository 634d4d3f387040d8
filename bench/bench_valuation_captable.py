"""Round modeller: 200 holders and 20 SAFEs (plus notes) through a priced round with a pool
top-up. Budget: < 50 ms per round. Baseline, in the same run: the spreadsheet way of solving
the same circular round (fixed-point iteration of price, conversions and pool until they stop
moving) followed by the same 200-row post-round table, checked to give the same share counts
within one share."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import paired  # noqa: E402
from valuation.engines.captable import (  # noqa: E402
    CapTableInput,
    Convertible,
    Position,
    RoundTerms,
    _row,
    accrued_interest,
    model_round,
)

BUDGET_MS = 50.0
CLOSE = date(2026, 6, 30)


def table() -> CapTableInput:
    positions = []
    for i in range(200):
        kind = "common" if i < 5 else ("options" if i % 3 else "preferred")
        cls = {"common": "Common", "options": "Options", "preferred": "Seed Preferred"}[kind]
        shares = 2_000_000 if i < 5 else 5_000 + (i * 7919) % 60_000
        positions.append(Position(f"holder-{i:03d}", cls, kind, Decimal(shares)))
    convs = []
    for j in range(20):
        kind = ("safe_post", "safe_pre", "safe_post", "note")[j % 4]
        convs.append(
            Convertible(
                holder=f"investor-{j:02d}",
                kind=kind,
                amount=Decimal(50_000 + 25_000 * j),
                valuation_cap=Decimal(8_000_000 + 1_000_000 * j) if j % 5 else None,
                discount=Decimal("0.20") if j % 2 else None,
                interest_rate=Decimal("0.06") if kind == "note" else None,
                issue_date=date(2024, 1 + j % 12, 1),
            )
        )
    return CapTableInput(tuple(positions), Decimal(800_000), tuple(convs))


TERMS = RoundTerms(Decimal(40_000_000), Decimal(10_000_000), Decimal("0.12"), CLOSE)


def fixed_point(t: CapTableInput, terms: RoundTerms) -> dict:
    """Iterate price -> conversions -> pool until nothing moves by 1e-9 of a share."""
    with localcontext() as ctx:
        ctx.prec = 40
        F = sum((p.shares for p in t.positions), Decimal(0)) + t.pool_unallocated
        V, invest, pool, U0 = (
            terms.pre_money,
            terms.raise_amount,
            terms.target_pool,
            t.pool_unallocated,
        )
        amounts = [c.amount + accrued_interest(c, terms.close_date) for c in t.convertibles]
        q = pool * (1 + invest / V)
        T = X = Decimal(0)
        shares = []
        for _ in range(10_000):
            P = V / (F + T + X)
            shares = []
            for c, a in zip(t.convertibles, amounts, strict=True):
                prices = [P]
                if c.discount:
                    prices.append(P * (1 - c.discount))
                if c.valuation_cap:
                    base = (F + X) if c.kind == "safe_post" else (F + T)
                    prices.append(c.valuation_cap / base)
                shares.append(a / min(prices))
            X_new = sum(shares, Decimal(0))
            T_new = max(Decimal(0), (q * (F + X_new) - U0) / (1 - q))
            if abs(X_new - X) + abs(T_new - T) < Decimal("1e-9"):
                X, T = X_new, T_new
                break
            X, T = X_new, T_new
        P = V / (F + T + X)
        out = {"T": int(T), "N": int(invest / P), "S": [int(s) for s in shares]}
        # The same post-round table the engine builds, so the ratio compares solving methods.
        fd_after = F + out["T"] + sum(out["S"]) + out["N"]
        out["rows"] = [_row(p.holder, p.shares, Decimal(0), F, fd_after) for p in t.positions]
        return out


def main() -> None:
    t = table()
    r = model_round(t, TERMS)
    ref = fixed_point(t, TERMS)
    same = (
        abs(int(r.pool_topup) - ref["T"]) <= 1
        and abs(int(r.new_money_shares) - ref["N"]) <= 1
        and all(abs(int(c.shares) - s) <= 1 for c, s in zip(r.conversions, ref["S"], strict=True))
    )
    timing = paired(lambda: model_round(t, TERMS), lambda: fixed_point(t, TERMS), repeat=20)
    ms = timing["subject_s"] * 1000
    print(
        f"holders=200 convertibles=20 iterations={r.iterations} "
        f"same_as_fixed_point={same} price={r.price_per_share:.6f}"
    )
    print(
        f"RESULT valuation_captable_round: {ms:.2f} ms (ratio {timing['ratio']:.3f} vs "
        f"fixed-point iteration {timing['baseline_s'] * 1000:.2f} ms; budget {BUDGET_MS:.0f} ms)"
    )
    if not same:
        raise SystemExit("the round modeller and the fixed-point reference disagree")
    if ms >= BUDGET_MS:
        raise SystemExit(f"round modeller {ms:.1f} ms is over the {BUDGET_MS:.0f} ms budget")


if __name__ == "__main__":
    main()
