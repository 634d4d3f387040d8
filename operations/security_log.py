"""Persist security events: a logging handler on the `harmonyhub.security` logger.

`common.logs.security_event` writes one JSON line to the log stream; that stream may go nowhere
durable (a container's stdout), and a forensic export has to show what happened in a window.
So this handler also stores each event as a `SecurityEventRecord` row, with the same safe fields
the JSON formatter lets through (nothing else reaches the row). It writes inside a savepoint and
swallows every error: a failed insert never breaks the request that logged the event, and the
log line has already been written by the stream handler.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

_COLUMNS = ("user_id", "target_user_id", "ip", "method", "path", "status")
_DETAIL = ("outcome", "via", "object", "object_id", "count", "fields", "reason")


def _clip(value):
    from common.logs import _safe

    return _safe(value)


class DatabaseSecurityHandler(logging.Handler):
    """Store each security event as a row (after Django's apps are loaded)."""

    def emit(self, record: logging.LogRecord) -> None:
        from django.apps import apps

        if not apps.ready:
            return
        try:
            from django.db import transaction

            from operations.models import SecurityEventRecord

            data = record.__dict__
            row = SecurityEventRecord(
                at=datetime.fromtimestamp(record.created, UTC),
                event=str(data.get("event") or record.getMessage())[:60],
                level=record.levelname[:10],
                detail={k: _clip(data[k]) for k in _DETAIL if data.get(k) is not None},
            )
            for name in _COLUMNS:
                value = data.get(name)
                if value is None:
                    continue
                if name in ("user_id", "target_user_id", "status"):
                    try:
                        value = int(value)
                    except (TypeError, ValueError):
                        continue
                else:
                    value = str(value)[: SecurityEventRecord._meta.get_field(name).max_length]
                setattr(row, name, value)
            with transaction.atomic():
                row.save()
        except Exception:  # noqa: BLE001 - logging must never break the caller
            return
