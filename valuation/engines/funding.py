"""Series A readiness and cash runway: pure functions over a monthly table.

Input is a list of `Month` rows, oldest first, each a complete calendar month of the whole
portfolio: MRR at start and end, the MRR movements, recognised revenue (MRR + one-off) and
spend by category. Money is float in the base currency; rates and margins are fractions
(0.4 = 40%); durations are months. Definitions (trailing windows end at the month evaluated):

* ARR = end MRR x 12. ARR growth = ARR / ARR twelve months earlier - 1 (T2D3 bar: 2.0 = triple).
* NRR (12 months) = prod of monthly (start + expansion - contraction - churn) / start; GRR the
  same without expansion (reactivation counts as new business, not retention).
* Net burn (month) = total spend - recognised revenue (positive = burning cash).
* Burn multiple (quarter) = net burn over 3 months / net new ARR over the same 3 months;
  0 when not burning; None when net new ARR <= 0 while burning (no bar can be met).
* Rule of 40 = ARR growth + free-cash-flow margin, FCF margin = -net burn / revenue over 12 months.
* Gross margin (12 months) = (revenue - cost of revenue) / revenue.
* CAC payback (months) = S&M spend over 3 months / ((new + expansion MRR over 3 months) x GM).
* LTV:CAC = (new + expansion MRR x GM / monthly gross MRR churn rate) / S&M spend, both over
  3 months: the lifetime gross profit bought per unit of sales and marketing.
* Magic number = net new ARR this quarter / S&M spend of the previous quarter.
* Runway = cash / average net burn of the last 3 months (None when not burning); for the trend,
  cash at an earlier month end = today's cash + the net burn of the months since.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .types import EngineInputError, require_finite

CATEGORIES = ("sales", "marketing", "cogs", "rnd", "other")
DELAYS = (0, 3, 6, 9)


@dataclass(frozen=True)
class Month:
    """One complete month of the portfolio's revenue movements and spend."""

    period: str
    start_mrr: float
    end_mrr: float
    new: float = 0.0
    expansion: float = 0.0
    contraction: float = 0.0
    churn: float = 0.0
    reactivation: float = 0.0
    revenue: float = 0.0  # recognised: MRR + one-off
    costs: dict = field(default_factory=dict)  # category -> spend

    def spend(self, *cats: str) -> float:
        return sum(float(self.costs.get(c, 0.0)) for c in (cats or CATEGORIES))

    @property
    def burn(self) -> float:
        return self.spend() - self.revenue


@dataclass(frozen=True)
class Bar:
    """One readiness bar: the threshold, which side is good, and where it comes from."""

    key: str
    label: str
    threshold: float
    higher_is_better: bool
    source: str
    unit: str = "ratio"  # ratio | months | currency | multiple
    priority: int = 50  # lower = matters more to a Series A investor
    close_band: float = 0.2  # within 20% of the bar counts as "close"


def _ratio(a: float, b: float) -> float | None:
    return a / b if b > 0 else None


def _window(months: Sequence[Month], end: int, n: int) -> list[Month] | None:
    start = end - n + 1
    return list(months[start : end + 1]) if start >= 0 else None


