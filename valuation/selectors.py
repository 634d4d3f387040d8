"""Reads of the valuation context: components, ledger frames, snapshots, KPIs and movements."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from django.db.models import QuerySet, Sum

from valuation.models import (
    CAC_CATEGORIES,
    Component,
    CostEntry,
    FundingPlan,
    MultiplesTable,
    RevenueEvent,
    ValuationPolicy,
    ValuationSnapshot,
)

PORTFOLIO = "portfolio"
LEDGER_COLUMNS = ["customer", "subscription", "stream", "time", "kind", "interval", "amount"]


def policy_get() -> ValuationPolicy:
    """The single policy row, or its defaults (unsaved) until someone edits it: a read never
    writes."""
    return ValuationPolicy.objects.filter(pk=1).first() or ValuationPolicy(pk=1)


def component_list(
    *, filters: dict | None = None, active_only: bool = False
) -> QuerySet[Component]:
    """Components narrowed by the shared ComponentFilterSet."""
    from valuation.filters import ComponentFilterSet

    qs = Component.objects.select_related("owner")
    if active_only:
        qs = qs.filter(is_active=True)
    return ComponentFilterSet(filters or {}, queryset=qs).qs


def component_get(*, name: str) -> Component | None:
    """A component by its exact name, or None."""
    return Component.objects.filter(name=name).first()


def component_closest_names(*, name: str, limit: int = 3) -> list[str]:
    """Existing component names closest to `name` (for "did you mean" errors)."""
    from rapidfuzz import process

    names = list(Component.objects.values_list("name", flat=True))
    return [m[0] for m in process.extract(name, names, limit=limit, score_cutoff=40)]


def revenue_event_list(*, filters: dict | None = None) -> QuerySet[RevenueEvent]:
    """Revenue events narrowed by the shared RevenueEventFilterSet."""
    from valuation.filters import RevenueEventFilterSet

    qs = RevenueEvent.objects.select_related("component")
    return RevenueEventFilterSet(filters or {}, queryset=qs).qs


def day_end(as_of: date) -> datetime:
    """The first instant after `as_of` (UTC midnight), the exclusive end of that day."""
    return datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC) + timedelta(days=1)


def ledger_frame(*, components: list[Component], until: datetime) -> pd.DataFrame:
    """The ledger of the given components up to `until` as an engine DataFrame.

    Amounts are converted to the component currency with each event's fx rate; customers and
    subscriptions are keyed per component so portfolios never merge two components' customers.
    """
    rows = (
        RevenueEvent.objects.filter(component__in=components, occurred_at__lt=until)
        .values_list(
            "id",
            "component_id",
            "customer_ref",
            "subscription_ref",
            "stream",
            "occurred_at",
            "kind",
            "interval",
            "amount",
            "fx_rate",
        )
        .order_by("id")
    )
    cols = [
        "id",
        "component_id",
        "customer_ref",
        "subscription_ref",
        "stream",
        "time",
        "kind",
        "interval",
        "amount",
        "fx_rate",
    ]
    df = pd.DataFrame.from_records(list(rows), columns=cols)
    if df.empty:
        return pd.DataFrame(columns=[*LEDGER_COLUMNS, "id", "component_id"])
    df["amount"] = df["amount"].astype(float) * df["fx_rate"].astype(float)
    comp = df["component_id"].astype(str)
    df["customer"] = comp + ":" + df["customer_ref"]
    sub = df["subscription_ref"].where(df["subscription_ref"] != "", df["stream"])
    df["subscription"] = sub
    return df[[*LEDGER_COLUMNS, "id", "component_id"]]


def frame_digest(df: pd.DataFrame) -> str:
    """sha256 of a ledger frame's content (order-stable: rows are sorted by id)."""
    if df.empty:
        return hashlib.sha256(b"empty").hexdigest()
    hashed = pd.util.hash_pandas_object(df.sort_values("id").reset_index(drop=True), index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


def month_edges(as_of: date, months: int = 24) -> list[datetime]:
    """Month starts from `months` months before as_of's month, then the end of as_of."""
    start = date(as_of.year, as_of.month, 1)
    edges = []
    y, m = start.year, start.month
    for _ in range(months + 1):
        edges.append(datetime(y, m, 1, tzinfo=UTC))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    edges.reverse()
    edges.append(day_end(as_of))
    return edges


def sm_spend_by_month(
    *, components: list[Component], since: date, until: date
) -> dict[date, float]:
    """Sales & marketing spend per month (first-of-month keys) in the component currency."""
    rows = (
        CostEntry.objects.filter(
            component__in=components,
            category__in=CAC_CATEGORIES,
            month__gte=since,
            month__lte=until,
        )
        .values("month")
        .annotate(total=Sum("amount"))
    )
    return {r["month"].replace(day=1): float(r["total"]) for r in rows}


def costs_by_month(
    *, components: list[Component], since: date, until: date
) -> dict[date, dict[str, float]]:
    """Spend per month (first-of-month keys) and category, summed over the components."""
    rows = (
        CostEntry.objects.filter(component__in=components, month__gte=since, month__lte=until)
        .values("month", "category")
        .annotate(total=Sum("amount"))
    )
    out: dict[date, dict[str, float]] = {}
    for r in rows:
        month = out.setdefault(r["month"].replace(day=1), {})
        month[r["category"]] = month.get(r["category"], 0.0) + float(r["total"])
    return out


def funding_plan_get() -> FundingPlan:
    """The funding plan row, or an unsaved one with the defaults (a read never writes)."""
    return FundingPlan.objects.filter(pk=1).first() or FundingPlan(pk=1)


def costs_digest(*, components: list[Component], until: date) -> str:
    rows = CostEntry.objects.filter(component__in=components, month__lte=until).order_by("id")
    payload = "|".join(
        f"{i}:{c}:{m}:{a}" for i, c, m, a in rows.values_list("id", "category", "month", "amount")
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def multiples_for(*, sector: str, as_of: date) -> MultiplesTable | None:
    """The newest multiples row for the sector dated on or before as_of."""
    return (
        MultiplesTable.objects.filter(sector__iexact=sector, as_of__lte=as_of)
        .order_by("-as_of")
        .first()
    )


def snapshot_latest(*, scope: str, as_of: date | None = None) -> ValuationSnapshot | None:
    """The newest snapshot of a scope (on or before as_of when given)."""
    qs = ValuationSnapshot.objects.filter(scope=scope)
    if as_of is not None:
        qs = qs.filter(as_of__lte=as_of)
    return qs.order_by("-as_of", "-computed_at", "-id").first()


def snapshot_baseline(*, scope: str, as_of: date) -> ValuationSnapshot | None:
    """The snapshot a new valuation is compared with: the newest one of an earlier date."""
    return snapshot_latest(scope=scope, as_of=as_of - timedelta(days=1))


def value_history(*, scope: str, before: date, days: int = 800) -> list[tuple[date, float]]:
    """(as_of, value) of the newest snapshot per day for a scope, oldest first (one query)."""
    since = before - timedelta(days=days)
    rows = (
        ValuationSnapshot.objects.filter(scope=scope, as_of__lt=before, as_of__gte=since)
        .order_by("as_of", "computed_at", "id")
        .values_list("as_of", "value")
    )
    latest = {d: float(v) for d, v in rows}  # later rows of a day overwrite earlier ones
    return sorted(latest.items())


def snapshot_list(*, filters: dict | None = None) -> QuerySet[ValuationSnapshot]:
    """Snapshots narrowed by the shared SnapshotFilterSet."""
    from valuation.filters import SnapshotFilterSet

    qs = ValuationSnapshot.objects.select_related("component")
    return SnapshotFilterSet(filters or {}, queryset=qs).qs


def kpi_table(
    *, component: Component | None, start: date, end: date, window: int | None = None
) -> dict:
    """Monthly movements and KPIs between two dates (whole months) for a component or all."""
    from valuation.engines.kpis import period_kpis
    from valuation.engines.saas_metrics import movements_table

    policy = policy_get()
    comps = [component] if component else list(Component.objects.filter(is_active=True))
    edges = month_edges(end, months=max(1, _months_between(start, end)))
    df = ledger_frame(components=comps, until=edges[-1])
    out = movements_table(df, edges, window_minutes=window or policy.merge_window_minutes)
    spend = sm_spend_by_month(components=comps, since=edges[0].date(), until=end)
    margin = float(component.gross_margin) if component else None
    rows = []
    for ts, row in out["table"].iterrows():
        month = ts.date().replace(day=1)
        rows.append(
            {
                "period_start": ts.date(),
                "row": row,
                "kpis": period_kpis(row, gross_margin=margin, sm_spend=spend.get(month, 0.0)),
            }
        )
    return {"rows": rows, "cohorts": out["cohorts"], "anomalies": out["anomalies"]}


def _months_between(start: date, end: date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def nan_to_none(values) -> list:
    """Floats for JSON: NaN/inf become None."""
    arr = np.asarray(values, dtype=float)
    return [None if not np.isfinite(x) else round(float(x), 6) for x in arr]


def dashboard_get() -> dict:
    """Everything the portfolio dashboard shows, in a constant number of queries."""
    port = snapshot_latest(scope=PORTFOLIO)
    comps = {c.name: c for c in Component.objects.all()}
    rows, history = [], []
    if port is not None:
        hashes = [p["inputs_hash"] for p in (port.inputs or {}).get("components", [])]
        snaps = {
            s.scope: s
            for s in ValuationSnapshot.objects.filter(inputs_hash__in=hashes).only(
                "scope", "as_of", "value", "p10", "p90", "mrr", "risk", "alerts", "inputs_hash"
            )
        }
        total = float(port.value) or 1.0
        for name in sorted(snaps):
            s = snaps[name]
            ch = (s.risk or {}).get("changes") or {}
            firing = [a["rule"] for a in (s.alerts or []) if a.get("status") == "firing"]
            rows.append(
                {
                    "name": name,
                    "title": getattr(comps.get(name), "title", name),
                    "sector": getattr(comps.get(name), "sector", ""),
                    "value": s.value,
                    "p10": s.p10,
                    "p90": s.p90,
                    "mrr": s.mrr,
                    "weight": float(s.value) / total,
                    "day": ch.get("day"),
                    "month": ch.get("month"),
                    "cagr": (s.risk or {}).get("cagr"),
                    "firing": firing,
                }
            )
        history = value_history(scope=PORTFOLIO, before=port.as_of) + [
            (port.as_of, float(port.value))
        ]
    return {"portfolio": port, "rows": rows, "history": history}


def component_page_get(*, component: Component) -> dict:
    """The component page: newest snapshot, its value history and the latest ledger lines."""
    snap = snapshot_latest(scope=component.name)
    history = []
    if snap is not None:
        history = value_history(scope=component.name, before=snap.as_of) + [
            (snap.as_of, float(snap.value))
        ]
    events = RevenueEvent.objects.filter(component=component).order_by("-occurred_at", "-id")[:15]
    return {"snapshot": snap, "history": history, "events": list(events)}


# --- Cap table and round scenarios (issue 15) live in their own module ------------------------
from valuation.selectors_captable import (  # noqa: E402, F401
    cap_table_detail,
    cap_table_engine_input,
    cap_table_get,
    cap_table_list,
    pre_money_band,
    round_scenario_compare,
    round_scenario_csv,
    round_scenario_get,
    round_scenario_list,
)
