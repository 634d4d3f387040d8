"""Metrics and health checks the valuation context offers to operations' registry.

Metrics read the newest portfolio snapshot (one indexed query), so they are cheap enough to
sample every minute.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def _latest():
    from valuation.selectors import PORTFOLIO, snapshot_latest

    return snapshot_latest(scope=PORTFOLIO)


def _kpi(key: str):
    def read() -> float | None:
        s = _latest()
        if s is None:
            return None
        k = ((s.kpis or {}).get("kpis") or {}).get(key) or {}
        return k.get("value")

    return read


def _field(name: str):
    def read() -> float | None:
        s = _latest()
        return None if s is None else float(getattr(s, name))

    return read


def _active_customers() -> float | None:
    s = _latest()
    if s is None:
        return None
    monthly = (s.kpis or {}).get("monthly") or []
    return float(monthly[-1]["customers"]) if monthly else None


METRICS = [
    ("mrr", _field("mrr"), "currency", "Portfolio MRR (recurring streams, normalised monthly)"),
    ("arr", _field("arr"), "currency", "Portfolio ARR = MRR x 12"),
    ("active_customers", _active_customers, "customers", "Customers with MRR > 0"),
    (
        "customer_churn_rate",
        _kpi("customer_churn_rate"),
        "ratio",
        "Churned customers / customers at start of the last month",
    ),
    ("nrr", _kpi("nrr"), "ratio", "Net revenue retention, last month"),
    ("grr", _kpi("grr"), "ratio", "Gross revenue retention, last month"),
    ("quick_ratio", _kpi("quick_ratio"), "ratio", "(new + expansion) / (contraction + churn)"),
    ("portfolio_value", _field("value"), "currency", "Blended portfolio value (newest snapshot)"),
    ("portfolio_value_p10", _field("p10"), "currency", "Portfolio value P10"),
]


def funding_runway_margin() -> float | None:
    """Runway minus (expected months to close + buffer); negative = funding delay risk."""
    from valuation.services.funding import funding_alert_value

    return funding_alert_value()


def funding_delay_detail() -> str:
    from valuation.services.funding import funding_alert_detail

    return funding_alert_detail()


# name, value, unit, description, detail: metrics that explain themselves in alert text.
DETAILED_METRICS = [
    (
        "funding.runway_margin_months",
        funding_runway_margin,
        "months",
        "Runway minus (expected months to close the round + buffer); < 0 = funding delay risk",
        funding_delay_detail,
    ),
]


def check_snapshot_fresh() -> tuple[str, str]:
    """Warn when the daily portfolio valuation has not run for more than two days."""
    s = _latest()
    if s is None:
        return "warning", "no portfolio valuation yet"
    age = timezone.now() - s.computed_at
    if age > timedelta(days=2):
        return "warning", f"newest portfolio snapshot is {age.days} days old"
    return "ok", f"portfolio snapshot {s.as_of} ({s.inputs_hash[:12]})"


def check_engine() -> tuple[str, str]:
    """Smoke-test the DCF engine against its known answer."""
    from valuation.engines.methods import dcf_gordon

    ev = dcf_gordon([100, 110, 121, 133.1, 146.41], discount_rate=0.1, terminal_growth=0.02)
    if round(ev.enterprise_value, 4) != 1613.6364:
        return "critical", f"DCF known answer drifted: {ev.enterprise_value}"
    return "ok", "DCF known answer reproduced"
