"""Evaluating 50 alert rules over 24 hours of per-minute aggregates (goal: under 1 s).

Subject: operations.services.rules.rules_backtest — load 24 h of RequestMinute rows from the
database, build vectorised rolling-window series (numpy) and run the Prometheus state machine
for 50 rules minute by minute (72,000 rule steps). Baseline, same run: the same rules with the
window statistics computed the straightforward way (merge the window's histogram dicts and take
nearest-rank percentiles per minute in Python).
"""

import sys
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from harness import ROOT, django_setup, result

sys.path.insert(0, str(ROOT))
START = datetime(2025, 5, 1, tzinfo=UTC)
METRICS = [
    "http.p95_ms",
    "http.p99_ms",
    "http.p50_ms",
    "http.error_rate",
    "http.rps",
    "http.auth_failures",
]


def _seed():
    from operations.engines.stats import histogram_add
    from operations.models import RequestMinute

    rng = np.random.default_rng(7)
    rows = []
    for i in range(1440):
        minute = START + timedelta(minutes=i)
        for r in range(5):
            lat = rng.lognormal(np.log(80 + (400 if 600 < i < 660 else 0)), 0.7, size=20)
            hist = {}
            for ms in lat:
                histogram_add(hist, float(ms))
            errors = int(rng.binomial(20, 0.3 if 900 < i < 940 else 0.01))
            rows.append(
                RequestMinute(
                    minute=minute,
                    route=f"r{r}/",
                    method="GET",
                    worker="b:1",
                    count=20,
                    s5xx=errors,
                    s2xx=20 - errors,
                    sum_ms=float(lat.sum()),
                    max_ms=float(lat.max()),
                    histogram=hist,
                )
            )
    RequestMinute.objects.bulk_create(rows, batch_size=2000)


def _rules():
    from operations.models import AlertRule

    rules = []
    for i in range(50):
        metric = METRICS[i % len(METRICS)]
        threshold = {
            "http.error_rate": 0.05 + 0.01 * (i % 5),
            "http.rps": 1.5,
            "http.auth_failures": 10,
        }.get(metric, 150.0 + 50 * (i % 7))
        rules.append(
            AlertRule(
                name=f"r{i}",
                alert_name=f"A{i}",
                metric=metric,
                window_minutes=(1, 5, 15)[i % 3],
                comparator=">",
                threshold=threshold,
                for_seconds=60 * (i % 6),
                keep_firing_for_seconds=60 * (i % 3),
            )
        )
    return rules


def _naive(rules, arrays):
    from operations.engines import alerting, stats

    out = {}
    n = len(arrays["counts"])
    for rule in rules:
        key = rule.metric.split(".", 1)[1]
        w = rule.window_minutes
        samples = []
        for i in range(n):
            lo = max(0, i - w + 1)
            count = float(arrays["counts"][lo : i + 1].sum())
            if key in ("p50_ms", "p95_ms", "p99_ms"):
                merged = stats.histogram_merge(arrays["hists"][lo : i + 1])
                value = stats.percentiles_from_histogram(merged, (int(key[1:3]),))[int(key[1:3])]
            elif key == "error_rate":
                value = float(arrays["errors"][lo : i + 1].sum()) / count if count else 0.0
            elif key == "rps":
                value = count / (60.0 * (i + 1 - lo))
            else:
                value = float(arrays["auth"][lo : i + 1].sum())
            samples.append((i * 60.0, value))
        spec = alerting.RuleSpec(
            rule.comparator, rule.threshold, rule.for_seconds, rule.keep_firing_for_seconds
        )
        out[rule.name] = [t for t in alerting.rule_run(spec, samples) if t[2]]
    return out


def _hists(arrays):
    """Back to per-minute sparse dicts, the form the straightforward method works on."""
    bounds, dense, _ = arrays["dense"]
    return [{str(int(bounds[j])): float(row[j]) for j in np.flatnonzero(row)} for row in dense]


def main() -> None:
    django_setup()
    from operations.services.rules import minute_arrays, rules_backtest

    _seed()
    rules = _rules()
    end = START + timedelta(hours=24)
    rules_backtest(rules=rules, start=START, end=end)  # warm up
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        got = rules_backtest(rules=rules, start=START, end=end)
        times.append(time.perf_counter() - t0)
    subject = float(np.median(times))
    arrays = minute_arrays(start=START, end=end)
    arrays["hists"] = _hists(arrays)
    t0 = time.perf_counter()
    naive = _naive(rules, arrays)
    baseline = time.perf_counter() - t0
    same = all(len(naive[r.name]) == len(got[r.name]) for r in rules)
    transitions = sum(len(v) for v in got.values())
    print(f"transitions found: {transitions}; identical to the straightforward method: {same}")
    if not same:
        raise SystemExit("vectorised and straightforward evaluation disagree")
    result(
        "operations_50_rules_24h",
        subject,
        "s (goal < 1)",
        ratio=subject / baseline,
        baseline="per-minute Python merge",
    )


if __name__ == "__main__":
    main()
