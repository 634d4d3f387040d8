"""Request-metrics middleware overhead: requests per second with and without it, same run.

Subject: the full Django stack serving GET /accounts/login/ (a light public page) with
operations.middleware.RequestMetricsMiddleware in MIDDLEWARE (as in settings), flushing to the
database every 5 s as in production. Baseline: the same stack without the middleware, requests
alternating. Goal: < 5 % cost.
"""

import statistics
import sys
import time

from harness import ROOT, django_setup, result

sys.path.insert(0, str(ROOT))
N = 3000


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from operations.models import RequestMinute
    from operations.recorder import recorder

    path = "/accounts/login/"
    with_mw = list(settings.MIDDLEWARE)
    base_mw = [m for m in with_mw if m != "operations.middleware.RequestMetricsMiddleware"]
    clients = {}
    for name, chain in (("with", with_mw), ("without", base_mw)):
        with override_settings(MIDDLEWARE=chain, OPERATIONS_METRICS_FLUSH_SECONDS=5):
            client = Client()
            assert client.get(path).status_code == 200
            clients[name] = client
    # Alternate single requests so drift and noise hit both alike; compare medians.
    times = {"with": [], "without": []}
    for i in range(N):
        order = ("with", "without") if i % 2 else ("without", "with")
        for name in order:
            t0 = time.perf_counter()
            clients[name].get(path)
            times[name].append(time.perf_counter() - t0)
    recorder.flush()
    recorded = sum(RequestMinute.objects.values_list("count", flat=True))
    med = {k: statistics.median(v) for k, v in times.items()}
    mean = {k: statistics.fmean(v) for k, v in times.items()}
    rps_with, rps_without = 1 / med["with"], 1 / med["without"]
    cost = (med["with"] - med["without"]) / med["without"] * 100
    mean_cost = (mean["with"] - mean["without"]) / mean["without"] * 100
    out = {"ratio": med["with"] / med["without"]}
    print(f"requests recorded by the middleware: {recorded} (flushes included in the timing)")
    print(f"cost on mean latency (includes every flush): {mean_cost:.2f} %")
    result("operations_rps_without_middleware", rps_without, "req/s")
    result(
        "operations_rps_with_middleware",
        rps_with,
        "req/s",
        ratio=out["ratio"],
        baseline="without middleware",
    )
    result("operations_middleware_cost", cost, "% (goal < 5)")


if __name__ == "__main__":
    main()
