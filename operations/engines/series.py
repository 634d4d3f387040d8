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


def _rolling(values: np.ndarray, window: int, csum: np.ndarray | None = None) -> np.ndarray:
    if csum is None:
        csum = np.cumsum(values, axis=0, dtype=float)
    out = csum.copy()
    out[window:] -= csum[:-window]
    return out


def dense_from_triples(
    n: int, rows: Sequence[int], keys: Sequence[int], counts: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bucket bounds, minutes × buckets matrix, its cumulative sum over time) from triples."""
    if not len(keys):
        empty = np.zeros((n, 0))
        return np.zeros(0), empty, empty
    bounds, col = np.unique(np.asarray(keys, dtype=np.int64), return_inverse=True)
    dense = np.zeros((n, bounds.size))
    np.add.at(dense, (np.asarray(rows, dtype=np.int64), col), np.asarray(counts, dtype=float))
    return bounds.astype(float), dense, np.cumsum(dense, axis=0)


def dense_histograms(histograms: Sequence[Mapping]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`dense_from_triples` for a list of sparse per-minute {bound: count} dicts."""
    rows, keys, counts = [], [], []
    for row, hist in enumerate(histograms):
        for k, c in hist.items():
            rows.append(row)
            keys.append(int(k))
            counts.append(c)
    return dense_from_triples(len(histograms), rows, keys, counts)


def rolling_request_series(
    counts: Sequence[int],
    errors_5xx: Sequence[int],
    auth_failures: Sequence[int],
    histograms: Sequence[Mapping] | tuple[np.ndarray, np.ndarray],
    window: int = 5,
    quantiles: Sequence[int] = (50, 95, 99),
) -> dict[str, np.ndarray]:
    """Trailing-window series; `histograms` may be sparse dicts or `dense_histograms` output."""
    n = len(counts)
    if not (len(errors_5xx) == len(auth_failures) == n):
        raise ValueError("all per-minute inputs must have the same length")
    if window < 1:
        raise ValueError("window must be at least one minute")
    bounds, dense, csum = (
        histograms if isinstance(histograms, tuple) else dense_histograms(histograms)
    )
    if dense.shape[0] != n:
        raise ValueError("all per-minute inputs must have the same length")
    count = _rolling(np.asarray(counts, dtype=float), window)
    err = _rolling(np.asarray(errors_5xx, dtype=float), window)
    auth = _rolling(np.asarray(auth_failures, dtype=float), window)
    out = {
        "count": count,
        "error_rate": np.divide(err, count, out=np.zeros(n), where=count > 0),
        "rps": count / (60.0 * np.minimum(np.arange(1, n + 1), window)),
        "auth_failures": auth,
    }
    if bounds.size == 0 or not quantiles:
        for q in quantiles:
            out[f"p{q}_ms"] = np.full(n, np.nan)
        return out
    cum = np.cumsum(_rolling(dense, window, csum), axis=1)
    totals = cum[:, -1]
    for q in quantiles:
        ranks = np.maximum(1, np.ceil(q / 100.0 * totals - 1e-9))
        idx = np.minimum((cum < ranks[:, None]).sum(axis=1), bounds.size - 1)
        out[f"p{q}_ms"] = np.where(totals > 0, bounds[idx], np.nan)
    return out
