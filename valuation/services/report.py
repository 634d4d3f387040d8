"""The daily valuation report: build (revaluing as needed), render as text/JSON/CSV, write."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone

from common import csv as safe_csv
from common.exceptions import ApplicationError
from valuation import selectors as sel
from valuation.engines.types import ENGINE_VERSION, inputs_hash
from valuation.models import ValuationSnapshot
from valuation.services.funding import funding_readiness_build, funding_text
from valuation.services.portfolio import portfolio_revalue
from valuation.services.revalue import VAR_CONVENTION, component_revalue
from valuation.validators import valuation_date_validator

FAN_CONVENTION = (
    "5-year fans start at today's value (year 0) and every year is on the same scale; the "
    "portfolio fan is the per-year percentiles of the sum of the same correlated component paths"
)

FORMATS = ("text", "json", "csv")
KPI_KEYS = (
    "mrr",
    "arr",
    "mrr_growth",
    "customer_churn_rate",
    "customer_churn_rate_stripe",
    "gross_mrr_churn",
    "net_mrr_churn",
    "nrr",
    "grr",
    "quick_ratio",
    "quick_ratio_with_reactivation",
    "arpa",
    "ltv",
    "ltv_margin_adjusted",
    "cac",
    "cac_payback_months",
    "ltv_cac",
)


def open_alerts() -> list[dict]:
    """Firing valuation and revenue alerts from operations, oldest first."""
    from operations.selectors import alert_list

    rows = []
    for source in ("valuation", "revenue"):
        for a in alert_list(filters={"status": "firing", "source": source}):
            rows.append(
                {
                    "name": a.name,
                    "source": a.source,
                    "severity": a.severity,
                    "summary": a.summary,
                    "since": a.starts_at.isoformat(),
                    "dedup_key": a.dedup_key,
                }
            )
    return sorted(rows, key=lambda r: r["since"])


def snapshot_dict(s: ValuationSnapshot) -> dict:
    """Plain, JSON-ready view of one snapshot for reports and the API."""
    k = s.kpis or {}
    return {
        "scope": s.scope,
        "as_of": s.as_of.isoformat(),
        "value": str(s.value),
        "percentiles": {
            p: str(getattr(s, p)) for p in ("p5", "p10", "p25", "p50", "p75", "p90", "p95")
        },
        "mean": str(s.mean),
        "std": str(s.std),
        "mrr": str(s.mrr),
        "arr": str(s.arr),
        "changes": (s.risk or {}).get("changes"),
        "cagr": (s.risk or {}).get("cagr"),
        "risk": s.risk,
        "kpi_period": k.get("kpi_period"),
        "kpis": k.get("kpis"),
        "methods": {
            n: {"value": v.get("value"), "reason": v.get("reason")}
            # By name: PostgreSQL's jsonb does not keep key order, and the report must not change
            # between a fresh snapshot and the same one read back.
            for n, v in sorted((s.methods or {}).items())
            if isinstance(v, dict) and "value" in v
        },
        "blend": (s.methods or {}).get("blend"),
        "spread": (s.methods or {}).get("spread"),
        "projection": s.projection,
        "alerts": s.alerts,
        "inputs_hash": s.inputs_hash,
        "seed": s.seed,
        "engine_version": s.engine_version,
    }


def report_build(
    *,
    as_of: date | None = None,
    seed: int | None = None,
    component_name: str | None = None,
    persist: bool = True,
) -> dict:
    """Revalue (reusing snapshots whose inputs are unchanged) and assemble the report.

    `persist=False` (a read) returns the stored snapshots where their inputs are unchanged and
    computes the rest without storing them or raising alerts.
    """
    as_of = as_of or timezone.now().date()
    try:
        valuation_date_validator(as_of)
    except DjangoValidationError as exc:
        raise ApplicationError(
            exc.messages[0], code="out_of_range", fields={"as_of": exc.messages}
        ) from exc
    if component_name is not None:
        comp = sel.component_get(name=component_name)
        if comp is None:
            close = sel.component_closest_names(name=component_name)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise ApplicationError(
                f"Unknown component {component_name!r}{hint}",
                code="not_found",
                fields={"component": [f"Unknown{hint}"]},
            )
        snap = component_revalue(
            component=comp, as_of=as_of, seed=seed, trigger="report", persist=persist
        )
        body = {"kind": "component", "as_of": as_of.isoformat(), "component": snapshot_dict(snap)}
    else:
        port = portfolio_revalue(as_of=as_of, seed=seed, trigger="report", persist=persist)
        comps = port.component_snapshots
        body = {
            "kind": "portfolio",
            "as_of": as_of.isoformat(),
            "portfolio": snapshot_dict(port),
            "components": [snapshot_dict(s) for s in comps if s is not None],
        }
        try:
            body["funding"] = funding_readiness_build(as_of=as_of)
        except ApplicationError as exc:
            body["funding"] = {"error": exc.message}
    body["conventions"] = {"var_es": VAR_CONVENTION, "fan": FAN_CONVENTION}
    body["open_alerts"] = open_alerts()
    body["engine_version"] = ENGINE_VERSION
    body["report_hash"] = inputs_hash({k: v for k, v in body.items() if k != "open_alerts"})
    return body


def _pct(x) -> str:
    return "n/a" if x is None else f"{x * 100:+.2f}%"


def loss_text(x) -> str:
    """A VaR/ES figure under the one convention (loss as a positive fraction of value)."""
    if x is None:
        return "n/a"
    if x <= 0:
        return f"no loss (worst-5% return {-x * 100:+.2f}%)"
    return f"{x * 100:.2f}%"


def _num(x) -> str:
    if x is None:
        return "n/a"
    return f"{float(x):,.2f}"


def _text_block(d: dict, lines: list[str]) -> None:
    p = d["percentiles"]
    ch = d.get("changes") or {}
    lines.append(f"== {d['scope']} (as of {d['as_of']}) ==")
    lines.append(
        f"value {_num(d['value'])}   P10 {_num(p['p10'])}   P50 {_num(p['p50'])}   "
        f"P90 {_num(p['p90'])}"
    )
    lines.append(
        f"change day {_pct(ch.get('day'))}  month {_pct(ch.get('month'))}  "
        f"year {_pct(ch.get('year'))}  CAGR {_pct(d.get('cagr'))}"
    )
    r = d.get("risk") or {}
    lines.append(
        f"risk (VaR/ES are losses, positive % of value): VaR95 {loss_text(r.get('var'))}  "
        f"ES95 {loss_text(r.get('es'))}  max drawdown "
        f"{_pct(r.get('max_drawdown'))}  P10/value {_num(r.get('p10_ratio'))}"
        + (f"  HHI {r['hhi']:.3f}" if r.get("hhi") is not None else "")
    )
    for name, m in (d.get("methods") or {}).items():
        lines.append(
            f"  method {name:<18} {_num(m['value']) if m['value'] is not None else 'n/a'}"
            + (f"  ({m['reason']})" if m.get("reason") else "")
        )
    kpis = d.get("kpis") or {}
    lines.append(f"KPIs for {d.get('kpi_period')}:")
    for key in KPI_KEYS:
        k = kpis.get(key)
        if k is not None:
            val = "n/a" if k["value"] is None else f"{k['value']:,.4f}"
            lines.append(
                f"  {key:<30} {val:>16}   [{k['convention']}]"
                + (f" ({k['reason']})" if k.get("reason") else "")
            )
    sp = d.get("spread") or {}
    if sp.get("wide"):
        lines.append(
            f"methods span {sp['ratio']:.1f}x ({sp['high']} vs {sp['low']}, limit "
            f"{sp['limit']:g}x); assumptions driving the spread:"
        )
        for driver in sp.get("drivers") or []:
            lines.append(f"  - {driver}")
    blend = d.get("blend") or {}
    if blend.get("weights"):
        weights = ", ".join(f"{k} {w:.0%}" for k, w in blend["weights"].items())
        lines.append(f"blend weights: {weights}; why: {blend.get('rationale') or 'not given'}")
    lines.append("5-year projection from today's value (value P10 / P50 / P90):")
    for row in d.get("projection") or []:
        lines.append(
            f"  year {row['year']}: {_num(row['value_p10'])} / {_num(row['value_p50'])} / "
            f"{_num(row['value_p90'])}"
        )
    for a in d.get("alerts") or []:
        if a["status"] == "firing":
            lines.append(f"  ALERT {a['rule']}: {a['reason']}")
    lines.append(f"inputs {d['inputs_hash']}  seed {d['seed']}  engine {d['engine_version']}")
    lines.append("")


def report_render(report: dict, fmt: str) -> str:
    """The report as text, JSON or CSV (one row per scope with the headline numbers)."""
    if fmt not in FORMATS:
        raise ApplicationError(
            f"Unknown format {fmt!r}; use text, json or csv.",
            code="bad_format",
            fields={"format": [f"Choose one of {', '.join(FORMATS)}."]},
        )
    blocks = (
        [report["portfolio"], *report["components"]]
        if report["kind"] == "portfolio"
        else [report["component"]]
    )
    if fmt == "json":
        return json.dumps(report, indent=2, sort_keys=True, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = safe_csv.writer(buf, lineterminator="\n")
        head = [
            "scope",
            "as_of",
            "value",
            "p5",
            "p10",
            "p25",
            "p50",
            "p75",
            "p90",
            "p95",
            "mrr",
            "arr",
            "change_day",
            "change_month",
            "change_year",
            "cagr",
            "var95_loss",
            "es95_loss",
            "max_drawdown",
            *[f"kpi_{k}" for k in KPI_KEYS],
            *[f"year{i}_p50" for i in range(0, 6)],
            "inputs_hash",
            "seed",
            "engine_version",
        ]
        w.writerow(head)
        for d in blocks:
            ch, r, k = d.get("changes") or {}, d.get("risk") or {}, d.get("kpis") or {}
            proj = [row["value_p50"] for row in d.get("projection") or []][:6]
            w.writerow(
                [
                    d["scope"],
                    d["as_of"],
                    d["value"],
                    *d["percentiles"].values(),
                    d["mrr"],
                    d["arr"],
                    ch.get("day"),
                    ch.get("month"),
                    ch.get("year"),
                    d.get("cagr"),
                    r.get("var"),
                    r.get("es"),
                    r.get("max_drawdown"),
                    *[(k.get(x) or {}).get("value") for x in KPI_KEYS],
                    *proj,
                    *[""] * (6 - len(proj)),
                    d["inputs_hash"],
                    d["seed"],
                    d["engine_version"],
                ]
            )
        return buf.getvalue()
    lines = [f"HarmonyHub valuation report - {report['as_of']} ({report['kind']})"]
    conv = report.get("conventions") or {}
    lines += [f"VaR/ES: {conv.get('var_es', VAR_CONVENTION)}", f"Fans: {conv.get('fan', '')}", ""]
    for d in blocks:
        _text_block(d, lines)
    funding = report.get("funding")
    if funding:
        if funding.get("error"):
            lines += ["== Series A readiness ==", f"not available: {funding['error']}"]
        else:
            lines += funding_text(funding)
        lines.append("")
    lines.append(f"Open alerts ({len(report['open_alerts'])}):")
    for a in report["open_alerts"]:
        lines.append(f"  [{a['severity']}] {a['name']} since {a['since'][:16]}: {a['summary']}")
    lines.append(f"report hash {report['report_hash']}")
    return "\n".join(lines) + "\n"


def reports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "valuation" / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def valuation_daily_run(*, as_of: date | None = None, seed: int | None = None) -> str:
    """Write today's snapshots and the report in all three formats; returns the text path."""
    report = report_build(as_of=as_of, seed=seed)
    base = reports_dir() / f"valuation-{report['as_of']}"
    for fmt, ext in (("text", "txt"), ("json", "json"), ("csv", "csv")):
        Path(f"{base}.{ext}").write_text(report_render(report, fmt), encoding="utf-8")
    return f"{base}.txt"
