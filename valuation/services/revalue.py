"""Revaluation: gather plain inputs from the ORM, run the engines outside any transaction,
then write one immutable snapshot atomically and evaluate the alert rules."""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation import selectors as sel
from valuation.engines import pipeline, risk
from valuation.engines.kpis import period_kpis
from valuation.engines.saas_metrics import movements_table
from valuation.engines.types import (
    ENGINE_VERSION,
    MOVEMENTS,
    EngineInputError,
    inputs_hash,
    to_jsonable,
)
from valuation.models import Component, ValuationSnapshot
from valuation.services.alerts import alerts_apply, component_rules

CENT = Decimal("0.01")
PCTS = ("p5", "p10", "p25", "p50", "p75", "p90", "p95")
SNAPSHOT_KPI_KEYS = (
    "kpi_period",
    "kpis",
    "previous_kpis",
    "monthly",
    "streams",
    "cohorts",
    "anomalies",
    "identity_max_error",
    "events",
)
# Stated once and used everywhere (report text/JSON/CSV, pages, API): VaR and ES are losses,
# written as positive fractions of value (0.03 = a 3% loss); 0 or below means no loss.
VAR_CONVENTION = (
    "historical 95% VaR/ES of simple returns between snapshots (numpy linear quantile, type 7), "
    "reported as a loss: a positive fraction of value"
)


def money(x: float | None) -> Decimal:
    """Round a float to cents (half up) as Decimal; None/NaN -> 0."""
    if x is None or not np.isfinite(x):
        return Decimal("0.00")
    return Decimal(repr(float(x))).quantize(CENT, rounding=ROUND_HALF_UP)


def _f(x) -> float:
    return float(x) if x is not None else 0.0


def _kpi_index(as_of: date, n_rows: int) -> int:
    """Row of the period KPIs describe: month to date if as_of ends its month, else last month."""
    nxt = date.fromordinal(as_of.toordinal() + 1)
    return n_rows - 1 if nxt.day == 1 else n_rows - 2


def revenue_context(*, components: list[Component], as_of: date, policy, gross_margin=None) -> dict:
    """Movements table, KPIs and revenue run-rate for components as of a date (plain data)."""
    edges = sel.month_edges(as_of, 24)
    df = sel.ledger_frame(components=components, until=edges[-1])
    out = movements_table(df, edges, window_minutes=policy.merge_window_minutes)
    t = out["table"]
    k = _kpi_index(as_of, len(t))
    kpi_row = t.iloc[k]
    month = t.index[k].date()
    spend = sel.sm_spend_by_month(components=components, since=edges[0].date(), until=as_of)
    kpis = period_kpis(kpi_row, gross_margin=gross_margin, sm_spend=spend.get(month, 0.0))
    prev = period_kpis(t.iloc[k - 1], gross_margin=gross_margin) if k >= 1 else None
    mrr = float(t["end_mrr"].iloc[-1])
    # Trailing exactly 365 days to the end of as_of, so month-to-date dates compare fairly with
    # month ends: one-off revenue recognised in the window and MRR at its start.
    end = edges[-1]
    year = movements_table(
        df,
        [end - timedelta(days=365), end],
        window_minutes=policy.merge_window_minutes,
        with_cohorts=False,
    )["table"]
    one_off_12m = float(year["one_off_revenue"].iloc[0])
    base_12m = float(year["start_mrr"].iloc[0])
    monthly = [
        {
            "period": ts.date().isoformat(),
            "start_mrr": r.start_mrr,
            "end_mrr": r.end_mrr,
            **{mv: getattr(r, mv) for mv in MOVEMENTS},
            "identity_error": r.identity_error,
            "customers": int(r.customers_end),
            "one_off_revenue": r.one_off_revenue,
            "sm_spend": spend.get(ts.date(), 0.0),
        }
        for ts, r in zip(t.index, t.itertuples(), strict=True)
    ]
    cohorts = out["cohorts"]
    return {
        "digest": sel.frame_digest(df),
        "events": len(df),
        "mrr": mrr,
        "one_off_12m": one_off_12m,
        "revenue": mrr * 12 + one_off_12m,
        "growth_12m": (mrr / base_12m - 1) if base_12m > 0 else None,
        "kpi_period": month.isoformat(),
        "kpis": kpis,
        "previous_kpis": prev,
        "kpi_row": {c: float(kpi_row[c]) for c in ("start_mrr", "end_mrr", "identity_error")},
        "monthly": monthly,
        "streams": {c[4:]: float(t[c].iloc[-1]) for c in t.columns if c.startswith("mrr_")},
        "cohorts": {
            "periods": [d.date().isoformat() for d in cohorts["logo"].index],
            "sizes": [int(x) for x in cohorts["sizes"]],
            "logo": [sel.nan_to_none(r) for r in cohorts["logo"].to_numpy()],
            "net_mrr": [sel.nan_to_none(r) for r in cohorts["net_mrr"].to_numpy()],
        },
        "anomalies": out["anomalies"],
        "identity_max_error": float(np.abs(t["identity_error"]).max()),
    }


