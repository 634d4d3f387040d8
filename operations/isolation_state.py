"""Reading the isolation switches, cheaply enough for every write request.

`isolation_get()` reads the one `IsolationState` row and keeps it in this process for
OPERATIONS_ISOLATION_CACHE_SECONDS (default 2). So a switch pulled in another process (another
web node, a worker, `manage.py isolate`) takes effect here within that many seconds; the
process that pulled it clears its copy and sees the change at once. Only unsafe requests
(POST/PUT/PATCH/DELETE) and sign-up ever read it, so reads cost nothing extra.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from operations import conf


@dataclass(frozen=True)
class Isolation:
    """A process-local snapshot of the switches (no credentials in it)."""

    read_only: bool = False
    read_only_reason: str = ""
    signup_closed: bool = False
    metrics_token_sha256: str = ""
    webhook_secret: str = ""


_lock = threading.Lock()
_cached: tuple[float, Isolation] | None = None


def isolation_get() -> Isolation:
    """The current switches, at most OPERATIONS_ISOLATION_CACHE_SECONDS old."""
    global _cached
    ttl = float(conf.get("OPERATIONS_ISOLATION_CACHE_SECONDS"))
    now = time.monotonic()
    with _lock:
        if _cached is not None and ttl > 0 and now - _cached[0] < ttl:
            return _cached[1]
    from django.db import DatabaseError

    from operations.models import IsolationState

    try:
        row = IsolationState.objects.filter(pk=1).first()
    except DatabaseError:  # before migrate, or the database is away: nothing is switched
        return Isolation()
    value = (
        Isolation(
            read_only=row.read_only,
            read_only_reason=row.read_only_reason,
            signup_closed=row.signup_closed,
            metrics_token_sha256=row.metrics_token_sha256,
            webhook_secret=row.webhook_secret,
        )
        if row
        else Isolation()
    )
    with _lock:
        _cached = (now, value)
    return value


def isolation_forget() -> None:
    """Drop this process's copy (after a switch was pulled here)."""
    global _cached
    with _lock:
        _cached = None


def signup_closed_gate() -> bool:
    """Registered with accounts: the "sign-up closed" switch overrides SIGNUP_OPEN."""
    return isolation_get().signup_closed


def webhook_secret() -> str:
    """The secret outgoing webhooks are signed with: the rotated one, else the configured one."""
    return isolation_get().webhook_secret or str(conf.get("OPERATIONS_WEBHOOK_SECRET") or "")


def metrics_token_matches(credential: str) -> bool:
    """A bearer credential for /metrics: the rotated token once there is one (its hash is
    stored), else the configured OPERATIONS_METRICS_TOKEN ("" = no bearer access)."""
    import hashlib
    import hmac

    rotated = isolation_get().metrics_token_sha256
    if rotated:
        offered = hashlib.sha256(credential.encode()).hexdigest()
        return hmac.compare_digest(offered, rotated)
    token = str(conf.get("OPERATIONS_METRICS_TOKEN") or "")
    return bool(token) and hmac.compare_digest(credential, token)
