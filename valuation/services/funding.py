"""Series A readiness and cash runway: gather complete months of revenue movements and spend from
the ledger and costs, then run the pure funding engine. Reads only, except `funding_plan_update`.

Recognised revenue of a month is approximated as (start MRR + end MRR) / 2 plus its one-off
revenue. The cash model holds revenue and spend at their average over the last three complete
months (no growth assumed: the conservative view a board wants for runway).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation import selectors as sel
from valuation.engines import funding as fe
from valuation.engines.saas_metrics import movements_table
from valuation.engines.types import ENGINE_VERSION, EngineInputError, inputs_hash, to_jsonable
from valuation.models import Component, FundingPlan

# key, label, plan field, higher is better, unit, priority (1 = matters most), published source
BARS = (
    ("arr_growth", "ARR growth (T2D3)", "bar_arr_growth", True, "ratio", 1,
     "T2D3: Neeraj Agrawal, Battery Ventures, \"The SaaS Adventure\" (TechCrunch, 2015): "
     "triple, triple, double, double, double ARR"),
    ("burn_multiple", "Burn multiple", "bar_burn_multiple", False, "multiple", 2,
     "David Sacks, Craft Ventures, \"The Burn Multiple\" (2020): < 1 amazing, 1-1.5 great, "
     "1.5-2 good, 2-3 suspect, > 3 bad"),
    ("nrr", "Net revenue retention", "bar_nrr", True, "ratio", 3,
     "Bessemer Venture Partners, State of the Cloud: >= 100% good, >= 120% best in class"),
    ("runway_months", "Runway now", "bar_runway_months", True, "months", 4,
     "Common VC guidance (e.g. Y Combinator, Carta): start raising with >= 9 months left"),
    ("rule_of_40", "Rule of 40", "bar_rule_of_40", True, "ratio", 5,
     "Brad Feld, \"The Rule of 40% For a Healthy SaaS Company\" (2015): growth % + FCF margin %"),
    ("arr", "ARR", "bar_arr", True, "currency", 6,
     "Typical Series A entry bar of $1-3M ARR (Bessemer State of the Cloud; Carta data)"),
    ("cac_payback_months", "CAC payback", "bar_cac_payback_months", False, "months", 7,
     "Bessemer Venture Partners, \"10 Laws of Cloud\": < 12 months best, < 18 good"),
    ("ltv_cac", "LTV:CAC", "bar_ltv_cac", True, "multiple", 8,
     "David Skok, \"SaaS Metrics 2.0\" (For Entrepreneurs): LTV >= 3 x CAC"),
    ("gross_margin", "Gross margin", "bar_gross_margin", True, "ratio", 9,
     "KeyBanc Capital Markets SaaS survey; Bessemer: 70-75%+ for SaaS"),
    ("magic_number", "Magic number", "bar_magic_number", True, "multiple", 10,
     "Scale Venture Partners, the SaaS magic number: > 0.75 means invest more in S&M"),
    ("grr", "Gross revenue retention", "bar_grr", True, "ratio", 11,
     "Bessemer Venture Partners, State of the Cloud: GRR >= 90% for mid-market/enterprise"),
    ("runway_after_raise_months", "Runway after the raise", "bar_runway_after_raise_months",
     True, "months", 12,
     "Common VC guidance: a round should fund 18-24 months of runway"),
)  # fmt: skip
PLAN_FIELDS = (
    "cash_balance",
    "cash_as_of",
    "raise_amount",
    "months_to_close",
    "buffer_months",
    "hiring_freeze_pct",
    "marketing_cut_pct",
    *(b[2] for b in BARS),
)


def plan_bars(plan: FundingPlan) -> list[fe.Bar]:
    """The plan's bars as engine bars."""
    return [
        fe.Bar(key, label, float(getattr(plan, field)), higher, source, unit=unit, priority=prio)
        for key, label, field, higher, unit, prio, source in BARS
    ]


def _kpi_rows(as_of: date, n_rows: int) -> int:
    # Complete months only: the month to date counts when as_of is its last day.
    nxt = date.fromordinal(as_of.toordinal() + 1)
    return n_rows if nxt.day == 1 else n_rows - 1


def funding_months(*, components: list[Component], as_of: date, months: int = 24) -> list:
    """Complete months (oldest first) of portfolio revenue movements and spend, as engine rows."""
    policy = sel.policy_get()
    edges = sel.month_edges(as_of, months)
    df = sel.ledger_frame(components=components, until=edges[-1])
    t = movements_table(df, edges, window_minutes=policy.merge_window_minutes, with_cohorts=False)[
        "table"
    ]
    n = _kpi_rows(as_of, len(t))
    costs = sel.costs_by_month(components=components, since=edges[0].date(), until=as_of)
    out = []
    for ts, r in zip(t.index[:n], t.iloc[:n].itertuples(), strict=True):
        out.append(
            fe.Month(
                period=ts.date().isoformat()[:7],
                start_mrr=float(r.start_mrr),
                end_mrr=float(r.end_mrr),
                new=float(r.new),
                expansion=float(r.expansion),
                contraction=float(r.contraction),
                churn=float(r.churn),
                reactivation=float(r.reactivation),
                revenue=(float(r.start_mrr) + float(r.end_mrr)) / 2 + float(r.one_off_revenue),
                costs=costs.get(ts.date(), {}),
            )
        )
    return out


