"""Reads of the cap table: the table as engine input, the valuation band a round can start
from, saved scenarios, their side-by-side comparison and their CSV export."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from valuation.engines.captable import CapTableInput, Convertible, Position
from valuation.models_captable import (
    CapTable,
    ConvertibleInstrument,
    Holder,
    Holding,
    RoundScenario,
)

MAX_ID = 2**63 - 1
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cap_table_list() -> QuerySet[CapTable]:
    """Every cap table, by name."""
    return CapTable.objects.order_by("name")


def cap_table_get(*, pk: int | None = None) -> CapTable | None:
    """A cap table by id, or the first one by name when no id is given."""
    qs = CapTable.objects.order_by("name")
    if pk is None:
        return qs.first()
    return qs.filter(pk=pk).first() if 0 < pk <= MAX_ID else None


def cap_table_detail(*, cap_table: CapTable) -> dict:
    """Holders with their holdings and convertibles, and the table's totals (3 queries)."""
    holders = list(
        Holder.objects.filter(cap_table=cap_table)
        .prefetch_related(
            Prefetch("holdings", queryset=Holding.objects.select_related("share_class")),
            "convertibles",
        )
        .order_by("name")
    )
    rows = []
    total = cap_table.pool_unallocated
    for h in holders:
        shares = sum((x.shares for x in h.holdings.all()), Decimal(0))
        total += shares
        rows.append({"holder": h, "holdings": list(h.holdings.all()), "shares": shares})
    for r in rows:
        r["ownership"] = r["shares"] / total if total else Decimal(0)
    convertibles = [c for h in holders for c in h.convertibles.all()]
    return {
        "cap_table": cap_table,
        "rows": rows,
        "convertibles": sorted(convertibles, key=lambda c: (c.issue_date, c.pk)),
        "fully_diluted": total,
        "pool_ownership": cap_table.pool_unallocated / total if total else Decimal(0),
    }


def cap_table_engine_input(*, cap_table: CapTable) -> tuple[CapTableInput, dict]:
    """The table as the engine's input, and the same data as canonical JSON for the hash."""
    holdings = list(
        Holding.objects.filter(holder__cap_table=cap_table)
        .select_related("holder", "share_class")
        .order_by("holder__name", "share_class__name")
    )
    convs = list(
        ConvertibleInstrument.objects.filter(holder__cap_table=cap_table)
        .select_related("holder")
        .order_by("issue_date", "id")
    )
    positions = tuple(
        Position(h.holder.name, h.share_class.name, h.share_class.kind, h.shares) for h in holdings
    )
    convertibles = tuple(
        Convertible(
            holder=c.holder.name,
            kind=c.kind,
            amount=c.amount,
            valuation_cap=c.valuation_cap,
            discount=c.discount,
            interest_rate=c.interest_rate,
            issue_date=c.issue_date,
            label=f"{c.get_kind_display()} {c.issue_date:%Y-%m-%d}",
        )
        for c in convs
    )
    data = {
        "cap_table": cap_table.name,
        "currency": cap_table.currency,
        "pool_unallocated": cap_table.pool_unallocated,
        "positions": [
            {"holder": p.holder, "share_class": p.share_class, "kind": p.kind, "shares": p.shares}
            for p in positions
        ],
        "convertibles": [
            {
                "holder": c.holder,
                "kind": c.kind,
                "amount": c.amount,
                "valuation_cap": c.valuation_cap,
                "discount": c.discount,
                "interest_rate": c.interest_rate,
                "issue_date": c.issue_date,
                "label": c.label,
            }
            for c in convertibles
        ],
    }
    table = CapTableInput(
        positions=positions,
        pool_unallocated=cap_table.pool_unallocated,
        convertibles=convertibles,
    )
    return table, data


def pre_money_band() -> dict | None:
    """The newest portfolio valuation's P10 / P50 / P90, which a round's pre-money may use."""
    from valuation.selectors import PORTFOLIO, snapshot_latest

    snap = snapshot_latest(scope=PORTFOLIO)
    if snap is None:
        return None
    return {
        "as_of": snap.as_of,
        "p10": snap.p10,
        "p50": snap.p50,
        "p90": snap.p90,
        "inputs_hash": snap.inputs_hash,
    }


