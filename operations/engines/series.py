"""Rolling request series from per-minute aggregates (pure; numpy).

Input: per-minute arrays for one continuous range of minutes (missing minutes are zeros) —
counts, 5xx counts, 401+403 counts and sparse latency histograms. Output: for every minute,
the statistics over the trailing `window` minutes ending at (and including) that minute:
count, error_rate (fraction), rps, auth_failures, and nearest-rank p50/p95/p99 in ms.
The histogram work is vectorised: a dense minutes × buckets matrix, cumulative sums along
time for the window, cumulative sums along buckets for the ranks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

ENGINE_VERSION = "series-1.0"


def _rolling(values: np.ndarray, window: int) -> np.ndarray:
    csum = np.cumsum(values, axis=0, dtype=float)
    out = csum.copy()
    out[window:] = csum[window:] - csum[:-window]
    return out


def rolling_request_series(
    counts: Sequence[int],
    errors_5xx: Sequence[int],
    auth_failures: Sequence[int],
    histograms: Sequence[Mapping],
    window: int = 5,
) -> dict[str, np.ndarray]:
    n = len(counts)
    if not (len(errors_5xx) == len(auth_failures) == len(histograms) == n):
        raise ValueError("all per-minute inputs must have the same length")
    if window < 1:
        raise ValueError("window must be at least one minute")
    count = _rolling(np.asarray(counts, dtype=float), window)
    err = _rolling(np.asarray(errors_5xx, dtype=float), window)
    auth = _rolling(np.asarray(auth_failures, dtype=float), window)
    keys = sorted({int(k) for h in histograms for k in h})
    out = {
        "count": count,
        "error_rate": np.divide(err, count, out=np.zeros(n), where=count > 0),
        "rps": count / (60.0 * np.minimum(np.arange(1, n + 1), window)),
        "auth_failures": auth,
    }
    if not keys:
        for q in (50, 95, 99):
            out[f"p{q}_ms"] = np.full(n, np.nan)
        return out
    index = {k: i for i, k in enumerate(keys)}
    dense = np.zeros((n, len(keys)))
    for row, hist in enumerate(histograms):
        for k, c in hist.items():
            dense[row, index[int(k)]] += c
    windowed = _rolling(dense, window)
    cum = np.cumsum(windowed, axis=1)
    totals = cum[:, -1]
    bounds = np.asarray(keys, dtype=float)
    for q in (50, 95, 99):
        ranks = np.maximum(1, np.ceil(q / 100.0 * totals - 1e-9))
        idx = (cum < ranks[:, None]).sum(axis=1)
        idx = np.minimum(idx, len(keys) - 1)
        out[f"p{q}_ms"] = np.where(totals > 0, bounds[idx], np.nan)
    return out