def months_from_snapshot(*, snapshot, components: list[Component]) -> list:
    """Complete months from a portfolio snapshot's stored monthly movements (the KPIs the
    dashboard shows) joined with the spend recorded for those months."""
    monthly = (snapshot.kpis or {}).get("monthly") or []
    n = _kpi_rows(snapshot.as_of, len(monthly))
    rows = monthly[:n]
    if not rows:
        return []
    since = date.fromisoformat(rows[0]["period"])
    costs = sel.costs_by_month(components=components, since=since, until=snapshot.as_of)
    return [
        fe.Month(
            period=r["period"][:7],
            start_mrr=float(r["start_mrr"]),
            end_mrr=float(r["end_mrr"]),
            new=float(r["new"]),
            expansion=float(r["expansion"]),
            contraction=float(r["contraction"]),
            churn=float(r["churn"]),
            reactivation=float(r["reactivation"]),
            revenue=(float(r["start_mrr"]) + float(r["end_mrr"])) / 2
            + float(r.get("one_off_revenue") or 0.0),
            costs=costs.get(date.fromisoformat(r["period"]), {}),
        )
        for r in rows
    ]


def cash_inputs(
    *, months: list, plan: FundingPlan, cash: float, levers: dict | None = None
) -> fe.CashInputs:
    """Cash-model inputs: revenue and spend averaged over the last 3 complete months."""
    last = months[-3:]
    revenue = sum(m.revenue for m in last) / len(last)
    costs = {c: sum(float(m.costs.get(c, 0.0)) for m in last) / len(last) for c in fe.CATEGORIES}
    lv = {
        "hiring_freeze_pct": float(plan.hiring_freeze_pct),
        "marketing_cut_pct": float(plan.marketing_cut_pct),
        **{k: float(v) for k, v in (levers or {}).items() if v is not None},
    }
    return fe.CashInputs(
        cash=cash,
        revenue=revenue,
        costs=costs,
        raise_amount=float(plan.raise_amount),
        months_to_close=float(plan.months_to_close),
        buffer_months=float(plan.buffer_months),
        **lv,
    )


def alert_text(cash_plan: dict) -> str:
    """The funding-delay alert's text: runway against the need, and the levers that fix it."""
    rw = cash_plan["runway_months"]
    need = cash_plan["need_months"]
    return (
        f"runway {rw:.1f} months is shorter than the {need:g} months to close the round plus "
        f"buffer; {fe.restore_text(cash_plan['restore'])}"
    )


def funding_readiness_build(
    *,
    as_of: date | None = None,
    levers: dict | None = None,
    plan: FundingPlan | None = None,
    from_ledger: bool = False,
) -> dict:
    """Readiness scorecard, cash plan with delay scenarios and levers, and the funding-delay
    condition (nothing is written). Revenue movements come from the newest portfolio valuation
    on or before `as_of` (the KPIs the dashboard and report show), or from the ledger when there
    is none or `from_ledger`; spend from the cost entries; cash and bars from the funding plan.
    `levers` ({"hiring_freeze_pct", "marketing_cut_pct"}) overrides the plan's for a what-if."""
    as_of = as_of or timezone.now().date()
    plan = plan or sel.funding_plan_get()
    comps = list(Component.objects.filter(is_active=True).order_by("name"))
    if not comps:
        raise ApplicationError("There are no active components to assess.", code="empty_portfolio")
    snap = None if from_ledger else sel.snapshot_latest(scope=sel.PORTFOLIO, as_of=as_of)
    if snap is not None and (snap.kpis or {}).get("monthly"):
        months = months_from_snapshot(snapshot=snap, components=comps)
        source = {
            "kind": "portfolio valuation",
            "as_of": snap.as_of,
            "inputs_hash": snap.inputs_hash,
        }
    else:
        months = funding_months(components=comps, as_of=as_of)
        source = {"kind": "ledger", "as_of": as_of, "inputs_hash": ""}
    if len(months) < 3:
        raise ApplicationError(
            "At least three complete months of ledger are needed.", code="not_enough_history"
        )
    if plan.cash_balance is not None:
        cash, cash_source = float(plan.cash_balance), "funding plan"
    else:
        cash, cash_source = sum(float(c.cash) for c in comps), "sum of the components' cash"
    try:
        card = fe.scorecard(
            months, plan_bars(plan), cash=cash, raise_amount=float(plan.raise_amount)
        )
        cash_plan = fe.cash_plan(cash_inputs(months=months, plan=plan, cash=cash, levers=levers))
    except EngineInputError as exc:
        raise ApplicationError(
            str(exc), code="invalid_plan", fields={exc.field: [str(exc)]}
        ) from exc
    inputs = {
        "as_of": as_of,
        "months": months,
        "source": source,
        "plan": {f: getattr(plan, f) for f in PLAN_FIELDS},
        "cash": cash,
        "levers": levers or {},
    }
    return to_jsonable(
        {
            "as_of": as_of,
            "period": card["period"],
            "components": len(comps),
            "source": source,
            "cash_source": cash_source,
            "scorecard": card,
            "cash_plan": cash_plan,
            "funding_delay": {
                "firing": cash_plan["funding_delay"],
                "text": alert_text(cash_plan) if cash_plan["funding_delay"] else "",
                "margin_months": cash_plan["margin_months"],
            },
            "inputs_hash": inputs_hash(inputs),
            "engine_version": ENGINE_VERSION,
        }
    )


