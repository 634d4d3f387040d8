"""Outages noticed where they cannot be recorded, and the answers that say what happened.

While the database is down no alert can be written, so each process that turns a request away
notes the first and last time it saw the outage in a small file of its own under
`VAR_DIR/outages/` (and in the cache, shared between machines, when the cache answers). The
scheduled operations job reads and clears the notes once the database is back and records the
outage as an incident with its real start and end (`operations.services.outages`).

`unavailable_kind(exc)` classifies an exception: "database" (cannot connect, connection lost),
"storage" (disk full, read-only volume, quota) or None.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG}


class StorageUnavailable(OSError):
    """A file could not be written because its volume is full or read-only."""


def unavailable_kind(exc: BaseException | None) -> str | None:
    """ "database", "storage" or None for an exception (or anything in its cause chain)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, StorageUnavailable):
            return "storage"
        if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
            return "storage"
        if isinstance(exc, (OperationalError, InterfaceError)):
            return "database"
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _dir() -> Path:
    return Path(settings.VAR_DIR) / "outages"


def _clock() -> float:
    return time.time()


def outage_note(kind: str) -> None:
    """Note that `kind` was seen unavailable now (first and last time, count). Never raises."""
    now = _clock()
    path = _dir() / f"{kind}-{os.getpid()}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.loads(path.read_text()) if path.exists() else {}
        data = {
            "start": min(data.get("start", now), now),
            "end": now,
            "count": data.get("count", 0) + 1,
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):
        logger.warning("could not note the %s outage on disk", kind, exc_info=True)
    try:
        from django.core.cache import cache

        cache.add(f"outage:{kind}:start", now, None)
        cache.set(f"outage:{kind}:end", now, None)
    except Exception:  # the cache may be down too; the file above is enough on this machine
        logger.debug("could not note the %s outage in the cache", kind)


def outage_take(kind: str) -> dict | None:
    """Read and clear every note of `kind`: {"start", "end", "count"} as epoch seconds, or None."""
    starts, ends, count = [], [], 0
    for path in _dir().glob(f"{kind}-*.json"):
        try:
            data = json.loads(path.read_text())
            path.unlink()
        except (OSError, ValueError):
            continue
        starts.append(data["start"])
        ends.append(data["end"])
        count += int(data.get("count", 0))
    try:
        from django.core.cache import cache

        start = cache.get(f"outage:{kind}:start")
        end = cache.get(f"outage:{kind}:end")
        if start is not None and end is not None:
            starts.append(float(start))
            ends.append(float(end))
            cache.delete_many([f"outage:{kind}:start", f"outage:{kind}:end"])
    except Exception:
        logger.debug("could not read %s outage notes from the cache", kind)
    if not starts:
        return None
    return {"start": min(starts), "end": max(ends), "count": count}
