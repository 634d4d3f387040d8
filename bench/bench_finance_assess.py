"""assess_emotional_risk_profile with a 10,000-path, 30-year monthly outcome simulation.

Subject: the full service call (validation, scoring, allocation search, simulation, the stored
row) for a 30-year horizon. Baseline, in the same run: the same 10,000 x 360 simulation done
the textbook way, three correlated assets drawn every month and the mix rebalanced monthly
(what the engine replaces with the exact GBM of a continuously rebalanced mix).
Goal: an assessment in under 300 ms.
"""

import statistics
import time

import numpy as np
from harness import django_setup, result

PATHS, YEARS = 10_000, 30


def _baseline(weights, seed):
    from domains.finance.engines.outcomes import ASSUMPTIONS

    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(ASSUMPTIONS.covariance() / 12.0)
    drift = (np.array(ASSUMPTIONS.mean) - 0.5 * np.array(ASSUMPTIONS.vol) ** 2) / 12.0
    w = np.asarray(weights)
    wealth = np.full(PATHS, 100.0)
    peak = wealth.copy()
    max_dd = np.zeros(PATHS)
    for _ in range(YEARS * 12):
        growth = np.exp(drift + rng.standard_normal((PATHS, 3)) @ chol.T) @ w
        wealth *= growth
        np.maximum(peak, wealth, out=peak)
        np.maximum(max_dd, 1.0 - wealth / peak, out=max_dd)
    return np.percentile(wealth, [10, 50, 90]), max_dd


def main() -> None:
    django_setup()
    from django.contrib.auth import get_user_model

    from domains.finance.services import assess_emotional_risk_profile

    get_user_model().objects.create_user("bench", password="!")  # noqa: S106
    requests = [
        {
            "user_id": "bench",
            "emotional_tolerance": tol,
            "financial_anxiety_level": anx,
            "horizon_years": YEARS,
            "emergency_fund_months": 6,
            "seed": seed,
        }
        for seed, (tol, anx) in enumerate(
            [(t, a) for t in ("low", "moderate", "high", 35, 80) for a in (1, 4, 7, 9)]
        )
    ]
    assess_emotional_risk_profile(requests[0])  # warm-up: imports, first queries
    times, last = [], None
    for req in requests:
        t0 = time.perf_counter()
        last = assess_emotional_risk_profile(req)
        times.append(time.perf_counter() - t0)
    assert last["outcomes"]["paths"] == PATHS and len(last["outcomes"]["fan"]) == YEARS
    base_times = []
    for seed in range(5):
        t0 = time.perf_counter()
        _baseline([0.6, 0.35, 0.05], seed)
        base_times.append(time.perf_counter() - t0)
    median, base = statistics.median(times), statistics.median(base_times)
    result(
        "finance_assessment_median",
        1000 * median,
        "ms",
        median / base,
        "3-asset monthly-rebalanced simulation alone; goal < 300 ms",
    )
    result("finance_assessment_max", 1000 * max(times), "ms")
    result("finance_baseline_simulation_median", 1000 * base, "ms")


if __name__ == "__main__":
    main()