def round_scenario_list(
    *, cap_table: CapTable | None = None, filters: dict | None = None
) -> QuerySet[RoundScenario]:
    """Saved scenarios, newest first, narrowed by the shared RoundScenarioFilterSet (the list
    omits the big JSON columns)."""
    from valuation.filters import RoundScenarioFilterSet

    qs = RoundScenario.objects.select_related("cap_table", "created_by").defer("inputs", "outputs")
    if cap_table is not None:
        qs = qs.filter(cap_table=cap_table)
    return RoundScenarioFilterSet(filters or {}, queryset=qs).qs


def round_scenario_get(*, pk: int) -> RoundScenario | None:
    """A saved scenario by id, or None (also for ids no database column can hold)."""
    if not 0 < pk <= MAX_ID:
        return None
    return RoundScenario.objects.select_related("cap_table", "created_by").filter(pk=pk).first()


def _d(x) -> Decimal:
    return Decimal(str(x)) if x is not None else Decimal(0)


def round_scenario_compare(*, a: RoundScenario, b: RoundScenario) -> dict:
    """Two scenarios side by side: headline terms and each holder's ownership in both."""
    heads = [
        ("Pre-money", "pre_money"),
        ("Raise", "raise_amount"),
        ("Price per share", "price_per_share"),
        ("Post-money", "post_money"),
        ("New money shares", "new_money_shares"),
        ("Pool top-up", "pool_topup"),
        ("Pool after (fraction)", "pool_after_fraction"),
        ("Fully diluted after", "fd_after"),
        ("Effective pre-money", "effective_pre_money"),
    ]
    terms = [
        {
            "label": label,
            "key": key,
            "a": _d(a.outputs.get(key)),
            "b": _d(b.outputs.get(key)),
            "difference": _d(b.outputs.get(key)) - _d(a.outputs.get(key)),
        }
        for label, key in heads
    ]
    ha = {h["holder"]: h for h in a.outputs.get("holders", [])}
    hb = {h["holder"]: h for h in b.outputs.get("holders", [])}
    names = list(ha) + [n for n in hb if n not in ha]
    holders = []
    for n in names:
        oa = _d(ha.get(n, {}).get("ownership_after"))
        ob = _d(hb.get(n, {}).get("ownership_after"))
        holders.append(
            {
                "holder": n,
                "shares_a": _d(ha.get(n, {}).get("shares_after")),
                "shares_b": _d(hb.get(n, {}).get("shares_after")),
                "ownership_a": oa,
                "ownership_b": ob,
                "difference": ob - oa,
            }
        )
    return {"a": a, "b": b, "terms": terms, "holders": holders}


def csv_safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    # A plain number (a negative dilution, say) is data, not a formula: kept as is.
    if text.startswith(CSV_DANGEROUS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def round_scenario_csv(*, scenario: RoundScenario) -> str:
    """The scenario as CSV: a header block of terms, then the post-round cap table and the
    conversions. Every cell starting with = + - @ tab or CR is prefixed with a quote."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    o = scenario.outputs

    def row(*cells):
        w.writerow([csv_safe(c) for c in cells])

    row("scenario", scenario.name)
    row("cap_table", scenario.cap_table.name)
    row("inputs_hash", scenario.inputs_hash)
    row("engine_version", scenario.engine_version)
    row("pre_money_source", scenario.pre_money_source)
    for key in (
        "pre_money",
        "raise_amount",
        "price_per_share",
        "post_money",
        "new_money_shares",
        "pool_topup",
        "fd_before",
        "fd_after",
    ):
        row(key, o.get(key))
    row()
    row(
        "holder",
        "shares_before",
        "ownership_before",
        "new_shares",
        "shares_after",
        "ownership_after",
        "dilution",
    )
    for h in o.get("holders", []):
        row(
            h["holder"],
            h["shares_before"],
            h["ownership_before"],
            h["new_shares"],
            h["shares_after"],
            h["ownership_after"],
            h["dilution"],
        )
    row()
    row("instrument", "holder", "converting_amount", "conversion_price", "basis", "shares")
    for c in o.get("conversions", []):
        row(
            c["label"],
            c["holder"],
            c["converting_amount"],
            c["conversion_price"],
            c["basis"],
            c["shares"],
        )
    return out.getvalue()
