"""Operations settings: a Django setting of the same name wins, else the environment, else
the default. (Settings are optional so the app runs with the foundation's settings as they are.)

OPERATIONS_METRICS_TOKEN          bearer token for /metrics scrapers ("" = staff session only)
OPERATIONS_METRICS_FLUSH_SECONDS  how often each process writes its request counts (5)
OPERATIONS_METRICS_RETENTION_DAYS per-minute request rows and resource samples kept (14)
OPERATIONS_INBOX_RETENTION_DAYS   read in-app notifications kept (90)
OPERATIONS_FAILED_LOGIN_BURST     failed logins from one address in 15 min that alert (5)
OPERATIONS_PROGRAM_START          ISO date of Year 1 for the success targets ("" = Year 1)
OPERATIONS_EXTERNAL_URL           base URL put in webhook payloads ("")
OPERATIONS_HEALTH_FAILURES        scheduled checks failing in a row before an alert opens (2)
OPERATIONS_WORKER_STALE_SECONDS   worker heartbeat age that counts as "no live worker" (90)
OPERATIONS_WEBHOOK_SECRET         HMAC-SHA256 key signing outgoing webhooks ("" = unsigned)
OPERATIONS_ISOLATION_CACHE_SECONDS how long a process keeps the isolation switches (2)
OPERATIONS_READ_ONLY_RETRY_AFTER  Retry-After seconds sent while the site is read-only (300)
OPERATIONS_FORENSICS_DIR          where forensic exports are written (VAR_DIR/forensics)
"""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS = {
    "OPERATIONS_METRICS_TOKEN": "",
    "OPERATIONS_METRICS_FLUSH_SECONDS": 5.0,
    "OPERATIONS_METRICS_RETENTION_DAYS": 14,
    "OPERATIONS_INBOX_RETENTION_DAYS": 90,
    "OPERATIONS_FAILED_LOGIN_BURST": None,
    "OPERATIONS_PROGRAM_START": "",
    "OPERATIONS_EXTERNAL_URL": "",
    "OPERATIONS_HEALTH_FAILURES": 2,
    "OPERATIONS_WORKER_STALE_SECONDS": 90,
    "OPERATIONS_WEBHOOK_SECRET": "",
    "OPERATIONS_ISOLATION_CACHE_SECONDS": 2.0,
    "OPERATIONS_READ_ONLY_RETRY_AFTER": 300,
    "OPERATIONS_FORENSICS_DIR": "",
}


def get(name: str):
    """The setting's value, cast to the default's type."""
    default = DEFAULTS[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if default is None:
        return int(raw)
    return raw
