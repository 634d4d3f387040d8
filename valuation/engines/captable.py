"""Cap table and priced-round modeller (pure: stdlib Decimal only).

A priced round with SAFEs, convertible notes and an option-pool top-up, in the order the
documents apply it: convertibles convert, the pool grows, the new money buys in, all at once.

Conventions (stated once, used everywhere):
- Money and share counts are `Decimal`; arithmetic runs at 40 significant digits.
- **Fully diluted (FD)** shares = issued common + preferred + granted options + the unallocated
  option pool. Ownership percentages are of FD shares.
- **Pre-money** is fully diluted and includes the shares the convertibles convert into and the
  pool top-up (the usual term-sheet definition): price per share P = pre-money / (F + T + X),
  where F = FD shares before the round, T = pool top-up, X = shares all convertibles convert into.
  So the top-up "comes out of the pre-money" (the option pool shuffle): the existing holders
  bear it, the new money does not.
- **Target pool** = the unallocated pool after the round as a fraction of post-round FD shares.
  An existing unallocated pool counts towards it; the pool is never shrunk (T >= 0).
- **Post-money SAFE** (Y Combinator, 2018+): Safe Price = post-money valuation cap / Company
  Capitalization, where Company Capitalization = F + X (all converting securities included, the
  pool increase made for this round excluded). Discount Price = P x (1 - discount). The SAFE
  converts at the lowest of Safe Price, Discount Price and P.
- **Pre-money SAFE** (YC's original form) and **convertible notes**: cap price = cap / (F + T)
  (shares and the enlarged pool, convertibles excluded); same lowest-price rule. A note converts
  its principal plus simple interest, actual/365, from its issue date to the round's close date.
- **Rounding**: prices are exact (40 digits; shown to 4 decimals); every share count an
  instrument, the new money or the pool top-up receives is rounded **down** to a whole share
  (no fractional shares are issued; the fraction is paid out or forfeited by the documents).
  Ownership is computed from the rounded counts.

The unknowns (T, X) solve a 2 x 2 linear system once it is known which price binds for each
instrument; the binding prices are found by re-solving until they stop changing (one to three
passes in practice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

CAPTABLE_ENGINE_VERSION = "captable-engine/1.0.0"
PRECISION = 40
ZERO = Decimal(0)
ONE = Decimal(1)
SHARE_KINDS = ("common", "preferred", "options")
CONVERTIBLE_KINDS = ("safe_post", "safe_pre", "note")
POOL_LABEL = "Option pool (unallocated)"


class CapTableError(ValueError):
    """Inputs the round cannot be modelled with; `field` names the offending input."""

    def __init__(self, message: str, *, field: str = "non_field_errors"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Position:
    """Shares one holder owns in one class (granted options are kind "options")."""

    holder: str
    share_class: str
    kind: str
    shares: Decimal


@dataclass(frozen=True)
class Convertible:
    """A SAFE (post- or pre-money) or a convertible note outstanding before the round."""

    holder: str
    kind: str
    amount: Decimal  # purchase amount, or a note's principal
    valuation_cap: Decimal | None = None
    discount: Decimal | None = None  # fraction: 0.20 = 20% off the round price
    interest_rate: Decimal | None = None  # notes: simple annual rate, fraction
    issue_date: date | None = None
    label: str = ""


@dataclass(frozen=True)
class RoundTerms:
    """The priced round being modelled."""

    pre_money: Decimal
    raise_amount: Decimal
    target_pool: Decimal  # fraction of post-round FD shares left unallocated in the pool
    close_date: date
    investor: str = "New investors"
    series: str = "Series A Preferred"


@dataclass(frozen=True)
class CapTableInput:
    positions: tuple[Position, ...]
    pool_unallocated: Decimal
    convertibles: tuple[Convertible, ...] = ()


@dataclass(frozen=True)
class Conversion:
    holder: str
    label: str
    kind: str
    amount: Decimal  # principal or purchase amount
    interest: Decimal  # accrued (notes), else 0
    converting_amount: Decimal
    cap_price: Decimal | None
    discount_price: Decimal | None
    conversion_price: Decimal
    basis: str  # "cap", "discount" or "round"
    shares: Decimal


@dataclass(frozen=True)
class HolderRow:
    holder: str
    shares_before: Decimal
    ownership_before: Decimal  # fraction of FD before the round
    shares_after: Decimal
    ownership_after: Decimal
    new_shares: Decimal  # from conversion or purchase in this round
    dilution: Decimal  # relative: 1 - after / before (0 when the holder had nothing)
    is_pool: bool = False


@dataclass(frozen=True)
class ClassRow:
    share_class: str
    shares_before: Decimal
    shares_after: Decimal
    ownership_after: Decimal


@dataclass(frozen=True)
class RoundResult:
    price_per_share: Decimal
    pre_money: Decimal
    post_money: Decimal  # price x post-round FD shares
    raise_amount: Decimal
    new_money_shares: Decimal
    pool_before: Decimal
    pool_topup: Decimal
    pool_after: Decimal
    pool_after_fraction: Decimal
    fd_before: Decimal
    fd_after: Decimal
    effective_pre_money: Decimal  # price x FD before the round: what existing holders get
    conversions: tuple[Conversion, ...]
    holders: tuple[HolderRow, ...]
    classes: tuple[ClassRow, ...] = field(default_factory=tuple)
    iterations: int = 1
    engine_version: str = CAPTABLE_ENGINE_VERSION


EXACT = Decimal("1e-20")


def _snap(x: Decimal) -> Decimal:
    """x to 20 decimals, trimming the last digits' noise (numbers too large to carry 20
    decimals at this precision are left as they are: the noise is then below a unit)."""
    if x.adjusted() >= PRECISION - 21:
        return x
    return x.quantize(EXACT, rounding=ROUND_HALF_UP)


def _floor(x: Decimal) -> Decimal:
    """Whole shares, rounded down; the snap keeps 2,625,000 - 1e-35 at 2,625,000."""
    return _snap(x).to_integral_value(rounding=ROUND_DOWN)


def _exact(x: Decimal | None) -> Decimal | None:
    """A price trimmed of the last digits' noise (20 decimals are far below any cent)."""
    return None if x is None else _snap(x)


