"""Portfolio revaluation: combine each active component's snapshot of the same date into a
correlated portfolio distribution and a 5-year fan built from the sum of the very paths the
component fans come from (same seed, same common factor), then store one snapshot."""

from __future__ import annotations

from datetime import date

import numpy as np
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation import selectors as sel
from valuation.engines import monte_carlo as mc
from valuation.engines import pipeline, risk
from valuation.engines.types import ENGINE_VERSION, EngineInputError, inputs_hash
from valuation.models import Component, ValuationSnapshot
from valuation.services.alerts import alerts_apply, portfolio_rules
from valuation.services.revalue import (
    SNAPSHOT_KPI_KEYS,
    VAR_CONVENTION,
    _write_snapshot,
    component_revalue,
    component_seed,
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
        stale = (
            s is None
            or s.as_of != as_of
            or s.seed != seed
            or s.engine_version != ENGINE_VERSION
            or (s.inputs or {}).get("paths") != policy.monte_carlo_paths
        )
        # The portfolio fan re-draws each component's paths, so every component must have been
        # valued with this run's seed, path count and engine.
        if revalue_components or stale:
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
            "assumptions": (s.methods or {}).get("assumptions"),
            "blend_value": ((s.methods or {}).get("blend") or {}).get("value", float(s.value)),
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
    fan = _portfolio_fan(parts, seed, policy.monte_carlo_paths)
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
            "fan_method": "sum of the component paths (shared common factor), "
            "percentiles per year of the sums",
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


def _portfolio_fan(parts, seed, n_paths):
    """Re-draw every component's value paths exactly as its own snapshot did and take the
    percentiles of their sum per year."""
    common = pipeline.common_factor(seed, n_paths=n_paths)
    paths = []
    for p in parts:
        try:
            sim = pipeline.component_paths(
                p["assumptions"],
                float(p["blend_value"]),
                seed=component_seed(seed, p["component"]),
                n_paths=n_paths,
                common=common,
            )
        except (EngineInputError, KeyError, TypeError) as exc:
            raise ApplicationError(
                f"{p['component']}: its snapshot cannot be re-simulated ({exc})",
                code="invalid_assumptions",
            ) from exc
        paths.append(sim["paths"])
    return pipeline.portfolio_fan(paths)