def metrics_at(months: Sequence[Month], end: int, *, cash: float | None = None) -> dict:
    """Every readiness metric for the windows ending at month index `end` (None = not enough
    history or undefined)."""
    m = months[end]
    q = _window(months, end, 3)
    y = _window(months, end, 12)
    prev_q = _window(months, end - 3, 3) if end >= 3 else None
    out: dict = {"arr": m.end_mrr * 12}
    base = months[end - 12].end_mrr if end >= 12 else (y[0].start_mrr if y else None)
    out["arr_growth"] = _ratio(m.end_mrr, base) - 1 if base and base > 0 else None
    if y:
        nrr = grr = 1.0
        ok = True
        for r in y:
            if r.start_mrr <= 0:
                ok = False
                break
            nrr *= (r.start_mrr + r.expansion - r.contraction - r.churn) / r.start_mrr
            grr *= (r.start_mrr - r.contraction - r.churn) / r.start_mrr
        out["nrr"], out["grr"] = (nrr, grr) if ok else (None, None)
        rev12 = sum(r.revenue for r in y)
        cogs12 = sum(r.spend("cogs") for r in y)
        burn12 = sum(r.burn for r in y)
        out["gross_margin"] = _ratio(rev12 - cogs12, rev12)
        fcf_margin = _ratio(-burn12, rev12)
        out["fcf_margin"] = fcf_margin
        out["rule_of_40"] = (
            out["arr_growth"] + fcf_margin
            if out["arr_growth"] is not None and fcf_margin is not None
            else None
        )
    else:
        for k in ("nrr", "grr", "gross_margin", "fcf_margin", "rule_of_40"):
            out[k] = None
    gm = out["gross_margin"]
    if q:
        burn_q = sum(r.burn for r in q)
        nn_arr = (q[-1].end_mrr - q[0].start_mrr) * 12
        out["net_burn_month"] = burn_q / 3
        out["net_new_arr_q"] = nn_arr
        if burn_q <= 0:
            out["burn_multiple"] = 0.0
        else:
            out["burn_multiple"] = burn_q / nn_arr if nn_arr > 0 else None
        sm = sum(r.spend("sales", "marketing") for r in q)
        gained = sum(r.new + r.expansion for r in q)
        out["sm_spend_q"] = sm
        out["cac_payback_months"] = (
            sm / (gained * gm) if gm is not None and gm > 0 and gained > 0 else None
        )
        start = sum(r.start_mrr for r in q)
        churn_rate = _ratio(sum(r.churn + r.contraction for r in q), start)
        if gm is not None and gm > 0 and churn_rate and sm > 0:
            out["ltv_cac"] = gained * gm / churn_rate / sm
        else:
            out["ltv_cac"] = None
        sm_prev = sum(r.spend("sales", "marketing") for r in prev_q) if prev_q else 0.0
        out["magic_number"] = nn_arr / sm_prev if sm_prev > 0 else None
        burn = burn_q / 3
        out["runway_months"] = (max(cash, 0.0) / burn) if cash is not None and burn > 0 else None
    else:
        for k in (
            "net_burn_month",
            "net_new_arr_q",
            "burn_multiple",
            "sm_spend_q",
            "cac_payback_months",
            "ltv_cac",
            "magic_number",
            "runway_months",
        ):
            out[k] = None
    return out


def status_of(value: float | None, bar: Bar) -> str:
    """met / close / gap; a missing value is a gap (the number an investor asks for is absent)."""
    if value is None:
        return "gap"
    t = bar.threshold
    if bar.higher_is_better:
        if value >= t:
            return "met"
        return "close" if value >= t - abs(t) * bar.close_band else "gap"
    if value <= t:
        return "met"
    return "close" if value <= t + abs(t) * bar.close_band else "gap"


def figure_text(v: float | None, unit: str) -> str:
    """A scorecard figure in its unit, for reports, pages and gap advice: ratio as a percentage
    with one decimal, months, currency with thousands separators, anything else as a multiple."""
    if v is None:
        return "n/a"
    v = float(v)
    if unit == "ratio":
        return f"{v * 100:.1f}%"
    if unit == "months":
        return f"{v:.1f} months"
    if unit == "currency":
        return f"{v:,.0f}"
    return f"{v:.2f}x"


