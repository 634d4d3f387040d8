"""Portfolio revaluation: combine each active component's snapshot of the same date into a
correlated portfolio distribution and a 5-year monthly fan, then store one snapshot."""

from __future__ import annotations

from datetime import date

import numpy as np
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation import selectors as sel
from valuation.engines import monte_carlo as mc
from valuation.engines import pipeline, risk
from valuation.engines.types import ENGINE_VERSION, inputs_hash
from valuation.models import Component, ValuationSnapshot
from valuation.services.alerts import alerts_apply, portfolio_rules
from valuation.services.revalue import (
    SNAPSHOT_KPI_KEYS,
    VAR_CONVENTION,
    _write_snapshot,
    component_revalue,
    revenue_context,
)


def portfolio_revalue(
    *,
    as_of: date | None = None,
    seed: int | None = None,
    trigger: str = "manual",
    revalue_components: bool = False,
    persist: bool = True,
) -> ValuationSnapshot:
    """Value the whole portfolio from each active component's snapshot of the same date.

    `persist=False` computes without writing snapshots or raising alerts (see component_revalue).
    """
    policy = sel.policy_get()
    as_of = as_of or timezone.now().date()
    seed = policy.default_seed if seed is None else int(seed)
    comps = list(Component.objects.filter(is_active=True).order_by("name"))
    if not comps:
        raise ApplicationError("There are no active components to value.", code="empty_portfolio")
    snaps = []
    for c in comps:
        s = sel.snapshot_latest(scope=c.name, as_of=as_of)
        if revalue_components or s is None or s.as_of != as_of:
            s = component_revalue(
                component=c, as_of=as_of, seed=seed, trigger=trigger, persist=persist
            )
        snaps.append(s)
    # Portfolio gross margin: components' margins weighted by their MRR.
    mrr_total = sum(float(s.mrr) for s in snaps)
    margin = (
        sum(float(s.mrr) * float(c.gross_margin) for s, c in zip(snaps, comps, strict=True))
        / mrr_total
        if mrr_total > 0
        else None
    )
    rev = revenue_context(components=comps, as_of=as_of, policy=policy, gross_margin=margin)
    history = sel.value_history(scope=sel.PORTFOLIO, before=as_of)
    parts = [
        {
            "component": s.scope,
            "inputs_hash": s.inputs_hash,
            "value": float(s.value),
            "p10": float(s.p10),
            "p90": float(s.p90),
            "fan": s.fan,
            "loading": float(s.component.factor_loading),
        }
        for s in snaps
    ]
    inputs = {
        "components": [{k: p[k] for k in ("component", "inputs_hash")} for p in parts],
        "ledger_digest": rev["digest"],
        "history": history,
        "paths": policy.monte_carlo_paths,
        "engine": ENGINE_VERSION,
        "seed": seed,
        "costs_digest": sel.costs_digest(components=comps, until=as_of),
    }
    h = inputs_hash(inputs)
    existing = ValuationSnapshot.objects.filter(
        scope=sel.PORTFOLIO, as_of=as_of, inputs_hash=h
    ).first()
    if existing is not None:
        existing.component_snapshots = snaps
        return existing
    values = np.array([p["value"] for p in parts])
    sig_today = np.array(
        [
            np.log(p["p90"] / p["p10"]) / (2 * pipeline.Z90)
            if p["p10"] > 0 and p["p90"] > 0
            else 0.0
            for p in parts
        ]
    )
    loadings = np.array([p["loading"] for p in parts])
    rng = np.random.default_rng([seed, 0])
    today = pipeline.portfolio_distribution(
        values, sig_today, loadings, n_paths=policy.monte_carlo_paths, rng=rng
    )
    total = float(values.sum())
    dist = mc.summarise(today, bust=total * 0.8)
    fan, gbm = _portfolio_fan(parts, values, loadings, seed, policy.monte_carlo_paths)
    risk_block = risk.risk_block([*history, (as_of, total)], as_of)
    risk_block.update(
        {
            "hhi": risk.hhi(values),
            "p10_ratio": dist["p10"] / total if total > 0 else None,
            "spread_ratio": dist["spread_ratio"],
            "components": [
                {
                    "component": p["component"],
                    "value": p["value"],
                    "weight": p["value"] / total if total > 0 else None,
                }
                for p in parts
            ],
            "gbm": gbm,
            "var_convention": VAR_CONVENTION,
        }
    )
    baseline = sel.snapshot_baseline(scope=sel.PORTFOLIO, as_of=as_of)
    rules = portfolio_rules(
        policy=policy, value=total, dist=dist, risk_block=risk_block, rev=rev, baseline=baseline
    )
    kpis = {k: rev[k] for k in SNAPSHOT_KPI_KEYS}
    methods = {
        "sum_of_components": {"value": total, "parts": {p["component"]: p["value"] for p in parts}}
    }
    snap = _write_snapshot(
        component=None,
        scope=sel.PORTFOLIO,
        as_of=as_of,
        value=total,
        dist=dist,
        mrr=rev["mrr"],
        methods=methods,
        risk_block=risk_block,
        kpis=kpis,
        projection=[
            {"year": f["year"], "value_p10": f["p10"], "value_p50": f["p50"], "value_p90": f["p90"]}
            for f in fan
        ],
        fan=fan,
        sensitivity=[],
        alerts=rules,
        inputs=inputs,
        h=h,
        seed=seed,
        trigger=trigger,
        persist=persist,
    )
    if persist:
        alerts_apply(rules)
    snap.component_snapshots = snaps  # what the figure was built from (saved or not)
    return snap


def _portfolio_fan(parts, values, loadings, seed, n_paths):
    """Monthly correlated GBM over 60 months calibrated to each component's 5-year fan."""
    mu, sig = [], []
    for p, v in zip(parts, values, strict=True):
        last = p["fan"][-1] if p["fan"] else None
        if v > 0 and last and last["p10"] > 0 and last["p90"] > 0 and last["p50"] > 0:
            # A collapsed fan (p10 == p90) can come out a hair negative in floating point.
            s = max(0.0, float(np.log(last["p90"] / last["p10"]) / (2 * pipeline.Z90 * np.sqrt(5))))
            mu.append(float(np.log(last["p50"] / v) / 5 + s * s / 2))
            sig.append(s)
        else:
            mu.append(0.0)
            sig.append(0.0)
    loadings = np.clip(np.asarray(loadings, dtype=float), 0.0, 1.0)
    params = mc.PortfolioGBM(values, np.array(mu), np.array(sig), loadings)
    out = mc.simulate_portfolio(params, months=60, n_paths=n_paths, seed=seed)
    return mc.fan(out["portfolio"]), {"mu": mu, "sigma": sig, "months": 60}
