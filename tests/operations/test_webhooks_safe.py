"""Outbound webhooks cannot reach internal addresses or map ports (issue 21).

DNS is mocked (socket.getaddrinfo) and every connection is diverted to a local test server
after recording which address the code asked for: no real network.
"""

import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from operations.models import Notification, NotificationChannel
from operations.services.notifications import notification_send

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 1, tzinfo=UTC)
PUBLIC = "93.184.216.34"


class _Handler(BaseHTTPRequestHandler):
    replies: list = []
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append((self.path, self.headers.get("Host"), self.rfile.read(length)))
        status, headers = self.replies.pop(0) if self.replies else (200, {})
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def net(monkeypatch, settings):
    """DNS table + connection log; every connect lands on a local server."""
    settings.HARMONYHUB_WEBHOOK_ALLOW_HTTP = True
    settings.HARMONYHUB_WEBHOOK_MAX_REDIRECTS = 0
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.replies, _Handler.seen = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state = {"dns": {}, "connects": [], "connect_error": None}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host not in state["dns"]:
            raise socket.gaierror(-2, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in state["dns"][host]
        ]

    def fake_connect(address, *args, **kwargs):
        state["connects"].append(address)
        if state["connect_error"] is not None:
            raise state["connect_error"]
        # A bare socket: socket.create_connection would resolve through the mocked DNS.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(server.server_address)
        return sock

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake_connect)
    state["replies"], state["seen"] = _Handler.replies, _Handler.seen
    yield state
    server.shutdown()
    server.server_close()


def _send(url: str) -> Notification:
    return notification_send(
        channel_kind="webhook",
        recipient=url,
        subject="s",
        body="b",
        kind="firing",
        now=NOW,
        payload={"version": "4"},
    )


def test_public_host_is_posted_to_the_vetted_address(net):
    net["dns"]["hooks.example.com"] = [PUBLIC]
    n = _send("http://hooks.example.com:8080/alert?x=1")
    assert n.status == "sent", n.error
    assert net["connects"] == [(PUBLIC, 8080)]
    path, host, body = net["seen"][0]
    assert path == "/alert?x=1" and host == "hooks.example.com:8080" and b'"version"' in body


def test_http_is_refused_unless_allowed(net, settings):
    settings.HARMONYHUB_WEBHOOK_ALLOW_HTTP = False
    net["dns"]["hooks.example.com"] = [PUBLIC]
    n = _send("http://hooks.example.com/")
    assert (n.status, n.error) == ("failed", "refused by policy")
    assert net["connects"] == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.5.4",
        "192.168.0.10",
        "169.254.169.254",
        "100.100.100.200",
        "168.63.129.16",
        "0.0.0.0",  # noqa: S104 - an address under test, not a bind
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "ff02::1",
    ],
)
def test_internal_addresses_are_refused_after_resolution(net, address):
    net["dns"]["innocent.example.com"] = [address]
    n = _send("https://innocent.example.com/")
    assert (n.status, n.error) == ("failed", "refused by policy")
    assert net["connects"] == []


def test_literal_ip_and_mixed_answers_are_refused(net):
    assert _send("https://127.0.0.1:6379/").error == "refused by policy"
    net["dns"]["rebind.example.com"] = [PUBLIC, "10.0.0.1"]
    assert _send("https://rebind.example.com/").error == "refused by policy"
    assert net["connects"] == []


def test_redirects_are_off_by_default(net):
    net["dns"]["hooks.example.com"] = [PUBLIC]
    net["replies"].append((307, {"Location": "http://hooks.example.com/next"}))
    n = _send("http://hooks.example.com/")
    assert (n.status, n.error) == ("failed", "redirect not followed")
    assert len(net["connects"]) == 1


def test_each_redirect_target_is_checked_again(net, settings):
    settings.HARMONYHUB_WEBHOOK_MAX_REDIRECTS = 3
    net["dns"]["hooks.example.com"] = [PUBLIC]
    net["dns"]["internal.example.com"] = ["10.0.0.7"]
    net["replies"].append((307, {"Location": "http://internal.example.com/admin"}))
    n = _send("http://hooks.example.com/")
    assert (n.status, n.error) == ("failed", "refused by policy")
    assert net["connects"] == [(PUBLIC, 80)]
    # A redirect to another public place is followed when allowed.
    net["replies"].append((308, {"Location": "/moved"}))
    assert _send("http://hooks.example.com/").status == "sent"
    assert [s[0] for s in net["seen"]][-1] == "/moved"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "connection failed"),
        (TimeoutError("timed out"), "timeout"),
        (OSError(113, "No route to host"), "connection failed"),
    ],
)
def test_failures_are_stored_as_a_generic_class(net, error, expected):
    net["dns"]["hooks.example.com"] = [PUBLIC]
    net["connect_error"] = error
    n = _send("https://hooks.example.com:8443/")
    assert (n.status, n.error) == ("failed", expected)


def test_http_errors_are_classes_and_unknown_names_say_connection_failed(net):
    net["dns"]["hooks.example.com"] = [PUBLIC]
    net["replies"].append((503, {}))
    assert _send("http://hooks.example.com/").error == "http 5xx"
    net["replies"].append((404, {}))
    assert _send("http://hooks.example.com/").error == "http 4xx"
    assert _send("https://no-such-host.example.com/").error == "connection failed"


def test_channel_form_refuses_unsafe_webhook_urls(settings):
    from django.core.exceptions import ValidationError

    settings.HARMONYHUB_WEBHOOK_ALLOW_HTTP = False
    for target in ("http://hooks.example.com/", "https://10.0.0.5/", "ftp://x/", "https://"):
        channel = NotificationChannel(name="n", kind="webhook", target=target)
        with pytest.raises(ValidationError) as err:
            channel.full_clean()
        assert "target" in err.value.message_dict
    NotificationChannel(name="ok", kind="webhook", target="https://hooks.example.com/").full_clean()