def component_assumptions(component: Component, rev: dict, as_of: date) -> dict:
    """The plain assumptions dict the pipeline values (all floats)."""
    if component.growth_override is not None:
        growth, growth_source = float(component.growth_override), "override"
    elif rev["growth_12m"] is not None:
        growth, growth_source = min(max(rev["growth_12m"], -0.5), 2.0), "trailing 12-month MRR"
    else:
        growth, growth_source = pipeline.STAGE_GROWTH[component.stage], f"stage {component.stage}"
    mult = sel.multiples_for(sector=component.sector, as_of=as_of)
    return {
        "component": component.name,
        "as_of": as_of.isoformat(),
        "revenue": rev["revenue"],
        "growth": growth,
        "growth_source": growth_source,
        "growth_sd": _f(component.growth_sd),
        "operating_margin": _f(component.operating_margin),
        "target_margin": _f(component.target_margin),
        "margin_sd": _f(component.margin_sd),
        "gross_margin": _f(component.gross_margin),
        "discount_rate": _f(component.discount_rate),
        "terminal_growth": _f(component.terminal_growth),
        "vc_target_return": _f(component.vc_target_return),
        "vc_dilution": _f(component.vc_dilution),
        "factor_loading": _f(component.factor_loading),
        "weights": {k: float(v) for k, v in (component.method_weights or {}).items()},
        "rationale": component.weights_rationale,
        "pwerm_scenarios": component.pwerm_scenarios or [],
        "multiples": None
        if mult is None
        else {
            "p25": float(mult.ev_revenue_p25),
            "p50": float(mult.ev_revenue_p50),
            "p75": float(mult.ev_revenue_p75),
            "source": mult.source,
            "as_of": mult.as_of.isoformat(),
            "sector": mult.sector,
        },
        "cash": _f(component.cash),
        "monthly_opex": _f(component.monthly_opex),
    }


def component_seed(seed: int, name: str) -> list[int]:
    """Per-component entropy derived from the run seed, so components draw independent paths."""
    return [int(seed), zlib.crc32(name.encode())]


