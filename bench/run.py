"""Run every bench/bench_*.py (or those named on the command line) and collect their RESULT lines.

Each benchmark measures its subject and its baseline in the same run and prints
`RESULT <name>: <value> <unit> (ratio <x> vs <baseline>)`. Results also go to bench/results/.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(a in s.name for a in argv)]
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    summary, failed = [], []
    for script in scripts:
        print(f"\n### {script.name}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(script)],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            timeout=900,
        )
        elapsed = time.perf_counter() - started
        print(proc.stdout, end="")
        (results_dir / f"{script.stem}.txt").write_text(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            failed.append(script.name)
            print(proc.stderr[-2000:], file=sys.stderr)
        summary += [line for line in proc.stdout.splitlines() if line.startswith("RESULT")]
        print(f"({elapsed:.1f} s)")
    print("\n=== summary ===")
    print("\n".join(summary) or "no results")
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
