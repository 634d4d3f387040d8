"""Outbound webhook delivery that cannot be pointed at the inside of our own network.

A notification channel's URL is typed by a person; without care it is a server-side request
forgery primitive: `http://169.254.169.254/` reads cloud credentials, `http://10.0.0.5:6379/`
talks to Redis, and the stored error text ("connection refused" versus "timed out") maps which
internal ports are open. So:

- the scheme is https; http only when `HARMONYHUB_WEBHOOK_ALLOW_HTTP` is set;
- the host name is resolved once, every address it resolves to must be public (not loopback,
  private, shared, link-local, multicast, reserved, unspecified or a cloud metadata address),
  and the connection goes to that vetted address, so a DNS answer that changes between the
  check and the connect (rebinding) cannot slip in; TLS still verifies the certificate against
  the host name;
- redirects are not followed unless `HARMONYHUB_WEBHOOK_MAX_REDIRECTS` > 0, and then each
  target goes through the same checks;
- a failure is reported as one of a few classes (`FAILURE_CLASSES`), never the socket error text.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
from urllib.parse import urljoin, urlsplit

from django.conf import settings

TIMEOUT_S = 5
REFUSED = "refused by policy"
CONNECTION_FAILED = "connection failed"
TIMEOUT = "timeout"
REDIRECT = "redirect not followed"
FAILURE_CLASSES = (REFUSED, CONNECTION_FAILED, TIMEOUT, REDIRECT, "http 4xx", "http 5xx")

# Public addresses that still reach a cloud provider's instance services.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack (also link-local)
        "169.254.170.2",  # AWS ECS task metadata
        "168.63.129.16",  # Azure wire server (a public address)
        "100.100.100.200",  # Alibaba Cloud (shared address space)
        "fd00:ec2::254",  # AWS IPv6 metadata
    )
)


class WebhookFailed(Exception):
    """Delivery failed; `str(exc)` is one of FAILURE_CLASSES and safe to store and show."""

    def __init__(self, failure_class: str):
        super().__init__(failure_class)
        self.failure_class = failure_class


def address_allowed(address: str) -> bool:
    """True if a webhook may connect to this IP address (a public unicast address)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge that one.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not address_allowed(str(embedded)):
            return False
    if ip in METADATA_ADDRESSES:
        return False
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def url_problem(url: str) -> str | None:
    """Why a webhook URL can never be used (scheme, missing host, non-public literal address),
    or None. Host names are resolved, and checked, only when a notification is sent."""
    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "Not a valid URL."
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and _allow_http()):
        return "Use an https:// URL." + (
            "" if scheme != "http" else " (HARMONYHUB_WEBHOOK_ALLOW_HTTP allows http.)"
        )
    if not parts.hostname:
        return "The URL has no host."
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None
    if not address_allowed(str(literal)):
        return "Webhooks may only go to public addresses."
    return None


def _allow_http() -> bool:
    return bool(getattr(settings, "HARMONYHUB_WEBHOOK_ALLOW_HTTP", False))


def _max_redirects() -> int:
    return int(getattr(settings, "HARMONYHUB_WEBHOOK_MAX_REDIRECTS", 0))


def _vetted_target(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path, ip) for a URL we may post to; raises WebhookFailed(REFUSED)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookFailed(REFUSED) from None
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("https", "http") or (scheme == "http" and not _allow_http()) or not host:
        raise WebhookFailed(REFUSED)
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]  # a literal address needs no lookup
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (UnicodeError, OSError):  # gaierror is an OSError
            raise WebhookFailed(CONNECTION_FAILED) from None
        addresses = [info[4][0] for info in infos]
    # Every answer must be public: otherwise a name with one public and one private record
    # would pass the check and the connect could land on either.
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise WebhookFailed(REFUSED)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port, path, addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a vetted IP address, with the host name in the Host header."""

    def __init__(self, host: str, port: int, *, ip: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._pinned_ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._pinned_ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a vetted IP address; the certificate is checked against the host name."""

    def __init__(self, host: str, port: int, *, ip: str, timeout: float):
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._pinned_ip = ip

    def connect(self):
        raw = socket.create_connection((self._pinned_ip, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _post_once(
    url: str, body: bytes, timeout: float, extra_headers: dict | None = None
) -> tuple[int, str | None]:
    scheme, host, port, path, ip = _vetted_target(url)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, ip=ip, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "HarmonyHub-webhook/1",
                **(extra_headers or {}),
            },
        )
        response = conn.getresponse()
        response.read(1024)
        return response.status, response.getheader("Location")
    except TimeoutError:
        raise WebhookFailed(TIMEOUT) from None
    except (OSError, http.client.HTTPException, ssl.SSLError, ValueError):
        raise WebhookFailed(CONNECTION_FAILED) from None
    finally:
        conn.close()


def webhook_post(url: str, payload: dict, *, timeout: float = TIMEOUT_S, secret: str = "") -> int:
    """POST `payload` as JSON to `url` under the rules above; the final HTTP status on success.

    With a `secret`, the body is signed: `X-HarmonyHub-Signature: sha256=<HMAC-SHA256(secret,
    body)>`, so receivers can verify it (rotating the secret invalidates old signatures).
    Raises WebhookFailed with a failure class otherwise.
    """
    body = json.dumps(payload).encode()
    headers = {}
    if secret:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-HarmonyHub-Signature"] = f"sha256={digest}"
    redirects_left = _max_redirects()
    while True:
        status, location = _post_once(url, body, timeout, headers)
        if 300 <= status < 400:
            # Only 307/308 keep the method and body; a webhook re-sent as GET would be lost.
            if redirects_left <= 0 or status not in (307, 308) or not location:
                raise WebhookFailed(REDIRECT)
            redirects_left -= 1
            url = urljoin(url, location)
            continue
        if status >= 500:
            raise WebhookFailed("http 5xx")
        if status >= 400:
            raise WebhookFailed("http 4xx")
        return status
