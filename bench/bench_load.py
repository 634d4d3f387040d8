"""Load: gunicorn with production settings on PostgreSQL, loopback only, 32 connections.

Drives every user-scoped list endpoint (discovered from the URL resolver; the user holds 30 rows
of every owned model and 200 mood entries, so every list serves full pages), the emotions list,
a write (POST /api/v1/moods/), the HTML dashboard, and one floor per list: a bare Django view
returning the same rows (page 1 and the count) from .values() + JsonResponse. Everything is
interleaved in rounds so machine noise hits all alike. Prints per endpoint requests/s (median of
rounds), p50/p99 at 32 connections, p99/p50 at one connection (median of the rounds), errors,
the ratio to its own floor (the median over rounds of the ratio within each round), the token
authentication cost (the moods floor with and without a token lookup), and gunicorn's memory
in the first and last 10 s (after a warm-up round), both under the same mixed traffic.

Bounded: at most LOAD_MAX_REQUESTS per phase and LOAD_PHASE_SECONDS each. Needs PostgreSQL
(DATABASE_URL or SERVICES_DATABASE_URL, default postgres://postgres@127.0.0.1:5432); without it,
prints `RESULT load: not run` and exits 0.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "32"))
PHASE_SECONDS = float(os.environ.get("LOAD_PHASE_SECONDS", "1.5"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "5"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))
SINGLE_SECONDS = float(os.environ.get("LOAD_SINGLE_SECONDS", "2"))
TOKEN_PAIRS = int(os.environ.get("LOAD_TOKEN_PAIRS", "15"))


async def _request(reader, writer, raw: bytes) -> int:
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


def _raw(method: str, path: str, headers: dict, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _phase(port: int, raw: bytes, connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client():
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                t0 = time.perf_counter()
                try:
                    status = await _request(reader, writer, raw)
                except (asyncio.IncompleteReadError, ConnectionError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t0)
                errors += status >= 400
        finally:
            writer.close()

    started = time.perf_counter()
    gc.disable()  # the client's own collections would show up as server latency
    try:
        await asyncio.gather(*(client() for _ in range(connections)))
    finally:
        gc.enable()
    elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    return {
        "rps": n / elapsed,
        "p50": latencies[n // 2] * 1000 if n else 0.0,
        "p99": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0,
        "n": n,
        "errors": errors,
    }


async def _mixed(port: int, raws: list[bytes], connections: int, seconds: float) -> int:
    """Every request kind in turn on each connection; returns the number of errors."""
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(offset: int):
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = offset
        try:
            while time.perf_counter() < deadline:
                errors += await _request(reader, writer, raws[i % len(raws)]) >= 400
                i += 1
        finally:
            writer.close()

    await asyncio.gather(*(client(c) for c in range(connections)))
    return errors


def _targets(tokens: dict) -> tuple[dict[str, bytes], dict[str, str]]:
    """The requests to drive, and for each the floor it is compared with."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.test")
    import django

    django.setup()
    from tests.hardening import discovery as d

    uid = tokens["user_id"]
    token = {"Authorization": f"Token {tokens['user']}"}
    session = {"Cookie": f"sessionid={tokens['user_session']}"}
    moods_floor = "floor moods.MoodEntry"
    out = {
        moods_floor: _raw("GET", f"/__floor__/moods.MoodEntry/{uid}/", {}),
        "floor+token": _raw("GET", "/__floor__/moods-token/", token),
        "moods list (session)": _raw("GET", "/api/v1/moods/", session),
    }
    floors = {moods_floor: moods_floor, "floor+token": moods_floor}
    floors["moods list (session)"] = moods_floor
    owned = set(d.owned_models())
    probe = _seed_user()
    for route in d.api_routes():
        model = d.route_model(route, probe)
        if route.params or "get" not in route.methods or model not in owned:
            continue
        label = model._meta.label
        floor = f"floor {label}"
        if floor not in out:
            out[floor] = _raw("GET", f"/__floor__/{label}/{uid}/", {})
            floors[floor] = floor
        out[route.template] = _raw("GET", route.url(), token)
        floors[route.template] = floor
    out["/api/v1/emotions/"] = _raw("GET", "/api/v1/emotions/", token)
    body = json.dumps({"emotion": "calm", "intensity": 0.4, "note": "load"}).encode()
    out["POST /api/v1/moods/"] = _raw("POST", "/api/v1/moods/", token, body)
    out["dashboard / (HTML)"] = _raw("GET", "/", session)
    for name in out:
        floors.setdefault(name, moods_floor)
    return out, floors


def _seed_user():
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=10**9, username="probe")  # unsaved: only scopes querysets


class _Memory:
    """Samples gunicorn's total RSS every 0.5 s."""

    def __init__(self, site):
        self.site, self.samples, self.stop = site, [], threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.samples.append((time.perf_counter(), self.site.rss_mb()))
            time.sleep(0.5)

    def window(self, first: bool) -> float:
        t0, t1 = self.samples[0][0], self.samples[-1][0]
        keep = [m for t, m in self.samples if (t - t0 <= 10 if first else t1 - t <= 10)]
        return statistics.median(keep)


