"""Alert rules of the valuation context, evaluated on each new snapshot and sent to operations.

Each rule yields {"rule", "status": firing|ok|skipped, "value", "threshold", "reason",
"dedup_key", "source", "severity", "summary"}. Firing rules call operations' alert_fire (which
de-duplicates by key, so a recomputation never opens a second alert); ok rules resolve.
Comparisons are strict: a move of exactly the threshold does not fire.
"""

from __future__ import annotations

from operations.services import alert_fire, alert_resolve


def _rule(rule, scope, *, source, firing, value, threshold, reason, severity="SEV-3", skipped=None):
    status = "skipped" if skipped else ("firing" if firing else "ok")
    return {
        "rule": rule,
        "scope": scope,
        "source": source,
        "status": status,
        "value": value,
        "threshold": threshold,
        "reason": skipped or reason,
        "severity": severity,
        "dedup_key": f"{source}:{rule}:{scope}",
        "summary": f"{scope}: {reason}" if firing else "",
    }


def _move_rule(scope, value, baseline, policy):
    limit = float(policy.value_move_pct)
    if baseline is None or float(baseline.value) <= 0:
        return _rule(
            "value_move",
            scope,
            source="valuation",
            firing=False,
            value=None,
            threshold=limit,
            reason="",
            skipped="no earlier snapshot to compare with",
        )
    # Rounded to 1e-6 percentage points so float noise never decides the strict boundary.
    change = round((value / float(baseline.value) - 1) * 100, 6)
    return _rule(
        "value_move",
        scope,
        source="valuation",
        firing=abs(change) > limit,
        value=change,
        threshold=limit,
        severity="SEV-2" if abs(change) > 2 * limit else "SEV-3",
        reason=f"value moved {change:+.2f}% vs {baseline.as_of} (limit {limit:g}%)",
    )


def _risk_rules(scope, dist, risk_block, policy) -> list[dict]:
    out = []
    p10r, floor = risk_block.get("p10_ratio"), float(policy.p10_floor_ratio)
    out.append(
        _rule(
            "p10_floor",
            scope,
            source="valuation",
            firing=p10r is not None and p10r < floor,
            value=p10r,
            threshold=floor,
            reason=f"P10 is {0 if p10r is None else p10r:.0%} of value (floor {floor:.0%})",
            skipped=None if p10r is not None else "no positive value",
        )
    )
    var, limit = risk_block.get("var"), float(policy.var_limit)
    out.append(
        _rule(
            "var",
            scope,
            source="valuation",
            firing=var is not None and var > limit,
            value=var,
            threshold=limit,
            reason=f"95% historical VaR, a loss of {0 if var is None else max(var, 0):.2%} "
            f"of value (limit {limit:.2%})",
            skipped=None if var is not None else "fewer than 2 daily returns",
        )
    )
    return out


def _revenue_rules(scope, rev, policy) -> list[dict]:
    out = []
    row, limit = rev["kpi_row"], float(policy.mrr_drop_pct)
    if row["start_mrr"] <= 0:
        out.append(
            _rule(
                "mrr_drop_mom",
                scope,
                source="revenue",
                firing=False,
                value=None,
                threshold=limit,
                reason="",
                skipped="no MRR at the start of the month",
            )
        )
    else:
        change = round((row["end_mrr"] / row["start_mrr"] - 1) * 100, 6)
        out.append(
            _rule(
                "mrr_drop_mom",
                scope,
                source="revenue",
                firing=change < -limit,
                value=change,
                threshold=limit,
                severity="SEV-2",
                reason=f"MRR {change:+.2f}% month over month in {rev['kpi_period']}",
            )
        )
    key = (
        "customer_churn_rate_stripe"
        if policy.churn_convention == "stripe"
        else "customer_churn_rate"
    )
    churn, cmax = rev["kpis"][key]["value"], float(policy.churn_max_pct)
    out.append(
        _rule(
            "customer_churn",
            scope,
            source="revenue",
            firing=churn is not None and round(churn * 100, 6) > cmax,
            value=None if churn is None else churn * 100,
            threshold=cmax,
            reason=f"customer churn {0 if churn is None else churn:.2%} in "
            f"{rev['kpi_period']} (limit {cmax:g}%)",
            skipped=None if churn is not None else rev["kpis"][key].get("reason"),
        )
    )
    bad = rev["identity_max_error"] > 0.01 or any(rev["anomalies"].values())
    detail = ", ".join(f"{k}={v}" for k, v in rev["anomalies"].items() if v)
    out.append(
        _rule(
            "data_quality",
            scope,
            source="revenue",
            firing=bad,
            value=rev["identity_max_error"],
            threshold=0.01,
            severity="SEV-4",
            reason="start + movements != end by "
            f"{rev['identity_max_error']:.4f}" + (f"; {detail}" if detail else ""),
        )
    )
    return out


def component_rules(*, component, policy, value, dist, risk_block, rev, baseline) -> list[dict]:
    """All rules for one component snapshot."""
    scope = component.name
    out = [
        _move_rule(scope, value, baseline, policy),
        *_risk_rules(scope, dist, risk_block, policy),
    ]
    ratio, lmin = risk_block.get("ltv_cac"), float(policy.ltv_cac_min)
    out.append(
        _rule(
            "ltv_cac",
            scope,
            source="valuation",
            firing=ratio is not None and ratio < lmin,
            value=ratio,
            threshold=lmin,
            reason=f"LTV:CAC {0 if ratio is None else ratio:.2f} below {lmin:g}",
            skipped=None if ratio is not None else rev["kpis"]["ltv_cac"].get("reason"),
        )
    )
    runway, rmin = risk_block.get("runway_months"), float(policy.runway_min_months)
    out.append(
        _rule(
            "runway",
            scope,
            source="valuation",
            firing=runway is not None and runway < rmin,
            value=runway,
            threshold=rmin,
            severity="SEV-2",
            reason=f"runway {0 if runway is None else runway:.1f} months (min {rmin:g})",
            skipped=None if runway is not None else "not burning cash or no opex entered",
        )
    )
    return out + _revenue_rules(scope, rev, policy)


def portfolio_rules(*, policy, value, dist, risk_block, rev, baseline) -> list[dict]:
    """All rules for the portfolio snapshot."""
    scope = "portfolio"
    out = [
        _move_rule(scope, value, baseline, policy),
        *_risk_rules(scope, dist, risk_block, policy),
    ]
    h, limit = risk_block.get("hhi"), float(policy.hhi_limit)
    out.append(
        _rule(
            "hhi",
            scope,
            source="valuation",
            firing=h is not None and h > limit,
            value=h,
            threshold=limit,
            reason=f"concentration HHI {0 if h is None else h:.3f} above {limit:g}",
            skipped=None if h is not None else "no value",
        )
    )
    return out + _revenue_rules(scope, rev, policy)


def alerts_apply(rules: list[dict]) -> None:
    """Fire the firing rules and resolve the ok ones in operations (skipped ones are left)."""
    for r in rules:
        if r["status"] == "firing":
            value = r["value"]
            alert_fire(
                source=r["source"],
                name=f"valuation.{r['rule']}",
                dedup_key=r["dedup_key"],
                severity=r["severity"],
                summary=r["summary"],
                labels={"scope": r["scope"], "rule": r["rule"]},
                value=None if value is None else float(value),
            )
        elif r["status"] == "ok":
            alert_resolve(dedup_key=r["dedup_key"])
