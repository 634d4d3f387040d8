"""SaaS KPIs for one period, each returned with the convention used to compute it.

Every KPI is a dict {"value": float | None, "convention": str, "reason": str (when None)} so
reports can print the definition next to the number. Rates are fractions (0.25 = 25%).
"""

from __future__ import annotations

from collections.abc import Mapping

CONVENTIONS = {
    "mrr": "sum of active subscriptions normalised to a month (annual/12, quarterly/3, "
    "weekly x52/12); one-off and usage fees excluded",
    "arr": "MRR x 12",
    "mrr_growth": "end MRR / start MRR - 1",
    "customer_churn_rate": "churned customers / customers at period start (ChartMogul Standard)",
    "customer_churn_rate_stripe": "churned / (customers at start + new + reactivated in period) "
    "(Stripe)",
    "gross_mrr_churn": "(churn + contraction) / start MRR",
    "net_mrr_churn": "(churn + contraction - expansion - reactivation) / start MRR",
    "nrr": "(start MRR + expansion - contraction - churn of customers active at start) / start MRR",
    "grr": "(start MRR - contraction - churn of customers active at start) / start MRR",
    "quick_ratio": "(new + expansion) / (contraction + churn) (Baremetrics)",
    "quick_ratio_with_reactivation": "(new + expansion + reactivation) / (contraction + churn)",
    "arpa": "end MRR / active customers at period end",
    "ltv": "ARPA / customer churn rate (ChartMogul)",
    "ltv_margin_adjusted": "ARPA x gross margin / customer churn rate (Skok)",
    "cac": "sales & marketing spend in period / new customers in period",
    "cac_payback_months": "CAC / (ARPA x gross margin)",
    "ltv_cac": "margin-adjusted LTV / CAC",
}


def _kpi(name: str, value: float | None, reason: str = "") -> dict:
    out = {"value": None if value is None else float(value), "convention": CONVENTIONS[name]}
    if value is None:
        out["reason"] = reason
    return out


def _ratio(name: str, num: float, den: float, reason: str) -> dict:
    return _kpi(name, num / den, "") if den > 0 else _kpi(name, None, reason)


def period_kpis(row: Mapping, *, gross_margin: float | None = None, sm_spend: float = 0.0) -> dict:
    """KPIs of one movements-table row (see saas_metrics.movements_table)."""
    start, end = float(row["start_mrr"]), float(row["end_mrr"])
    new, exp_, con = float(row["new"]), float(row["expansion"]), float(row["contraction"])
    churn, react = float(row["churn"]), float(row["reactivation"])
    c_start, c_end = int(row["customers_start"]), int(row["customers_end"])
    churned = int(row["churn_customers"])
    joined = int(row["new_customers"]) + int(row["reactivation_customers"])
    no_start = "no MRR at period start"
    k = {
        "mrr": _kpi("mrr", end),
        "arr": _kpi("arr", end * 12),
        "mrr_growth": _ratio("mrr_growth", end - start, start, no_start),
        "customer_churn_rate": _ratio(
            "customer_churn_rate", churned, c_start, "no customers at period start"
        ),
        "customer_churn_rate_stripe": _ratio(
            "customer_churn_rate_stripe", churned, c_start + joined, "no customers in period"
        ),
        "gross_mrr_churn": _ratio("gross_mrr_churn", churn + con, start, no_start),
        "net_mrr_churn": _ratio("net_mrr_churn", churn + con - exp_ - react, start, no_start),
    }
    s_exp = float(row.get("expansion_from_start", exp_))
    s_con = float(row.get("contraction_from_start", con))
    s_churn = float(row.get("churn_from_start", churn))
    k["nrr"] = _ratio("nrr", start + s_exp - s_con - s_churn, start, no_start)
    k["grr"] = _ratio("grr", start - s_con - s_churn, start, no_start)
    lost = "no contraction or churn in period"
    k["quick_ratio"] = _ratio("quick_ratio", new + exp_, con + churn, lost)
    k["quick_ratio_with_reactivation"] = _ratio(
        "quick_ratio_with_reactivation", new + exp_ + react, con + churn, lost
    )
    arpa = end / c_end if c_end > 0 else None
    k["arpa"] = _kpi("arpa", arpa, "no active customers")
    k.update(
        unit_economics(
            arpa=arpa,
            churn_rate=k["customer_churn_rate"]["value"],
            gross_margin=gross_margin,
            sm_spend=sm_spend,
            new_customers=int(row["new_customers"]),
        )
    )
    return k


def unit_economics(
    *,
    arpa: float | None,
    churn_rate: float | None,
    gross_margin: float | None,
    sm_spend: float,
    new_customers: int,
) -> dict:
    """LTV (plain and margin-adjusted), CAC, CAC payback and LTV:CAC; None with a reason."""
    out: dict = {}
    if arpa is None:
        reason = "no active customers, ARPA undefined"
        for name in ("ltv", "ltv_margin_adjusted", "cac_payback_months", "ltv_cac"):
            out[name] = _kpi(name, None, reason)
        out["cac"] = _ratio("cac", sm_spend, new_customers, "no new customers in period")
        return out
    if churn_rate is None or churn_rate <= 0:
        reason = "customer churn is 0 in the period, so lifetime is unbounded"
        out["ltv"] = _kpi("ltv", None, reason)
        out["ltv_margin_adjusted"] = _kpi("ltv_margin_adjusted", None, reason)
    else:
        out["ltv"] = _kpi("ltv", arpa / churn_rate)
        if gross_margin is None:
            out["ltv_margin_adjusted"] = _kpi("ltv_margin_adjusted", None, "gross margin unknown")
        else:
            out["ltv_margin_adjusted"] = _kpi(
                "ltv_margin_adjusted", arpa * gross_margin / churn_rate
            )
    out["cac"] = _ratio("cac", sm_spend, new_customers, "no new customers in period")
    cac = out["cac"]["value"]
    if cac is None or gross_margin is None or arpa * gross_margin <= 0:
        out["cac_payback_months"] = _kpi(
            "cac_payback_months", None, "CAC, gross margin or ARPA unavailable or not positive"
        )
    else:
        out["cac_payback_months"] = _kpi("cac_payback_months", cac / (arpa * gross_margin))
    ltv = out["ltv_margin_adjusted"]["value"]
    if ltv is None or cac is None or cac <= 0:
        out["ltv_cac"] = _kpi("ltv_cac", None, "LTV or CAC unavailable")
    else:
        out["ltv_cac"] = _kpi("ltv_cac", ltv / cac)
    return out
