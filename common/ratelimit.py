"""Fixed-window rate limits for pages (sign-up, password reset), keyed by client address.

The API uses DRF throttles (common.api.throttles); pages that send mail or create accounts use
this: one integer per key and window in the cache, as those throttles do. Rates read "n/second",
"n/minute", "n/hour" or "n/day"; an empty rate means no limit.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """(requests, seconds), or None for no limit."""
    if not rate:
        return None
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


def rate_limit_hit(*, scope: str, ident: str, rate: str | None) -> int:
    """Count one request for `ident` in `scope`; 0 if allowed, else seconds until the next window.

    The identity is hashed: it may be an e-mail address, which has no business in cache keys.
    """
    parsed = parse_rate(rate)
    if parsed is None:
        return 0
    limit, seconds = parsed
    now = time.time()
    window = int(now // seconds)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(key, 0, seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, seconds + 1)
        used = 1
    if used <= limit:
        return 0
    return max(1, int((window + 1) * seconds - now))
