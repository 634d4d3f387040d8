"""The fault-injection rig: its own PostgreSQL, two Redis servers (cache, broker), a Celery worker
and gunicorn, each on a free loopback port, each stopped and restarted by the experiments.

PostgreSQL refuses to run as root, so initdb/pg_ctl run as the `postgres` user (runuser) in a
temporary directory it owns. Nothing here touches the shared servers on 5432/6379.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.hardening.server import PY, ROOT, free_port


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def prerequisites() -> str | None:
    """Why the rig cannot run here, or None."""
    if shutil.which("redis-server") is None:
        return "redis-server not installed"
    if _pg_bin() is None:
        return "PostgreSQL server binaries not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


class Redis:
    """One redis-server, no persistence (a restart loses every queued message, as in prod)."""

    def __init__(self, tmp: Path, name: str):
        self.port, self.tmp, self.name = free_port(), tmp, name
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_port(self.port, 15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


class Postgres:
    """A throwaway cluster owned by `postgres`, listening on a free port."""

    def __init__(self, tmp: Path):
        self.port, self.bin = free_port(), _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="hh-faults-pg-"))
        self.data = self.dir / "data"
        shutil.chown(self.dir, "postgres", "postgres") if os.geteuid() == 0 else None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        self._run(f"{self.bin}/initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            f"{self.bin}/pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            opts,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(
            f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False
        )

    def destroy(self) -> None:
        self._run(
            f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False
        )
        shutil.rmtree(self.dir, ignore_errors=True)


def _wait_port(port: int, timeout: float) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")


class Worker:
    """`celery worker` with the project's app and settings (restarted as systemd would)."""

    def __init__(self, env: dict, tmp: Path):
        self.env, self.tmp = env, tmp
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.tmp / f"worker-{self.starts}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                PY,
                "-m",
                "celery",
                "-A",
                "harmonyhub_site",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ensure(self) -> bool:
        """Restart a dead worker (Restart=always); True if it had died."""
        if self.alive():
            return False
        self.start()
        return True

    def kill(self) -> None:
        """SIGKILL the whole worker (no warm shutdown, nothing acked or handed back)."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(15)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@dataclass
class Tally:
    """Requests of one experiment: statuses by kind, and what the writes created."""

    name: str
    statuses: dict[str, Counter] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    recover_s: float | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, status: int) -> None:
        self.statuses.setdefault(kind, Counter())[status] += 1

    def count(self, kind: str | None = None, *, low: int = 0, high: int = 999) -> int:
        kinds = [kind] if kind else list(self.statuses)
        return sum(
            n for k in kinds for s, n in self.statuses.get(k, {}).items() if low <= s <= high
        )

    def line(self) -> str:
        total = sum(sum(c.values()) for c in self.statuses.values())
        by = {k: dict(sorted(c.items())) for k, c in self.statuses.items()}
        rec = "n/a" if self.recover_s is None else f"{self.recover_s:.1f}"
        return (
            f"{self.name}: {total} requests; by kind and status {json.dumps(by)}; "
            f"writes kept {len(self.created)}; recovered in {rec} s; {'; '.join(self.notes)}"
        )


def request(
    base: str,
    path: str,
    *,
    token: str | None = None,
    method: str = "GET",
    body: dict | None = None,
    cookie: str | None = None,
    timeout: float = 15.0,
):
    """(status, headers, parsed JSON or text); never raises for an HTTP status."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Token {token}")
    if cookie:
        req.add_header("Cookie", cookie)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw, status, headers = resp.read(), resp.status, resp.headers
    except urllib.error.HTTPError as exc:
        raw, status, headers = exc.read(), exc.code, exc.headers
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, {}, None
    try:
        return status, headers, json.loads(raw)
    except ValueError:
        return status, headers, raw.decode(errors="replace")