def price4(x: Decimal) -> Decimal:
    """A price shown to 4 decimals (display only; computations use the exact price)."""
    return x.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def accrued_interest(c: Convertible, close: date) -> Decimal:
    """Simple interest, actual/365, from issue date to close date (0 for SAFEs)."""
    if c.kind != "note" or not c.interest_rate or c.issue_date is None:
        return ZERO
    days = max(0, (close - c.issue_date).days)
    return c.amount * c.interest_rate * Decimal(days) / Decimal(365)


def _validate(table: CapTableInput, terms: RoundTerms) -> None:
    if terms.pre_money <= 0:
        raise CapTableError("The pre-money valuation must be positive.", field="pre_money")
    if terms.raise_amount < 0:
        raise CapTableError("The raise cannot be negative.", field="raise_amount")
    if not ZERO <= terms.target_pool < ONE:
        raise CapTableError(
            "The target pool is a fraction of post-round shares, from 0 up to (not including) 1.",
            field="target_pool",
        )
    if table.pool_unallocated < 0:
        raise CapTableError("The unallocated pool cannot be negative.", field="pool_unallocated")
    for p in table.positions:
        if p.shares < 0 or p.shares != p.shares.to_integral_value():
            raise CapTableError(f"{p.holder}: shares must be a whole, non-negative number.")
        if p.kind not in SHARE_KINDS:
            raise CapTableError(f"{p.holder}: unknown share kind {p.kind!r}.")
    for c in table.convertibles:
        if c.kind not in CONVERTIBLE_KINDS:
            raise CapTableError(f"{c.holder}: unknown instrument {c.kind!r}.")
        if c.amount <= 0:
            raise CapTableError(f"{c.holder}: the amount must be positive.")
        if c.valuation_cap is not None and c.valuation_cap <= 0:
            raise CapTableError(f"{c.holder}: the valuation cap must be positive.")
        if c.discount is not None and not ZERO <= c.discount < ONE:
            raise CapTableError(f"{c.holder}: the discount is a fraction from 0 to below 1.")
    fd = sum((p.shares for p in table.positions), ZERO) + table.pool_unallocated
    if fd <= 0:
        raise CapTableError("The cap table has no shares yet.")
    post_caps = sum(
        (
            c.amount / c.valuation_cap
            for c in table.convertibles
            if c.kind == "safe_post" and c.valuation_cap
        ),
        ZERO,
    )
    if post_caps >= 1:
        raise CapTableError(
            "The post-money SAFEs add up to 100% of the company or more at their caps."
        )


