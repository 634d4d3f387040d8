"""Tests: base settings made fast and hermetic (MD5 hasher, eager Celery, locmem email)."""

import os

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, VAR_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "cache+memory://"
DEBUG = False

# Throttling is tested explicitly; elsewhere it would make the suite order-dependent.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/minute",
        "user": "100000/minute",
        "valuation_report": "100000/minute",
    },
}
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://harmonyhub-test")}
MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())
STORAGES = {
    "default": {"BACKEND": "common.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Request metrics are flushed by the tests that look at them, not every few seconds mid-test.
OPERATIONS_METRICS_FLUSH_SECONDS = 3600

# Every test sees the isolation switches as they are in its own transaction.
OPERATIONS_ISOLATION_CACHE_SECONDS = 0