def main() -> None:
    from tests.hardening.server import Site, postgres_admin_url

    try:
        import psycopg

        with psycopg.connect(
            postgres_admin_url().rsplit("/", 1)[0] + "/postgres", connect_timeout=3
        ):
            pass
    except Exception as exc:  # noqa: BLE001
        print(f"RESULT load: not run (no PostgreSQL: {exc.__class__.__name__})")
        return
    with Site(
        database="postgres",
        settings="scripts.load_settings",
        workers=2,
        threads=8,
        extra_env={"HH_SITE_FILLER": "30"},
    ) as site:
        targets, floors = _targets(site.tokens)
        print(
            f"# gunicorn 2 workers x 8 threads (gthread), production settings, PostgreSQL, "
            f"{CONNECTIONS} connections, {ROUNDS} rounds x {PHASE_SECONDS:.0f} s per endpoint"
        )
        for raw in targets.values():  # warm-up: imports, caches and connections, not measured
            asyncio.run(_phase(site.port, raw, CONNECTIONS, 0.5))
        memory = _Memory(site)
        memory.thread.start()
        # The first and the last 10 s carry the same traffic (every endpoint, round robin), so
        # their memory compares like with like; the measured rounds run in between.
        mixed_errors = asyncio.run(_mixed(site.port, list(targets.values()), CONNECTIONS, 10.0))
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        for _ in range(ROUNDS):
            for name, raw in targets.items():
                runs[name].append(asyncio.run(_phase(site.port, raw, CONNECTIONS, PHASE_SECONDS)))
        # The sampler's psutil calls hold the client's GIL for milliseconds: stop it before the
        # one-connection phases, whose tail latency is what they measure.
        # Token authentication's price is one small query: too small a difference for five
        # rounds to settle, so the two floors alternate in many short pairs as well.
        token_pairs = [
            asyncio.run(_phase(site.port, targets["floor+token"], CONNECTIONS, 1.0))["rps"]
            / asyncio.run(_phase(site.port, targets["floor moods.MoodEntry"], CONNECTIONS, 1.0))[
                "rps"
            ]
            for _ in range(TOKEN_PAIRS)
        ]
        mixed_errors += asyncio.run(_mixed(site.port, list(targets.values()), CONNECTIONS, 10.0))
        memory.stop.set()
        memory.thread.join()
        single: dict[str, list[dict]] = {name: [] for name in targets}
        for _ in range(ROUNDS):
            for name, raw in targets.items():
                single[name].append(asyncio.run(_phase(site.port, raw, 1, SINGLE_SECONDS)))
    rps = {name: statistics.median(r["rps"] for r in rs) for name, rs in runs.items()}
    # Each round's ratio pairs an endpoint with its floor measured in the same round (seconds
    # apart), so drift between rounds cancels; the report gives the median of those ratios.
    ratio = {
        name: statistics.median(
            r["rps"] / f["rps"] for r, f in zip(rs, runs[floors[name]], strict=True)
        )
        for name, rs in runs.items()
    }
    print(
        f"{'endpoint':44} {'req/s':>8} {'ratio':>6} {'p50ms':>7} {'p99ms':>7} "
        f"{'1c p99/p50':>10} {'errors':>6}  floor"
    )
    total_errors = mixed_errors
    for name, rs in runs.items():
        errors = sum(r["errors"] for r in rs)
        total_errors += errors
        p50, p99 = statistics.median(r["p50"] for r in rs), statistics.median(r["p99"] for r in rs)
        tail = statistics.median(o["p99"] / o["p50"] for o in single[name] if o["p50"])
        print(
            f"{name:44} {rps[name]:8.0f} {ratio[name]:6.2f} {p50:7.1f} {p99:7.1f} "
            f"{tail:10.2f} {errors:6d}  {floors[name].removeprefix('floor ')}"
        )
        slug = name.strip("/").replace("/", "_").replace(" ", "_") or "root"
        print(
            f"RESULT load {slug}: {rps[name]:.4g} req/s (ratio {ratio[name]:.2f} vs bare "
            f"view of the same rows; 1-connection p99/p50 {tail:.2f})"
        )
    per_round = [
        r["rps"] / f["rps"]
        for r, f in zip(runs["floor+token"], runs["floor moods.MoodEntry"], strict=True)
    ]
    token_cost = 1 - statistics.median(per_round + token_pairs)
    first, last = memory.window(True), memory.window(False)
    print(
        f"RESULT load token auth cost: {token_cost * 100:.1f} % (floor with vs without token, "
        f"median of {len(per_round) + TOKEN_PAIRS} interleaved pairs)"
    )
    print(f"RESULT load errors: {total_errors} requests")
    print(
        f"RESULT load memory: {first:.0f} MiB first 10 s, {last:.0f} MiB last 10 s, same mixed "
        f"traffic (ratio {last / first:.2f} vs first 10 s)"
    )


if __name__ == "__main__":
    main()