def closing_step(key: str, value: float | None, bar: Bar, m: dict) -> str:
    """What would close the gap, in numbers where the model allows it."""
    t = bar.threshold
    if value is None:
        return {
            "burn_multiple": "Add net new ARR: the last quarter added none while burning cash.",
            "cac_payback_months": "Record new MRR and sales/marketing spend to measure payback.",
            "runway_months": "Enter the cash balance (funding plan) to measure runway.",
        }.get(key, "Not enough history to measure; record at least 12 months of ledger.")
    if status_of(value, bar) == "met":
        return ""
    burn = m.get("net_burn_month") or 0.0
    nn = m.get("net_new_arr_q") or 0.0
    if key == "arr":
        return f"Add {t - value:,.0f} ARR."
    if key == "arr_growth":
        return f"Grow ARR {t - value:.0%} points faster year over year."
    if key in ("nrr", "grr"):
        return f"Lift retention {t - value:.1%} points: cut churn/contraction or add expansion."
    if key == "burn_multiple":
        cut = burn * 3 - t * nn
        return (
            f"Cut net burn by {cut / 3:,.0f} a month, or add {(burn * 3 / t - nn):,.0f} "
            "net new ARR a quarter."
        )
    if key == "rule_of_40":
        return f"Add {t - value:.0%} points of growth or free-cash-flow margin."
    if key == "cac_payback_months":
        return f"Cut sales & marketing spend by {1 - t / value:.0%} at the same new MRR."
    if key == "ltv_cac":
        return f"Raise LTV:CAC by {t / value - 1:.0%}: lower CAC or churn, or raise price."
    if key == "gross_margin":
        return f"Lower cost of revenue by {t - value:.1%} of revenue."
    if key == "magic_number":
        return f"Add {(t - value) / value:.0%} more net new ARR per unit of last quarter's S&M."
    if key in ("runway_months", "runway_after_raise_months"):
        need = (t - value) * burn
        return f"Add {need:,.0f} of cash or cut monthly burn by {1 - value / t:.0%}."
    return f"Move from {figure_text(value, bar.unit)} to {figure_text(t, bar.unit)}."


def scorecard(
    months: Sequence[Month],
    bars: Sequence[Bar],
    *,
    cash: float | None,
    raise_amount: float = 0.0,
    trend_months: int = 6,
) -> dict:
    """The readiness scorecard at the last month: one row per bar with value, trend (oldest
    first), status and the closing step, then a summary naming met bars and the two gaps that
    matter most (lowest priority number among gap, then close)."""
    if not months:
        raise EngineInputError("at least one complete month is needed", field="months")
    if not bars:
        raise EngineInputError("at least one bar is needed", field="bars")
    end = len(months) - 1
    # Cash at the end of an earlier month: today's cash plus what was burnt since then.
    hist = [
        metrics_at(
            months,
            i,
            cash=None if cash is None else cash + sum(r.burn for r in months[i + 1 : end + 1]),
        )
        for i in range(max(0, end - trend_months + 1), end + 1)
    ]
    now = hist[-1]
    burn = now.get("net_burn_month")
    if burn is not None and burn > 0 and cash is not None:
        now["runway_after_raise_months"] = (max(cash, 0.0) + raise_amount) / burn
    else:
        now["runway_after_raise_months"] = None
    not_burning = cash is not None and burn is not None and burn <= 0
    rows = []
    for b in bars:
        value = now.get(b.key)
        status = status_of(value, b)
        note, step = "", closing_step(b.key, value, b, now)
        if b.key in ("runway_months", "runway_after_raise_months") and not_burning:
            # Revenue covers spend: runway is unlimited, which meets any runway bar.
            status, note, step = "met", "not burning cash: runway unlimited", ""
        rows.append(
            {
                "key": b.key,
                "label": b.label,
                "value": value,
                "trend": [h.get(b.key) for h in hist]
                if b.key != "runway_after_raise_months"
                else [value],
                "trend_periods": [months[i].period for i in range(end - len(hist) + 1, end + 1)],
                "bar": b.threshold,
                "direction": "at least" if b.higher_is_better else "at most",
                "unit": b.unit,
                "source": b.source,
                "status": status,
                "close_gap": step,
                "note": note,
                "priority": b.priority,
            }
        )
    met = [r["label"] for r in rows if r["status"] == "met"]
    open_rows = sorted(
        (r for r in rows if r["status"] != "met"),
        key=lambda r: (r["status"] != "gap", r["priority"]),
    )
    top = [{"label": r["label"], "status": r["status"], "step": r["close_gap"]} for r in open_rows]
    return {
        "period": months[-1].period,
        "rows": rows,
        "metrics": now,
        "summary": {
            "met": met,
            "met_count": len(met),
            "total": len(rows),
            "top_gaps": top[:2],
            "ready": not open_rows,
        },
    }


