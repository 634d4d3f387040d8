"""API throttles that cost the same at any rate: one counter per client per window.

DRF's SimpleRateThrottle keeps the time of every request in the window as a list in the cache
and reads and writes the whole list on each request, so its cost grows with the allowed rate
(1,200 entries at the default user rate, re-pickled on every call). These keep one integer per
client and window (`cache.add` then `cache.incr`, both atomic in Redis and Memcached): at most
`num_requests` per fixed window, so a burst straddling a window boundary can reach twice the
rate for an instant; that is the usual trade for constant cost.

With the cache down a throttle lets the request through (logged and counted, see
common.degrade): a rate limiter whose store fails must not fail every request.
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from common.degrade import fail_open


class FixedWindowMixin:
    def get_ident(self, request) -> str:
        # The same address axes and the security log use (HARMONYHUB_TRUSTED_PROXIES), read
        # per request so a settings override applies without reloading DRF's settings.
        from common.net import client_ip

        return client_ip(request) or ""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        try:
            self.cache.add(key, 0, self.duration + 1)
            try:
                count = self.cache.incr(key)
            except ValueError:  # evicted between add and incr
                self.cache.set(key, 1, self.duration + 1)
                count = 1
        except Exception as exc:  # the cache is down: degrade, don't fail (common.degrade)
            return fail_open(f"throttle.{self.scope}", exc)
        return count <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_end - self.now)


class AnonWindowThrottle(FixedWindowMixin, AnonRateThrottle):
    """Anonymous clients, by address (scope `anon`)."""


class UserWindowThrottle(FixedWindowMixin, UserRateThrottle):
    """Signed-in clients, by user id (scope `user`)."""


class ScopedWindowThrottle(FixedWindowMixin, ScopedRateThrottle):
    """Per-user limit on an expensive operation, named by the view's `throttle_scope`."""

    def allow_request(self, request, view) -> bool:
        # ScopedRateThrottle learns its rate from the view here; the fixed window then applies.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
