"""A per-user limit on composing (each composition costs up to a second of CPU).

The rate comes from the optional setting ARTS_COMPOSE_RATE ("30/minute" by default; "n/second",
"n/minute", "n/hour"). Pages use `compose_allowed`; the API uses `ComposeRateThrottle`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from common.api.throttles import UserWindowThrottle
from common.degrade import fail_open

DEFAULT_RATE = "30/minute"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def compose_rate() -> tuple[int, int]:
    """(requests, seconds) from ARTS_COMPOSE_RATE."""
    text = getattr(settings, "ARTS_COMPOSE_RATE", DEFAULT_RATE) or DEFAULT_RATE
    count, period = text.split("/")
    return int(count), _PERIODS[period.strip()[0]]


def compose_allowed(user_id) -> bool:
    """Count one composition for the user; False once the window's budget is spent."""
    limit, window = compose_rate()
    key = f"arts:compose:{user_id}"
    try:
        if cache.add(key, 1, timeout=window):
            return True
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            return True
    except Exception as exc:  # the cache is down: degrade, don't fail
        return fail_open("arts.compose", exc)
    return used <= limit


class ComposeRateThrottle(UserWindowThrottle):
    """DRF throttle for the compose endpoint, sharing the ARTS_COMPOSE_RATE budget."""

    scope = "arts_compose"

    def get_rate(self):
        return getattr(settings, "ARTS_COMPOSE_RATE", DEFAULT_RATE) or DEFAULT_RATE