@dataclass(frozen=True)
class CashInputs:
    """A monthly cash model: cash now, monthly revenue, monthly spend by category, the round."""

    cash: float
    revenue: float
    costs: dict
    raise_amount: float
    months_to_close: float
    buffer_months: float
    hiring_freeze_pct: float = 0.0  # % cut of R&D and other operating (people) spend
    marketing_cut_pct: float = 0.0  # % cut of marketing spend
    horizon: int = 48

    def validate(self) -> None:
        for name in ("cash", "revenue", "raise_amount", "months_to_close", "buffer_months"):
            require_finite(name, getattr(self, name))
        for name in ("hiring_freeze_pct", "marketing_cut_pct"):
            v = require_finite(name, getattr(self, name))
            if not 0 <= v <= 100:
                raise EngineInputError(f"{name} must be between 0 and 100", field=name)
        if self.months_to_close < 0 or self.buffer_months < 0 or self.raise_amount < 0:
            raise EngineInputError("months and raise must be >= 0", field="months_to_close")
        if any(float(v) < 0 for v in self.costs.values()):
            raise EngineInputError("spend must be >= 0", field="costs")


def monthly_burn(c: CashInputs, *, hiring_freeze_pct: float, marketing_cut_pct: float) -> float:
    """Spend after the levers minus revenue (positive = burning)."""
    cost = c.costs
    people = float(cost.get("rnd", 0.0)) + float(cost.get("other", 0.0))
    spend = (
        float(cost.get("sales", 0.0))
        + float(cost.get("cogs", 0.0))
        + float(cost.get("marketing", 0.0)) * (1 - marketing_cut_pct / 100)
        + people * (1 - hiring_freeze_pct / 100)
    )
    return spend - c.revenue


def runway(cash: float, burn: float) -> float | None:
    """Months until cash runs out at a constant burn; None (infinite) when not burning."""
    return None if burn <= 0 else max(cash, 0.0) / burn


def cash_path(cash: float, burn: float, *, close_month: float | None, raise_amount: float, n: int):
    """Cash at the end of months 1..n; the raise lands at the end of month ceil(close_month)."""
    out, c = [], cash
    land = None if close_month is None else max(1, math.ceil(close_month))
    for t in range(1, n + 1):
        c -= burn
        if land is not None and t == land and c >= 0:
            c += raise_amount
        out.append(c)
    return out