def component_revalue(
    *,
    component: Component,
    as_of: date | None = None,
    seed: int | None = None,
    trigger: str = "manual",
    persist: bool = True,
) -> ValuationSnapshot:
    """Value one component as of a date and store the snapshot (reused when inputs are equal).

    With `persist=False` nothing is written and no alert is raised: the snapshot comes back
    unsaved (a report read for another date or seed computes, it does not record).
    """
    policy = sel.policy_get()
    as_of = as_of or timezone.now().date()
    seed = policy.default_seed if seed is None else int(seed)
    rev = revenue_context(
        components=[component],
        as_of=as_of,
        policy=policy,
        gross_margin=float(component.gross_margin),
    )
    a = component_assumptions(component, rev, as_of)
    history = sel.value_history(scope=component.name, before=as_of)
    inputs = {
        "assumptions": a,
        "ledger_digest": rev["digest"],
        "costs_digest": sel.costs_digest(components=[component], until=as_of),
        "history": history,
        "paths": policy.monte_carlo_paths,
        "window_minutes": policy.merge_window_minutes,
        "engine": ENGINE_VERSION,
        "seed": seed,
    }
    h = inputs_hash(inputs)
    existing = ValuationSnapshot.objects.filter(
        scope=component.name, as_of=as_of, inputs_hash=h
    ).first()
    if existing is not None:
        return existing
    try:
        result = pipeline.value_component(
            a,
            seed=component_seed(seed, component.name),
            n_paths=policy.monte_carlo_paths,
            common=pipeline.common_factor(seed, n_paths=policy.monte_carlo_paths),
        )
    except EngineInputError as exc:
        raise ApplicationError(
            str(exc), code="invalid_assumptions", fields={exc.field: [str(exc)]}
        ) from exc
    value = result["value"]
    risk_block = risk.risk_block([*history, (as_of, value)], as_of)
    dist = result["distribution"]
    monthly_rev = rev["mrr"] + rev["one_off_12m"] / 12
    risk_block.update(
        {
            "p10_ratio": dist["p10"] / value if value > 0 else None,
            "spread_ratio": dist["spread_ratio"],
            "runway_months": risk.runway_months(a["cash"], a["monthly_opex"], monthly_rev)
            if a["monthly_opex"] > 0
            else None,
            "ltv_cac": rev["kpis"]["ltv_cac"]["value"],
            "var_convention": VAR_CONVENTION,
        }
    )
    baseline = sel.snapshot_baseline(scope=component.name, as_of=as_of)
    rules = component_rules(
        component=component,
        policy=policy,
        value=value,
        dist=dist,
        risk_block=risk_block,
        rev=rev,
        baseline=baseline,
    )
    kpis = {k: rev[k] for k in SNAPSHOT_KPI_KEYS}
    snap = _write_snapshot(
        component=component,
        scope=component.name,
        as_of=as_of,
        value=value,
        dist=dist,
        mrr=rev["mrr"],
        methods={
            **result["methods"],
            "blend": result["blend"],
            "distribution_shape": result["distribution_shape"],
            "spread": result["spread"],
            "assumptions": a,
        },
        risk_block=risk_block,
        kpis=kpis,
        projection=result["projection"],
        fan=result["fan"],
        sensitivity=result["sensitivity"],
        alerts=rules,
        inputs=inputs,
        h=h,
        seed=seed,
        trigger=trigger,
        persist=persist,
    )
    if persist:
        alerts_apply(rules)
    return snap


def _write_snapshot(
    *,
    component,
    scope,
    as_of,
    value,
    dist,
    mrr,
    methods,
    risk_block,
    kpis,
    projection,
    fan,
    sensitivity,
    alerts,
    inputs,
    h,
    seed,
    trigger,
    persist=True,
):
    pcts = sorted(money(dist[p]) for p in PCTS)  # sorted: rounding never breaks the order
    clean = to_jsonable
    try:
        with transaction.atomic():
            snap = ValuationSnapshot(
                component=component,
                scope=scope,
                as_of=as_of,
                computed_at=timezone.now(),
                value=money(value),
                mean=money(dist["mean"]),
                std=money(dist["std"]),
                **dict(zip(PCTS, pcts, strict=True)),
                mrr=money(mrr),
                arr=money(mrr * 12),
                methods=clean(methods),
                risk=clean(risk_block),
                kpis=clean(kpis),
                projection=clean(projection),
                fan=clean(fan),
                sensitivity=clean(sensitivity),
                alerts=clean(alerts),
                inputs=clean(inputs),
                inputs_hash=h,
                seed=seed,
                engine_version=ENGINE_VERSION,
                trigger=trigger,
            )
            if persist:
                snap.save(force_insert=True)
            return snap
    except IntegrityError:
        # A concurrent run stored the same inputs first: theirs is identical, use it.
        return ValuationSnapshot.objects.get(scope=scope, as_of=as_of, inputs_hash=h)
