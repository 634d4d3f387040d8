"""Degrade, don't fail: what a request does when the cache (rate-limit store) is down.

Rate limits protect the site; they are not what it is for. When their store cannot be reached,
the request is let through, the failure is logged (one WARNING per minute per place, so an
outage does not flood the log) and counted per process; the scheduled health check's cache
check raises the "DependencyDegraded" alert after consecutive failures.
"""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("harmonyhub.degraded")

_lock = threading.Lock()
_counts: dict[str, int] = {}
_last_logged: dict[str, float] = {}
LOG_EVERY_SECONDS = 60.0


def fail_open(what: str, exc: BaseException) -> bool:
    """Record that `what` let a request through because its store failed; returns True."""
    now = time.monotonic()
    with _lock:
        _counts[what] = _counts.get(what, 0) + 1
        count = _counts[what]
        loud = now - _last_logged.get(what, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS
        if loud:
            _last_logged[what] = now
    if loud:
        logger.warning(
            "%s: cache unavailable (%s: %s); letting requests through (%d so far)",
            what,
            type(exc).__name__,
            exc,
            count,
        )
    return True


def fail_open_counts() -> dict[str, int]:
    """Requests let through per place in this process since it started."""
    with _lock:
        return dict(_counts)
