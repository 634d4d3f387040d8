"""The per-process buffer behind the request-metrics middleware.

Counts accumulate in memory keyed by (minute, route, method) and are written to this process's
own `RequestMinute` rows (worker = host:pid). A forked child notices its new pid and starts
with an empty buffer, so nothing is counted twice. Analytics events for signed-in users are
buffered the same way, at most one per user, session, kind and minute.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from operations import conf
from operations.engines.stats import histogram_add

logger = logging.getLogger(__name__)


@dataclass
class _Agg:
    count: int = 0
    s2xx: int = 0
    s3xx: int = 0
    s4xx: int = 0
    s5xx: int = 0
    s401: int = 0
    s403: int = 0
    sum_ms: float = 0.0
    queries: int = 0
    max_ms: float = 0.0
    histogram: dict = field(default_factory=dict)

    def add(self, status: int, ms: float, queries: int = 0) -> None:
        self.count += 1
        self.queries += queries
        klass = status // 100
        if klass == 2:
            self.s2xx += 1
        elif klass == 3:
            self.s3xx += 1
        elif klass == 4:
            self.s4xx += 1
            if status == 401:
                self.s401 += 1
            elif status == 403:
                self.s403 += 1
        elif klass == 5:
            self.s5xx += 1
        self.sum_ms += ms
        self.max_ms = max(self.max_ms, ms)
        histogram_add(self.histogram, ms)


def _minute(ts: float) -> datetime:
    return datetime.fromtimestamp(ts - ts % 60, tz=UTC)


class Recorder:
    """Thread-safe per-process buffer with periodic flush to the database."""

    def __init__(self):
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.pid = os.getpid()
        self.worker = f"{socket.gethostname()}:{self.pid}"[:120]
        self.aggs: dict[tuple, _Agg] = {}
        self.events: dict[tuple, tuple] = {}
        self.last_flush = time.monotonic()

    @property
    def flush_seconds(self) -> float:
        return float(conf.get("OPERATIONS_METRICS_FLUSH_SECONDS"))

    def record(
        self,
        *,
        route: str,
        method: str,
        status: int,
        ms: float,
        user_id: int | None = None,
        session_key: str = "",
        path: str = "",
        at: float | None = None,
        queries: int = 0,
    ) -> None:
        now = time.time() if at is None else at
        minute = _minute(now)
        with self._lock:
            if os.getpid() != self.pid:
                self._reset()
            key = (minute, route, method)
            agg = self.aggs.get(key)
            if agg is None:
                agg = self.aggs[key] = _Agg()
            agg.add(status, ms, queries)
            if user_id is not None:
                kind = "api" if path.startswith("/api/") else "page"
                ekey = (user_id, session_key, kind, minute)
                if ekey not in self.events:
                    self.events[ekey] = (path[:255], datetime.fromtimestamp(now, tz=UTC))
            due = time.monotonic() - self.last_flush >= self.flush_seconds
        if due:
            self.flush()

    def take(self) -> tuple[dict, dict]:
        """Swap the buffers out (for flushing)."""
        with self._lock:
            if os.getpid() != self.pid:
                self._reset()
            aggs, events = self.aggs, self.events
            self.aggs, self.events = {}, {}
            self.last_flush = time.monotonic()
        return aggs, events

    def flush(self) -> int:
        """Write buffered counts to the database; returns rows touched. Never raises."""
        if not self._flush_lock.acquire(blocking=False):
            return 0
        try:
            aggs, events = self.take()
            if not aggs and not events:
                return 0
            from operations.services.metrics import request_minutes_write

            try:
                return request_minutes_write(worker=self.worker, aggs=aggs, events=events)
            except Exception:  # metrics must never break a request
                logger.exception("could not write request metrics")
                return 0
        finally:
            self._flush_lock.release()


recorder = Recorder()


@atexit.register
def _flush_at_exit() -> None:  # pragma: no cover - process shutdown
    with contextlib.suppress(Exception):  # the interpreter is going away
        recorder.flush()
