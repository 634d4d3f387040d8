"""Load: gunicorn with production settings on PostgreSQL, loopback only, 32 connections.

Drives every user-scoped list endpoint (discovered from the URL resolver), the emotions list,
a write (POST /api/v1/moods/), the HTML dashboard, and the floor — a bare Django view returning
the same JSON as the moods list from .values() + JsonResponse — interleaved in rounds so machine
noise hits all alike. Prints per endpoint requests/s (median of rounds), p50/p99 at 32
connections, p99/p50 at one connection, errors, each endpoint's ratio to the floor, the token
authentication cost, and gunicorn's memory in the first and last 10 s.

Bounded: at most LOAD_MAX_REQUESTS per phase and LOAD_PHASE_SECONDS each. Needs PostgreSQL
(DATABASE_URL or SERVICES_DATABASE_URL, default postgres://postgres@127.0.0.1:5432); without it,
prints `RESULT load: not run` and exits 0.
"""

from __future__ import annotations

import asyncio
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
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "3"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))


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
    await asyncio.gather(*(client() for _ in range(connections)))
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


def _targets(tokens: dict) -> dict[str, bytes]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.test")
    import django

    django.setup()
    from tests.hardening import discovery as d

    token = {"Authorization": f"Token {tokens['user']}"}
    session = {"Cookie": f"sessionid={tokens['user_session']}"}
    out = {
        "floor": _raw("GET", f"/__floor__/moods/{tokens['user_id']}/", {}),
        "floor+token": _raw("GET", "/__floor__/moods-token/", token),
        "moods list (session)": _raw("GET", "/api/v1/moods/", session),
    }
    owned = set(d.owned_models())
    probe = _seed_user()
    for route in d.api_routes():
        if not route.params and "get" in route.methods and d.route_model(route, probe) in owned:
            out[route.template] = _raw("GET", route.url(), token)
    out["/api/v1/emotions/"] = _raw("GET", "/api/v1/emotions/", token)
    body = json.dumps({"emotion": "calm", "intensity": 0.4, "note": "load"}).encode()
    out["POST /api/v1/moods/"] = _raw("POST", "/api/v1/moods/", token, body)
    out["dashboard / (HTML)"] = _raw("GET", "/", session)
    return out


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
        extra_env={"HH_SITE_FILLER": "0"},
    ) as site:
        targets = _targets(site.tokens)
        print(
            f"# gunicorn 2 workers x 8 threads (gthread), production settings, PostgreSQL, "
            f"{CONNECTIONS} connections, {ROUNDS} rounds x {PHASE_SECONDS:.0f} s per endpoint"
        )
        memory = _Memory(site)
        memory.thread.start()
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        for raw in targets.values():  # warm-up
            asyncio.run(_phase(site.port, raw, 4, 0.3))
        for _ in range(ROUNDS):
            for name, raw in targets.items():
                runs[name].append(asyncio.run(_phase(site.port, raw, CONNECTIONS, PHASE_SECONDS)))
        single = {n: asyncio.run(_phase(site.port, r, 1, 1.0)) for n, r in targets.items()}
        memory.stop.set()
        memory.thread.join()
    floor = statistics.median(r["rps"] for r in runs["floor"])
    print(
        f"{'endpoint':44} {'req/s':>8} {'ratio':>6} {'p50ms':>7} {'p99ms':>7} "
        f"{'1c p99/p50':>10} {'errors':>6}"
    )
    total_errors = 0
    for name, rs in runs.items():
        rps = statistics.median(r["rps"] for r in rs)
        errors = sum(r["errors"] for r in rs)
        total_errors += errors
        p50, p99 = statistics.median(r["p50"] for r in rs), statistics.median(r["p99"] for r in rs)
        one = single[name]
        tail = one["p99"] / one["p50"] if one["p50"] else 0.0
        print(
            f"{name:44} {rps:8.0f} {rps / floor:6.2f} {p50:7.1f} {p99:7.1f} {tail:10.2f} "
            f"{errors:6d}"
        )
        slug = name.strip("/").replace("/", "_").replace(" ", "_") or "root"
        print(f"RESULT load {slug}: {rps:.4g} req/s (ratio {rps / floor:.2f} vs bare view)")
    token_cost = 1 - statistics.median(r["rps"] for r in runs["floor+token"]) / floor
    first, last = memory.window(True), memory.window(False)
    print(f"RESULT load token auth cost: {token_cost * 100:.1f} % (floor with vs without token)")
    print(f"RESULT load errors: {total_errors} requests")
    print(
        f"RESULT load memory: {first:.0f} MiB first 10 s, {last:.0f} MiB last 10 s "
        f"(ratio {last / first:.2f} vs first 10 s)"
    )


if __name__ == "__main__":
    main()
