"""Shared helpers for benchmarks: a throwaway database and paired timing.

`django_setup()` points Django at a fresh SQLite file in a temp folder (never the dev database),
migrates it and returns. `paired(a, b, rounds, repeat)` times two callables alternately so that
machine noise hits both alike, and returns per-round medians and the median ratio.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(settings_module: str = "harmonyhub_site.settings.test") -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="hh-bench-"))
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["HARMONYHUB_VAR_DIR"] = str(tmp)
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return tmp


def paired(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int = 7,
    repeat: int = 50,
) -> dict:
    """Seconds per call for subject and baseline (median of rounds), and their ratio."""
    for fn in (subject, baseline):
        for _ in range(max(3, repeat // 10)):
            fn()  # warm caches and lazy imports
    s_times, b_times, ratios = [], [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(repeat):
            baseline()
        b = (time.perf_counter() - t0) / repeat
        t0 = time.perf_counter()
        for _ in range(repeat):
            subject()
        s = (time.perf_counter() - t0) / repeat
        s_times.append(s)
        b_times.append(b)
        ratios.append(s / b)
    return {
        "subject_s": statistics.median(s_times),
        "baseline_s": statistics.median(b_times),
        "ratio": statistics.median(ratios),
    }


def result(
    name: str, value: float, unit: str, ratio: float | None = None, baseline: str = ""
) -> None:
    tail = f" (ratio {ratio:.2f} vs {baseline})" if ratio is not None else ""
    print(f"RESULT {name}: {value:.4g} {unit}{tail}", flush=True)
