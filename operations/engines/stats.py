"""Latency histograms and nearest-rank percentiles (pure; stdlib + numpy).

Latencies are milliseconds. A sparse histogram maps a bucket's *upper bound* (integer ms) to
a count. Buckets are 1 ms wide up to 1 s, 10 ms up to 10 s, 100 ms up to 100 s, then 1 s — so
integer-millisecond latencies under a second are exact and the relative error elsewhere stays
under 1 %, while a busy minute still needs only a few hundred keys.

Percentiles use the nearest-rank definition: the p-th percentile of n ordered values is the
value at rank ceil(p/100 · n) (1-based); p50 of 1…1000 is 500, p95 is 950, p99 is 990.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

ENGINE_VERSION = "stats-1.0"


def bucket_ms(ms: float) -> int:
    """Upper bound (ms) of the bucket holding a latency of `ms` milliseconds."""
    if ms <= 1:
        return 1
    if ms <= 1000:
        return math.ceil(ms)
    if ms <= 10_000:
        return math.ceil(ms / 10) * 10
    if ms <= 100_000:
        return math.ceil(ms / 100) * 100
    return math.ceil(ms / 1000) * 1000


def histogram_add(hist: dict, ms: float, count: int = 1) -> None:
    """Add `count` observations of `ms` to a sparse histogram in place (keys are str)."""
    key = str(bucket_ms(ms))
    hist[key] = hist.get(key, 0) + count


def histogram_merge(hists: Iterable[Mapping]) -> dict[int, int]:
    """Sum sparse histograms into {upper bound ms: count} with int keys."""
    out: dict[int, int] = {}
    for hist in hists:
        for key, count in hist.items():
            k = int(key)
            out[k] = out.get(k, 0) + int(count)
    return out


def nearest_rank(n: int, p: float) -> int:
    """1-based nearest rank of the p-th percentile among n values (n ≥ 1)."""
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    return max(1, math.ceil(p / 100.0 * n - 1e-9))


def percentiles_from_histogram(hist: Mapping, ps: Iterable[float]) -> dict[float, float | None]:
    """Nearest-rank percentiles of a sparse histogram; None for every p when it is empty."""
    merged = histogram_merge([hist])
    total = sum(merged.values())
    ps = list(ps)
    if total == 0:
        return dict.fromkeys(ps)
    bounds = np.array(sorted(merged), dtype=float)
    cumulative = np.cumsum([merged[int(b)] for b in bounds])
    out = {}
    for p in ps:
        rank = nearest_rank(int(total), p)
        idx = int(np.searchsorted(cumulative, rank, side="left"))
        out[p] = float(bounds[idx])
    return out


def percentiles(values: Iterable[float], ps: Iterable[float]) -> dict[float, float | None]:
    """Nearest-rank percentiles of raw values."""
    arr = np.sort(np.asarray(list(values), dtype=float))
    ps = list(ps)
    if arr.size == 0:
        return dict.fromkeys(ps)
    return {p: float(arr[nearest_rank(arr.size, p) - 1]) for p in ps}


def rate(part: int, whole: int) -> float:
    """part / whole as a fraction, 0 when whole is 0."""
    return part / whole if whole else 0.0