def _solve(F, U0, V, invest, pool, amounts, bases, convertibles, pool_active):
    """(T, X) for given binding bases: X = a0 + aT*T + aX*X; pool eq. when active."""
    a0 = aT = aX = ZERO
    for c, a, basis in zip(convertibles, amounts, bases, strict=True):
        if basis == "cap" and c.kind == "safe_post":
            k = a / c.valuation_cap
            a0 += k * F
            aX += k
        elif basis == "cap":
            k = a / c.valuation_cap
            a0 += k * F
            aT += k
        else:  # discount or round price: S = a * D / (V * (1 - d)), D = F + T + X
            d = c.discount if basis == "discount" else ZERO
            k = a / (V * (ONE - d))
            a0 += k * F
            aT += k
            aX += k
    if not pool_active:
        if aX >= 1:
            raise CapTableError("The convertibles would convert into all of the company.")
        return ZERO, a0 / (ONE - aX)
    q = pool * (ONE + invest / V)
    # [(1-q)  -q   ] [T]   [qF - U0]
    # [-aT   (1-aX)] [X] = [a0     ]
    m11, m12, m21, m22 = ONE - q, -q, -aT, ONE - aX
    det = m11 * m22 - m12 * m21
    if det <= 0:
        raise CapTableError(
            "The target pool, the raise and the convertibles leave nothing for existing "
            "holders; lower the target pool or the raise.",
            field="target_pool",
        )
    b1, b2 = q * F - U0, a0
    t = (b1 * m22 - m12 * b2) / det
    x = (m11 * b2 - m21 * b1) / det
    return t, x


def _prices(F, V, t, x, convertibles, amounts):
    """Cap, discount and round prices per instrument, and the binding basis of each."""
    p = V / (F + t + x)
    out = []
    for c, _a in zip(convertibles, amounts, strict=True):
        cap_price = None
        if c.valuation_cap:
            cap_price = c.valuation_cap / ((F + x) if c.kind == "safe_post" else (F + t))
        disc_price = p * (ONE - c.discount) if c.discount else None
        candidates = [("round", p)]
        if disc_price is not None:
            candidates.append(("discount", disc_price))
        if cap_price is not None:
            candidates.append(("cap", cap_price))
        basis, price = min(candidates, key=lambda bp: (bp[1], bp[0] != "cap"))
        out.append((basis, price, cap_price, disc_price))
    return p, out


