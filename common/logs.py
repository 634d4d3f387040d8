"""Structured logging: one JSON object a line, and the security event log.

Security events (logins, failures, lockouts, logouts, password and token changes, refused
access, sensitive reads, exports, deletions, privilege grants) go to the `harmonyhub.security`
logger through `security_event`. Only the fields named in SAFE_FIELDS ever reach the output, and
their values are short scalars: a password, an API token, a mood note or a message text has no
field to travel in, and a caller who passes one anyway sees it dropped, not written.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

SECURITY_LOGGER = "harmonyhub.security"

#: The only `extra` fields a log line may carry; everything else is dropped by the formatter.
SAFE_FIELDS = (
    "event",
    "outcome",
    "user_id",
    "target_user_id",
    "ip",
    "method",
    "path",
    "status",
    "via",
    "object",
    "object_id",
    "count",
    "fields",
    "reason",  # why an operator pulled an isolation switch (typed by staff, clipped)
)
_MAX_VALUE = 200
_RESERVED = set(vars(logging.makeLogRecord({})))
_DATA_ERRORS = (UnicodeError,)


def _safe(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value][:20]
    return str(value)[:_MAX_VALUE]


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", ...safe extras, "exc"}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in SAFE_FIELDS:
            if key in record.__dict__ and key not in _RESERVED:
                out[key] = _safe(record.__dict__[key])
        if record.exc_info:
            # The exception's type and where it happened, not its message: database errors quote
            # the row that failed, and that row may be someone's mood note.
            exc_type, _exc, tb = record.exc_info
            frames = []
            while tb is not None:
                frames.append(f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}")
                tb = tb.tb_next
            out["exc"] = {"type": getattr(exc_type, "__name__", str(exc_type)), "at": frames[-5:]}
            if isinstance(_exc, OSError) and not isinstance(_exc, _DATA_ERRORS):
                out["exc"]["message"] = str(_exc)[:_MAX_VALUE]  # connection refused, timeouts
        return json.dumps(out, default=str)


def client_ip(request) -> str | None:
    """The client's address behind the configured trusted proxies (common.net)."""
    from common.net import client_ip as _client_ip

    return _client_ip(request)


def security_event(
    event: str, *, request=None, user=None, level: int = logging.INFO, **fields
) -> None:
    """Log one security event. `fields` outside SAFE_FIELDS are dropped by the formatter."""
    extra = {"event": event, **fields}
    if user is not None and getattr(user, "pk", None) is not None:
        extra.setdefault("user_id", user.pk)
    elif request is not None and getattr(getattr(request, "user", None), "pk", None):
        extra.setdefault("user_id", request.user.pk)
    if request is not None:
        extra.setdefault("ip", client_ip(request))
        extra.setdefault("method", request.method)
        extra.setdefault("path", getattr(request, "path", None))
    logging.getLogger(SECURITY_LOGGER).log(level, event.replace("_", " "), extra=extra)
