"""Schema fuzzing: schemathesis against a throwaway HarmonyHub on loopback.

    python -m tests.hardening.fuzz                 # CI: short run, fixed seed, SQLite
    python -m tests.hardening.fuzz --nightly       # longer: 100 examples per operation, seed = date
    python -m tests.hardening.fuzz --database postgres

Authenticated with a seeded staff user's token so every operation reaches its validation and
its service (an ordinary user would only meet 403s on staff operations). Every operation in the
schema is run. Exits non-zero on any server error, schema violation or content-type violation,
and prints one `FUZZ` summary line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.hardening.server import Site

ROOT = Path(__file__).resolve().parents[2]
# Failures already routed to their owners (each listed in the hardening report); a failure that
# is not in it fails the run, and `--update-baseline` is for accepting a reviewed one.
BASELINE = Path(__file__).with_name("fuzz-baseline.json")
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nightly", action="store_true")
    parser.add_argument("--examples", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--checks", default=CHECKS)
    parser.add_argument("--report-dir", default=str(ROOT / "var" / "fuzz"))
    parser.add_argument(
        "--update-baseline", action="store_true", help="accept this run's failures (review!)"
    )
    args = parser.parse_args(argv)
    examples = args.examples or (100 if args.nightly else 8)
    seed = (
        args.seed
        if args.seed is not None
        else (int(dt.date.today().strftime("%Y%m%d")) if args.nightly else 20261125)
    )
    report = Path(args.report_dir)
    report.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with Site(database=args.database, workers=2, threads=4) as site:
        cmd = [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{site.base_url}/api/schema/",
            "--checks",
            args.checks,
            "--max-examples",
            str(examples),
            "--seed",
            str(seed),
            "--workers",
            "2",
            "--phases",
            "examples,coverage,fuzzing" if args.nightly else "examples,fuzzing",
            "-H",
            f"Authorization: Token {site.tokens['staff']}",
            "--report",
            "junit",
            "--report-dir",
            str(report),
            "--suppress-health-check",
            "all",
            "--warnings",
            "off",
        ]
        if BASELINE.exists() or args.update_baseline:
            cmd += ["--baseline", str(BASELINE)]
        if args.update_baseline:
            cmd.append("--baseline-update")
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        output = run.stdout + run.stderr
        (report / "schemathesis.txt").write_text(output)
        if run.returncode != 0:
            print(output[-20000:])
            print(f"--- server log ---\n{(site.tmp / 'gunicorn.log').read_text()[-5000:]}")
    cases = _number(r"(\d+) generated", output)
    ops = _number(r"(\d+) (?:tested|selected)", output)
    verdict = "ok" if run.returncode == 0 else "FAILED"
    print(
        f"FUZZ {verdict}: {ops} operations, {cases} cases, seed {seed}, {examples} examples/op, "
        f"{time.monotonic() - started:.0f} s (report in {report})"
    )
    return run.returncode


def _number(pattern: str, text: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


if __name__ == "__main__":
    raise SystemExit(main())