def model_round(table: CapTableInput, terms: RoundTerms) -> RoundResult:
    """Model one priced round over a cap table; see the module docstring for conventions."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        _validate(table, terms)
        return _model(table, terms)


def _model(table: CapTableInput, terms: RoundTerms) -> RoundResult:
    V, invest, pool = terms.pre_money, terms.raise_amount, terms.target_pool
    U0 = table.pool_unallocated
    F = sum((p.shares for p in table.positions), ZERO) + U0
    convs = table.convertibles
    interest = [accrued_interest(c, terms.close_date) for c in convs]
    amounts = [c.amount + i for c, i in zip(convs, interest, strict=True)]
    bases = ["cap" if c.valuation_cap else ("discount" if c.discount else "round") for c in convs]
    pool_active = pool > 0
    iterations = 0
    while True:
        iterations += 1
        t, x = _solve(F, U0, V, invest, pool, amounts, bases, convs, pool_active)
        if pool_active and t < 0:
            pool_active = False  # the existing pool already meets the target
            continue
        p, priced = _prices(F, V, t, x, convs, amounts)
        new_bases = [b for b, *_ in priced]
        if new_bases == bases or iterations > 2 * len(convs) + 4:
            break
        bases = new_bases

    conversions = []
    for c, a, i, (basis, price, cap_price, disc_price) in zip(
        convs, amounts, interest, priced, strict=True
    ):
        conversions.append(
            Conversion(
                holder=c.holder,
                label=c.label or c.holder,
                kind=c.kind,
                amount=c.amount,
                interest=i.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                converting_amount=a.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                cap_price=_exact(cap_price),
                discount_price=_exact(disc_price),
                conversion_price=_exact(price),
                basis=basis,
                shares=_floor(a / price),
            )
        )
    topup = _floor(t)
    new_money = _floor(invest / p)
    conv_total = sum((c.shares for c in conversions), ZERO)
    fd_after = F + topup + conv_total + new_money
    pool_after = U0 + topup

    before: dict[str, Decimal] = {}
    for pos in table.positions:
        before[pos.holder] = before.get(pos.holder, ZERO) + pos.shares
    gained: dict[str, Decimal] = {}
    for c in conversions:
        gained[c.holder] = gained.get(c.holder, ZERO) + c.shares
    if new_money:
        gained[terms.investor] = gained.get(terms.investor, ZERO) + new_money
    names = list(before) + [h for h in gained if h not in before]
    rows = []
    for name in names:
        b, g = before.get(name, ZERO), gained.get(name, ZERO)
        rows.append(_row(name, b, g, F, fd_after))
    rows.append(_row(POOL_LABEL, U0, topup, F, fd_after, is_pool=True))

    classes: dict[str, list[Decimal]] = {}
    for pos in table.positions:
        classes.setdefault(pos.share_class, [ZERO, ZERO])
        classes[pos.share_class][0] += pos.shares
        classes[pos.share_class][1] += pos.shares
    classes.setdefault(POOL_LABEL, [ZERO, ZERO])
    classes[POOL_LABEL][0] += U0
    classes[POOL_LABEL][1] += pool_after
    if conv_total or new_money:
        classes.setdefault(terms.series, [ZERO, ZERO])
        classes[terms.series][1] += conv_total + new_money
    class_rows = tuple(
        ClassRow(name, b, a, a / fd_after if fd_after else ZERO) for name, (b, a) in classes.items()
    )
    return RoundResult(
        price_per_share=_exact(p),
        pre_money=V,
        post_money=p * fd_after,
        raise_amount=invest,
        new_money_shares=new_money,
        pool_before=U0,
        pool_topup=topup,
        pool_after=pool_after,
        pool_after_fraction=pool_after / fd_after,
        fd_before=F,
        fd_after=fd_after,
        effective_pre_money=p * F,
        conversions=tuple(conversions),
        holders=tuple(rows),
        classes=class_rows,
        iterations=iterations,
    )


def _row(name, before, gained, fd_before, fd_after, *, is_pool=False) -> HolderRow:
    after = before + gained
    own_b = before / fd_before
    own_a = after / fd_after
    return HolderRow(
        holder=name,
        shares_before=before,
        ownership_before=own_b,
        shares_after=after,
        ownership_after=own_a,
        new_shares=gained,
        dilution=(ONE - own_a / own_b) if own_b else ZERO,
        is_pool=is_pool,
    )
