"""A straightforward per-customer Python loop over the ledger, giving the same movements and
cohort grids as `saas_metrics.movements_table`. It is the readable oracle the vectorised engine
is tested against and the baseline the KPI benchmark compares with.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import numpy as np

from .saas_metrics import EPS, NS_PER_MINUTE, to_ns
from .types import INTERVAL_MONTHS, MOVEMENTS


def movements_table_loop(df, edges, *, window_minutes: float = 60.0) -> dict:
    """Same semantics as movements_table; returns plain lists/arrays (table, logo, net_mrr)."""
    edges_ns = [int(x) for x in to_ns(edges)]
    k = len(edges_ns) - 1
    times = to_ns(df["time"].reset_index(drop=True))
    per_customer: dict = defaultdict(list)
    for i, (c, s, kind, interval, amount) in enumerate(
        zip(
            df["customer"],
            df["subscription"],
            df["kind"],
            df["interval"],
            df["amount"],
            strict=True,
        )
    ):
        if kind == "one_off":
            continue
        b = bisect_right(edges_ns, times[i]) - 1
        if b >= k:
            continue
        value = 0.0 if kind == "cancel" else float(amount) / INTERVAL_MONTHS[interval]
        per_customer[c].append((int(times[i]), i, b, str(s), value))
    table = {m: [0.0] * k for m in MOVEMENTS}
    counts = {m: [0] * k for m in MOVEMENTS}
    start_mrr, end_mrr = [0.0] * k, [0.0] * k
    cust_start, cust_end = [0] * k, [0] * k
    cohort_of, new_amount, panel = {}, {}, {}
    window = window_minutes * NS_PER_MINUTE
    for c, events in per_customer.items():
        events.sort()
        subs: dict[str, float] = {}
        mrr = 0.0
        paid_before = False
        end_of = [None] * (k + 1)  # MRR at column j (0 = first edge)
        group = None  # [bucket, last_time, before]
        prev_b = -1

        def close(g, after, c=c):
            nonlocal paid_before
            b, _, before = g
            was, now = before > EPS, after > EPS
            kind = None
            if not was and now:
                kind = "reactivation" if paid_before else "new"
            elif was and not now:
                kind = "churn"
            elif was and now and after > before + EPS:
                kind = "expansion"
            elif was and now and after < before - EPS:
                kind = "contraction"
            if kind and b >= 0:
                table[kind][b] += abs(after - before)
                counts[kind][b] += 1
                if kind == "new":
                    cohort_of[c], new_amount[c] = b, after
            paid_before = paid_before or now

        for t, _, b, s, value in events:
            if group is not None and (b != group[0] or t - group[1] > window):
                close(group, mrr)
                group = None
            for j in range(prev_b + 1, b + 1):
                end_of[j] = mrr
            prev_b = b
            if group is None:
                group = [b, t, mrr]
            group[1] = t
            mrr = round(mrr + value - subs.get(s, 0.0), 9)
            subs[s] = value
        if group is not None:
            close(group, mrr)
        for j in range(prev_b + 1, k + 1):
            end_of[j] = mrr
        row = [round(v, 9) for v in end_of]
        panel[c] = row
        for j in range(k):
            start_mrr[j] += row[j]
            end_mrr[j] += row[j + 1]
            cust_start[j] += row[j] > EPS
            cust_end[j] += row[j + 1] > EPS
    logo = np.full((k, k), np.nan)
    net = np.full((k, k), np.nan)
    for cohort in range(k):
        members = [c for c, b in cohort_of.items() if b == cohort]
        if not members:
            continue
        base = sum(new_amount[c] for c in members)
        for j in range(k - cohort):
            col = cohort + 1 + j
            logo[cohort, j] = sum(panel[c][col] > EPS for c in members) / len(members)
            net[cohort, j] = sum(panel[c][col] for c in members) / base
    out_table = {
        "start_mrr": start_mrr,
        "end_mrr": end_mrr,
        "customers_start": cust_start,
        "customers_end": cust_end,
        **table,
        **{f"{m}_customers": counts[m] for m in MOVEMENTS},
    }
    return {"table": out_table, "logo": logo, "net_mrr": net}
