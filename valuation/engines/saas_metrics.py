"""SaaS revenue metrics: MRR movements, customer counts and cohort grids (ChartMogul/Stripe
conventions), vectorised with numpy over a whole revenue ledger.

Input: a DataFrame with one row per revenue event and columns
    customer (any hashable), subscription (str; one customer may hold several), stream (one of
    STREAMS), time (tz-aware or UTC datetimes), kind (one of KINDS), interval (one of INTERVALS),
    amount (float >= 0, base currency, the price per billing interval).
Conventions:
    * subscribe/change/reactivate set the subscription's MRR to amount normalised to a month
      (annual /12, quarterly /3, weekly x 52/12); cancel sets it to 0; one_off events are
      recognised revenue and never MRR.
    * Movements are classified per customer on the change of the customer's *total* MRR, so
      cancelling one of several subscriptions is contraction and only losing the last one is churn.
    * Events of one customer closer than `window_minutes` to the previous one merge into a single
      movement (ChartMogul "smart classification": subscribe then add-on within the hour is one
      New Business). Merging never crosses a period boundary, so start + movements = end holds.
    * Reactivation: MRR goes from 0 to > 0 for a customer who has paid before; New: first time.
Periods are half-open [edge_i, edge_{i+1}) in UTC nanoseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .types import INTERVAL_MONTHS, INTERVALS, KINDS, MOVEMENTS, STREAMS, EngineInputError

EPS = 1e-7
NS_PER_MINUTE = 60 * 1_000_000_000
KIND_CODE = {k: i for i, k in enumerate(MOVEMENTS)}  # new=0 ... reactivation=4; none=-1


def to_ns(values) -> np.ndarray:
    """UTC nanoseconds since the epoch for datetimes/strings/datetime64 (naive = UTC)."""
    ser = values if isinstance(values, pd.Series) else pd.Series(values)
    if isinstance(ser.dtype, pd.DatetimeTZDtype):
        ts = ser.dt.tz_convert("UTC")
    else:
        ts = pd.to_datetime(ser, utc=True, errors="coerce")
    if ts.isna().any():
        bad = int(np.flatnonzero(ts.isna().to_numpy())[0])
        raise EngineInputError(f"row {bad}: time is not a valid date/time", field="time")
    naive = ts.dt.tz_localize(None).astype("datetime64[ns]")
    return naive.to_numpy().view("int64")


@dataclass(frozen=True)
class Ledger:
    """A validated ledger sorted by (customer, time, input order). Arrays are aligned."""

    customer: np.ndarray  # int codes into `customers`
    customers: np.ndarray  # labels
    stream: np.ndarray  # int codes into STREAMS
    time: np.ndarray  # int64 ns UTC
    recurring: np.ndarray  # bool: affects MRR
    delta: np.ndarray  # change of the subscription's MRR caused by the event (0 for one-offs)
    amount: np.ndarray  # raw amount (recognised revenue for one-offs)
    anomalies: dict


def build_ledger(df: pd.DataFrame) -> Ledger:
    """Validate and sort the events; compute each event's MRR delta per subscription."""
    needed = ("customer", "subscription", "stream", "time", "kind", "interval", "amount")
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise EngineInputError(f"missing columns: {', '.join(missing)}", field="columns")
    n = len(df)
    amount = pd.to_numeric(df["amount"], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(amount) | (amount < 0))
    if bad.size:
        raise EngineInputError(f"row {bad[0]}: amount must be a finite number >= 0", field="amount")
    kind = _codes(df["kind"], KINDS, "kind")
    interval = _codes(df["interval"], INTERVALS, "interval")
    stream = _codes(df["stream"], STREAMS, "stream")
    one_off_i = INTERVALS.index("one_off")
    is_one_off = kind == KINDS.index("one_off")
    is_cancel = kind == KINDS.index("cancel")
    bad = np.flatnonzero(~is_one_off & ~is_cancel & (interval == one_off_i))
    if bad.size:
        raise EngineInputError(
            f"row {bad[0]}: a recurring event needs a recurring billing interval", field="interval"
        )
    time = to_ns(df["time"].reset_index(drop=True)) if n else np.zeros(0, dtype=np.int64)
    cust_codes, customers = pd.factorize(df["customer"], sort=False)
    sub_local, sub_names = pd.factorize(df["subscription"], sort=False)
    # One integer per (customer, subscription) without building 1M strings.
    sub_codes = cust_codes.astype(np.int64) * max(len(sub_names), 1) + sub_local
    order = np.lexsort((np.arange(n), time, cust_codes))
    months = np.array([INTERVAL_MONTHS.get(i, 1.0) for i in INTERVALS])
    value = np.where(is_cancel, 0.0, amount / months[interval])
    recurring = ~is_one_off
    # Previous MRR of the same subscription: stable sort by subscription keeps time order.
    cust_o, sub_o, rec_o = cust_codes[order], sub_codes[order], recurring[order]
    val_o, kind_o = value[order], kind[order]
    r_idx = np.flatnonzero(rec_o)
    by_sub = r_idx[np.argsort(sub_o[r_idx], kind="stable")]
    prev = np.zeros(by_sub.size)
    same = np.zeros(by_sub.size, dtype=bool)
    same[1:] = sub_o[by_sub[1:]] == sub_o[by_sub[:-1]]
    prev[1:] = np.where(same[1:], val_o[by_sub[:-1]], 0.0)
    delta = np.zeros(n)
    delta[by_sub] = val_o[by_sub] - prev
    k_sorted = kind_o[by_sub]
    anomalies = {
        "cancel_without_active_subscription": int(
            np.sum((k_sorted == KINDS.index("cancel")) & (prev <= EPS))
        ),
        "change_without_active_subscription": int(
            np.sum((k_sorted == KINDS.index("change")) & (prev <= EPS))
        ),
        "subscribe_on_active_subscription": int(
            np.sum((k_sorted == KINDS.index("subscribe")) & (prev > EPS))
        ),
    }
    return Ledger(
        customer=cust_o,
        customers=np.asarray(customers),
        stream=stream[order],
        time=time[order],
        recurring=rec_o,
        delta=delta,
        amount=amount[order],
        anomalies=anomalies,
    )


