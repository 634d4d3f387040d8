"""Formatting filters for the valuation pages."""

from django import template

from common.labels import label_for
from common.templatetags import ui
from valuation.engines.funding import figure_text

register = template.Library()

RATIO_KPIS = {
    "mrr_growth",
    "customer_churn_rate",
    "customer_churn_rate_stripe",
    "gross_mrr_churn",
    "net_mrr_churn",
    "nrr",
    "grr",
}
PLAIN_KPIS = {"quick_ratio", "quick_ratio_with_reactivation", "ltv_cac", "cac_payback_months"}
COUNT_KPIS = {"active_customers", "customers", "new_customers", "churned_customers"}


# The formatting itself lives in common.templatetags.ui, the site's one set of filters.
@register.filter
def pct(v):
    return ui.signed_percent(v)


@register.filter
def loss(v):
    """VaR/ES under the one convention: a loss, shown as a positive % of value."""
    if v is None or v == "":
        return "—"
    v = float(v)
    return "no loss" if v <= 0 else f"{v * 100:.2f}%"


@register.filter
def pct0(v):
    return ui.percent(v, 0)


@register.filter
def kpi_label(key):
    return label_for(key)


@register.filter
def kpi_value(k, key):
    v = (k or {}).get("value")
    if v is None:
        return ui.DASH
    if key in RATIO_KPIS:
        return ui.percent(v, 2)
    if key in PLAIN_KPIS:
        return ui.num(v, 2)
    if key in COUNT_KPIS:
        return ui.num(v)
    return ui.money(v)


@register.filter
def get(d, key):
    return (d or {}).get(key)


@register.filter
def heat(v):
    if v is None:
        return ""
    alpha = max(0.05, min(1.0, float(v))) * 0.55
    return f"background: rgba(34, 139, 94, {alpha:.2f})"


@register.filter
def cohort_rows(c):
    rows = []
    for period, size, logo in zip(
        c.get("periods", []), c.get("sizes", []), c.get("logo", []), strict=False
    ):
        if size:
            rows.append({"period": period, "size": size, "logo": logo})
    return rows[-13:]


@register.filter
def by_unit(v, unit):
    """A readiness figure in its unit (the engine's one formatter); blank is a dash."""
    if v is None or v == "":
        return "—"
    return figure_text(v, unit)


@register.filter
def status_badge(status):
    return {"met": "ok", "close": "warn", "gap": "crit"}.get(status, "info")