def funding_alert_value() -> float | None:
    """Metric for the built-in "Funding delay" rule: runway minus (time to close + buffer), in
    months; negative means the round may land after the cash runs out. None without data."""
    try:
        out = funding_readiness_build()
    except ApplicationError:
        return None
    return out["funding_delay"]["margin_months"]


def funding_alert_detail() -> str:
    """The levers that would restore runway, for the alert text."""
    try:
        out = funding_readiness_build()
    except ApplicationError:
        return ""
    return out["funding_delay"]["text"]


def funding_plan_update(*, plan: FundingPlan | None = None, **fields) -> FundingPlan:
    """Validate and save the funding plan (bars, cash, round, levers)."""
    plan = plan or sel.funding_plan_get()
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ApplicationError(
            "Unknown funding plan fields.", fields={k: ["Unknown field."] for k in sorted(unknown)}
        )
    for k, v in fields.items():
        setattr(plan, k, v)
    try:
        plan.full_clean()
    except ValidationError as exc:
        raise ApplicationError(
            "The funding plan is not valid.", code="invalid_plan", fields=exc.message_dict
        ) from exc
    with transaction.atomic():
        plan.save()
    return plan


def funding_text(readiness: dict) -> list[str]:
    """The readiness scorecard and cash plan as report lines."""
    card, cp, fd = readiness["scorecard"], readiness["cash_plan"], readiness["funding_delay"]
    summary = card["summary"]
    lines = [f"== Series A readiness ({card['period']}) =="]
    lines.append(
        f"{summary['met_count']} of {summary['total']} bars met: "
        + (", ".join(summary["met"]) or "none")
    )
    for i, gap in enumerate(summary["top_gaps"], 1):
        lines.append(f"  close first #{i}: {gap['label']} ({gap['status']}) - {gap['step']}")
    for r in card["rows"]:
        trend = " -> ".join(fe.figure_text(t, r["unit"]) for t in r["trend"])
        lines.append(
            f"  {r['label']:<26} {fe.figure_text(r['value'], r['unit']):>14}  bar {r['direction']} "
            f"{fe.figure_text(r['bar'], r['unit'])}  [{r['status']}]  6 months: {trend}"
        )
        if r["close_gap"] or r["note"]:
            lines.append(f"      {r['close_gap'] or r['note']}")
        lines.append(f"      source: {r['source']}")
    rw = cp["runway_months"]
    lines.append(
        f"cash {cp['cash']:,.0f}  net burn {cp['burn']:,.0f}/month  runway "
        + ("unlimited (not burning)" if rw is None else f"{rw:.1f} months")
        + f"  needed {cp['need_months']:g} (close + buffer)"
    )
    for sc in cp["scenarios"]:
        when = "on time" if not sc["delay_months"] else f"{sc['delay_months']} months late"
        if sc["survives"]:
            after = sc["runway_after_raise_months"]
            lines.append(
                f"  round {when} (month {sc['close_month']:g}): cash at close "
                f"{sc['cash_at_close']:,.0f}, runway after raise "
                + ("unlimited" if after is None else f"{after:.1f} months")
            )
        else:
            lines.append(
                f"  round {when} (month {sc['close_month']:g}): cash runs out first, "
                f"short by {sc['shortfall']:,.0f}"
            )
    for lever in cp["levers"]:
        lrw = lever["runway_months"]
        lines.append(
            f"  lever {lever['lever']:<18} burn {lever['burn']:,.0f}  runway "
            + ("unlimited" if lrw is None else f"{lrw:.1f} months")
        )
    if fd["firing"]:
        lines.append(f"FUNDING DELAY: {fd['text']}")
    lines.append(f"inputs {readiness['inputs_hash']}  engine {readiness['engine_version']}")
    return lines