def _codes(col: pd.Series, allowed: tuple[str, ...], field: str) -> np.ndarray:
    local, uniques = pd.factorize(col, sort=False)
    mapping = pd.Index(list(allowed)).get_indexer(pd.Index(uniques).astype(str))
    codes = np.where(local >= 0, mapping[local], -1).astype(np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        raise EngineInputError(
            f"row {bad[0]}: unknown {field} {col.iloc[bad[0]]!r} (allowed: {', '.join(allowed)})",
            field=field,
        )
    return codes


@dataclass(frozen=True)
class Movements:
    """One row per merged movement group of recurring events inside the horizon."""

    customer: np.ndarray
    bucket: np.ndarray  # period index (-1 = history before the first edge)
    time: np.ndarray
    before: np.ndarray  # customer MRR before the group
    after: np.ndarray  # customer MRR after the group
    kind: np.ndarray  # KIND_CODE or -1 for no movement
    amount: np.ndarray  # positive size of the movement
    active_at_period_start: np.ndarray  # the customer had MRR > 0 when the period began


def classify(ledger: Ledger, edges_ns: np.ndarray, window_minutes: float = 60.0):
    """Merge and classify the ledger's recurring events; returns (Movements, bucket_of_event).

    Events at or after the last edge are beyond the horizon and ignored.
    """
    if window_minutes < 0 or not np.isfinite(window_minutes):
        raise EngineInputError("window must be a finite number of minutes >= 0", field="window")
    bucket = np.searchsorted(edges_ns, ledger.time, side="right") - 1
    keep = ledger.recurring & (bucket < len(edges_ns) - 1)
    idx = np.flatnonzero(keep)
    cust, t, b, d = ledger.customer[idx], ledger.time[idx], bucket[idx], ledger.delta[idx]
    after_ev = np.round(pd.Series(d).groupby(cust, sort=False).cumsum().to_numpy(), 9)
    brk = np.ones(idx.size, dtype=bool)
    if idx.size:
        brk[1:] = (
            (cust[1:] != cust[:-1])
            | (b[1:] != b[:-1])
            | ((t[1:] - t[:-1]) > window_minutes * NS_PER_MINUTE)
        )
    gs = np.flatnonzero(brk)
    ge = np.append(gs[1:], idx.size) - 1 if gs.size else gs
    g_cust, g_b = cust[gs], b[gs]
    before = np.round(after_ev[gs] - d[gs], 9)
    after = after_ev[ge]
    paid = after > EPS
    cs = np.cumsum(paid)
    cust_first = np.ones(gs.size, dtype=bool)
    cust_first[1:] = g_cust[1:] != g_cust[:-1]
    seg = np.cumsum(cust_first) - 1
    base = (cs - paid)[cust_first]
    paid_before = (cs - paid - base[seg]) > 0
    up, down = after > before + EPS, after < before - EPS
    was, now = before > EPS, after > EPS
    kind = np.full(gs.size, -1, dtype=np.int64)
    kind[~was & now & ~paid_before] = KIND_CODE["new"]
    kind[~was & now & paid_before] = KIND_CODE["reactivation"]
    kind[was & ~now] = KIND_CODE["churn"]
    kind[was & now & up] = KIND_CODE["expansion"]
    kind[was & now & down] = KIND_CODE["contraction"]
    amount = np.abs(after - before)
    # Customer's MRR at the start of the group's period = `before` of its first group there.
    first_in_period = cust_first.copy()
    first_in_period[1:] |= g_b[1:] != g_b[:-1]
    pos = np.maximum.accumulate(np.where(first_in_period, np.arange(gs.size), 0))
    active = before[pos] > EPS
    mv = Movements(g_cust, g_b, t[gs], before, after, kind, amount, active)
    return mv, bucket


def mrr_panel(ledger: Ledger, bucket: np.ndarray, n_periods: int) -> np.ndarray:
    """customers x (n_periods+1) MRR: column 0 at the first edge, column j at end of period j-1."""
    keep = ledger.recurring & (bucket < n_periods)
    idx = np.flatnonzero(keep)
    cust, col = ledger.customer[idx], bucket[idx] + 1
    after_ev = np.round(
        pd.Series(ledger.delta[idx]).groupby(cust, sort=False).cumsum().to_numpy(), 9
    )
    width = n_periods + 1
    key = cust.astype(np.int64) * width + col
    last = np.ones(idx.size, dtype=bool)
    last[:-1] = key[:-1] != key[1:]
    panel = np.full(len(ledger.customers) * width, np.nan)
    panel[key[last]] = after_ev[last]
    panel = panel.reshape(len(ledger.customers), width)
    panel[np.isnan(panel[:, 0]), 0] = 0.0
    filled = np.where(np.isnan(panel), 0, np.arange(width))
    np.maximum.accumulate(filled, axis=1, out=filled)
    return np.take_along_axis(panel, filled, axis=1)


def movements_table(
    df_or_ledger, edges, *, window_minutes: float = 60.0, with_cohorts: bool = True
) -> dict:
    """Per-period MRR movements, customer counts, identity check, streams and cohort grids.

    `edges`: K+1 period boundaries (datetimes or ns). Returns a dict with `table` (DataFrame
    indexed by period start), `cohorts` ({"logo", "net_mrr"} DataFrames, rows = cohort period,
    columns = periods since joining) and `anomalies`.
    """
    ledger = df_or_ledger if isinstance(df_or_ledger, Ledger) else build_ledger(df_or_ledger)
    edges_ns = np.asarray(edges, dtype=np.int64) if _is_int_array(edges) else to_ns(edges)
    if edges_ns.size < 2 or np.any(np.diff(edges_ns) <= 0):
        raise EngineInputError("period edges must be at least two increasing dates", field="period")
    k = edges_ns.size - 1
    mv, bucket = classify(ledger, edges_ns, window_minutes)
    panel = mrr_panel(ledger, bucket, k)
    in_range = mv.bucket >= 0
    cols: dict[str, np.ndarray] = {}
    for name, code in KIND_CODE.items():
        sel = in_range & (mv.kind == code)
        cols[name] = np.bincount(mv.bucket[sel], weights=mv.amount[sel], minlength=k)
        cols[f"{name}_customers"] = np.bincount(mv.bucket[sel], minlength=k).astype(np.int64)
        s_sel = sel & mv.active_at_period_start
        cols[f"{name}_from_start"] = np.bincount(
            mv.bucket[s_sel], weights=mv.amount[s_sel], minlength=k
        )
    start = panel[:, :-1].sum(axis=0)
    end = panel[:, 1:].sum(axis=0)
    net = (
        cols["new"] + cols["expansion"] + cols["reactivation"] - cols["contraction"] - cols["churn"]
    )
    table = pd.DataFrame(
        {
            "start_mrr": start,
            **{m: cols[m] for m in MOVEMENTS},
            "net_new_mrr": net,
            "end_mrr": end,
            "identity_error": end - (start + net),
            "customers_start": (panel[:, :-1] > EPS).sum(axis=0),
            "customers_end": (panel[:, 1:] > EPS).sum(axis=0),
            **{f"{m}_customers": cols[f"{m}_customers"] for m in MOVEMENTS},
            **{
                f"{m}_from_start": cols[f"{m}_from_start"]
                for m in ("expansion", "contraction", "churn")
            },
        },
        index=pd.DatetimeIndex(edges_ns[:-1].view("datetime64[ns]"), name="period_start"),
    )
    table["period_end"] = edges_ns[1:].view("datetime64[ns]")
    _add_streams(table, ledger, bucket, k)
    out = {"table": table, "anomalies": dict(ledger.anomalies), "customers": len(ledger.customers)}
    if with_cohorts:
        out["cohorts"] = cohort_grids(mv, panel, k, table.index)
    return out


def _is_int_array(edges) -> bool:
    return isinstance(edges, np.ndarray) and np.issubdtype(edges.dtype, np.integer)


def _add_streams(table: pd.DataFrame, ledger: Ledger, bucket: np.ndarray, k: int) -> None:
    s = len(STREAMS)
    in_h = bucket < k
    rec = ledger.recurring & in_h
    key = (np.clip(bucket[rec], -1, k) + 1) * s + ledger.stream[rec]
    mrr = np.bincount(key, weights=ledger.delta[rec], minlength=(k + 1) * s).reshape(k + 1, s)
    mrr = np.round(np.cumsum(mrr, axis=0)[1:], 6)
    one = ~ledger.recurring & in_h & (bucket >= 0)
    key = bucket[one] * s + ledger.stream[one]
    rev = np.bincount(key, weights=ledger.amount[one], minlength=k * s).reshape(k, s)
    for i, name in enumerate(STREAMS):
        table[f"mrr_{name}"] = mrr[:, i]
        table[f"one_off_{name}"] = rev[:, i]
    table["one_off_revenue"] = rev.sum(axis=1)


def cohort_grids(mv: Movements, panel: np.ndarray, k: int, index) -> dict:
    """Logo and net-MRR retention by cohort (period of a customer's first payment).

    logo[c, j] = share of cohort-c customers with MRR > 0 at the end of period c+j;
    net_mrr[c, j] = their MRR at the end of period c+j / the cohort's new-business MRR.
    """
    sel = (mv.kind == KIND_CODE["new"]) & (mv.bucket >= 0)
    cust, cohort, new_amt = mv.customer[sel], mv.bucket[sel], mv.amount[sel]
    logo = np.full((k, k), np.nan)
    net = np.full((k, k), np.nan)
    sizes = np.bincount(cohort, minlength=k)
    order = np.argsort(cohort, kind="stable")
    cust, cohort, new_amt = cust[order], cohort[order], new_amt[order]
    bounds = np.searchsorted(cohort, np.arange(k + 1))
    for c in range(k):
        members = cust[bounds[c] : bounds[c + 1]]
        if members.size == 0:
            continue
        sub = panel[members, c + 1 :]
        logo[c, : k - c] = (sub > EPS).sum(axis=0) / members.size
        base = new_amt[bounds[c] : bounds[c + 1]].sum()
        net[c, : k - c] = sub.sum(axis=0) / base if base > EPS else np.nan
    cols = pd.RangeIndex(k, name="periods_since_start")
    return {
        "logo": pd.DataFrame(logo, index=index, columns=cols),
        "net_mrr": pd.DataFrame(net, index=index, columns=cols),
        "sizes": pd.Series(sizes, index=index),
    }
