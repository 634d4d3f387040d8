"""Monte Carlo: 10,000 paths x 60 months x 50 components with a common factor, against the
floor of drawing the same number of standard normals alone (same chunking, same run)."""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valuation.engines.monte_carlo import PortfolioGBM, simulate_portfolio  # noqa: E402

PATHS, MONTHS, COMPONENTS, CHUNK = 10_000, 60, 50, 64


def floor(seed: int) -> None:
    """Draw exactly the normals the simulation draws (idiosyncratic + common), chunk by chunk."""
    starts = range(0, PATHS, CHUNK)
    for ss in np.random.SeedSequence(seed).spawn(len(starts)):
        rng = np.random.Generator(np.random.PCG64(ss))
        rng.standard_normal((CHUNK, MONTHS // 12, 12, COMPONENTS))
        rng.standard_normal((CHUNK, MONTHS // 12, 12))


def main() -> None:
    rng = np.random.default_rng(0)
    p = PortfolioGBM(
        rng.lognormal(15, 1, COMPONENTS),
        rng.uniform(0, 0.2, COMPONENTS),
        rng.uniform(0.1, 0.5, COMPONENTS),
        rng.uniform(0.2, 0.8, COMPONENTS),
    )
    sim, base = [], []
    for i in range(5):
        t0 = time.perf_counter()
        floor(i)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        out = simulate_portfolio(p, months=MONTHS, n_paths=PATHS, seed=i, chunk=CHUNK)
        sim.append(time.perf_counter() - t0)
    tracemalloc.start()
    simulate_portfolio(p, months=MONTHS, n_paths=PATHS, seed=0, chunk=CHUNK)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    t0 = time.perf_counter()
    simulate_portfolio(p, months=MONTHS, n_paths=PATHS, seed=0, chunk=CHUNK, workers=2)
    t2 = time.perf_counter() - t0
    ratios = [s / b for s, b in zip(sim, base, strict=True)]
    s, b = float(np.median(sim)), float(np.median(base))
    q = np.percentile(out["portfolio"][:, -1], [10, 50, 90])
    print(
        f"normals drawn {PATHS * MONTHS * (COMPONENTS + 1):,}; year-5 P10/P50/P90 "
        f"{q[0]:,.0f} / {q[1]:,.0f} / {q[2]:,.0f}"
    )
    print(
        f"RESULT valuation_mc_10k_paths_60m_50c: {s:.3f} s "
        f"(ratio {float(np.median(ratios)):.2f} vs rng-only floor {b:.3f} s)"
    )
    print(f"RESULT valuation_mc_peak_memory: {peak:.1f} MB (ratio {peak / 500:.3f} vs 500 MB cap)")
    print(f"RESULT valuation_mc_two_threads: {t2:.3f} s (ratio {s / t2:.2f} vs one thread)")


if __name__ == "__main__":
    main()