def cash_plan(c: CashInputs, *, delays: Sequence[int] = DELAYS) -> dict:
    """Runway now and with the levers, the round under each delay, and the funding-delay test.

    A scenario survives when the runway covers the time to close plus the delay; runway after
    the raise is (cash at close + raise) / burn. The funding-delay condition holds when runway
    (with the levers applied) < months_to_close + buffer_months; `restore` gives, for each lever
    alone and both together at the same %, the smallest % that brings runway back to that need.
    """
    c.validate()
    base_burn = monthly_burn(c, hiring_freeze_pct=0, marketing_cut_pct=0)
    burn = monthly_burn(
        c, hiring_freeze_pct=c.hiring_freeze_pct, marketing_cut_pct=c.marketing_cut_pct
    )
    rw = runway(c.cash, burn)
    need = c.months_to_close + c.buffer_months
    scenarios = []
    for d in delays:
        close = c.months_to_close + d
        survives = rw is None or rw >= close
        at_close = c.cash - burn * close if survives else None
        after = (
            None if not survives or burn <= 0 else (at_close + c.raise_amount) / burn  # type: ignore[operator]
        )
        scenarios.append(
            {
                "delay_months": d,
                "close_month": close,
                "survives": survives,
                "cash_at_close": at_close,
                "runway_after_raise_months": after,
                "shortfall": None if survives else burn * close - c.cash,
                "cash": cash_path(
                    c.cash,
                    burn,
                    close_month=close,
                    raise_amount=c.raise_amount,
                    n=min(c.horizon, int(math.ceil(close)) + 12),
                ),
            }
        )
    levers = []
    for name, h, mk in (
        ("hiring freeze 25%", 25, 0),
        ("hiring freeze 50%", 50, 0),
        ("marketing cut 25%", 0, 25),
        ("marketing cut 50%", 0, 50),
        ("both 25%", 25, 25),
    ):
        b = monthly_burn(c, hiring_freeze_pct=h, marketing_cut_pct=mk)
        levers.append(
            {
                "lever": name,
                "hiring_freeze_pct": h,
                "marketing_cut_pct": mk,
                "burn": b,
                "runway_months": runway(c.cash, b),
            }
        )
    firing = rw is not None and rw < need
    return {
        "cash": c.cash,
        "burn_base": base_burn,
        "burn": burn,
        "runway_months": rw,
        "runway_base_months": runway(c.cash, base_burn),
        "need_months": need,
        "margin_months": None if rw is None else rw - need,
        "funding_delay": firing,
        "scenarios": scenarios,
        "levers": levers,
        "restore": restore_levers(c, need) if firing else [],
        "applied": {
            "hiring_freeze_pct": c.hiring_freeze_pct,
            "marketing_cut_pct": c.marketing_cut_pct,
        },
    }


def restore_levers(c: CashInputs, need: float) -> list[dict]:
    """Smallest % of each lever (alone, then both at the same %) that makes runway >= need,
    on top of what is already applied; levers that cannot restore it alone are left out."""
    target_burn = c.cash / need if need > 0 else math.inf
    people = float(c.costs.get("rnd", 0.0)) + float(c.costs.get("other", 0.0))
    mkt = float(c.costs.get("marketing", 0.0))
    h0, m0 = c.hiring_freeze_pct, c.marketing_cut_pct
    cut = monthly_burn(c, hiring_freeze_pct=h0, marketing_cut_pct=m0) - target_burn
    out = []
    if people * (1 - h0 / 100) > 0:
        h = h0 + cut / people * 100
        if h <= 100:
            out.append(
                {
                    "lever": "hiring freeze",
                    "hiring_freeze_pct": math.ceil(h),
                    "marketing_cut_pct": m0,
                }
            )
    if mkt * (1 - m0 / 100) > 0:
        mk = m0 + cut / mkt * 100
        if mk <= 100:
            out.append(
                {
                    "lever": "marketing cut",
                    "hiring_freeze_pct": h0,
                    "marketing_cut_pct": math.ceil(mk),
                }
            )
    # Both by the same extra x points: cut = x/100 (people + mkt).
    if people + mkt > 0:
        x = cut / (people + mkt) * 100
        if h0 + x <= 100 and m0 + x <= 100:
            out.append(
                {
                    "lever": "both",
                    "hiring_freeze_pct": math.ceil(h0 + x),
                    "marketing_cut_pct": math.ceil(m0 + x),
                }
            )
    return out


def restore_text(restore: Sequence[dict]) -> str:
    """The levers as one sentence for the alert text."""
    if not restore:
        return "no single lever restores it: raise a bridge or cut other costs"
    parts = []
    for r in restore:
        if r["lever"] == "hiring freeze":
            parts.append(f"a {r['hiring_freeze_pct']}% hiring freeze")
        elif r["lever"] == "marketing cut":
            parts.append(f"a {r['marketing_cut_pct']}% marketing cut")
        else:
            parts.append(
                f"a {r['hiring_freeze_pct']}% hiring freeze with a {r['marketing_cut_pct']}% "
                "marketing cut"
            )
    return "restore it with " + ", or ".join(parts)
