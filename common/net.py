"""The client's address, as far as our own proxies vouch for it.

Behind N reverse proxies (HARMONYHUB_TRUSTED_PROXIES = N), each proxy appends the address it
received the request from to X-Forwarded-For, so the N-th entry from the right is the address
that reached our first proxy; everything left of it is whatever the client chose to send. With
N = 0 (the default: the app is reached directly) the header is ignored and REMOTE_ADDR is the
client. The same count drives django-axes (AXES_CLIENT_IP_CALLABLE), DRF throttles (NUM_PROXIES
and common.api.throttles), page rate limits and the security log, so they all see one address.
"""

from __future__ import annotations

from django.conf import settings


def trusted_proxies() -> int:
    return max(0, int(getattr(settings, "HARMONYHUB_TRUSTED_PROXIES", 0) or 0))


def client_ip(request) -> str | None:
    """The client's address (None without a request); same rule as DRF's NUM_PROXIES."""
    if request is None:
        return None
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or None
    count = trusted_proxies()
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if count == 0 or not forwarded:
        return remote
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if not hops:
        return remote
    return hops[-min(count, len(hops))]
