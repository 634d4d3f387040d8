"""Gunicorn settings for production:

    gunicorn -c harmonyhub_site/gunicorn.conf.py harmonyhub_site.wsgi

Environment: GUNICORN_BIND (0.0.0.0:8000), WEB_CONCURRENCY (worker processes, 2 x CPUs + 1),
GUNICORN_THREADS (threads per worker, 1). Command-line flags override these.

The application is loaded once in the master and its objects are frozen out of the garbage
collector's reach before the workers fork (the CPython documentation's advice for pre-fork
servers): the full collections a worker runs then scan only what requests allocate, not the
tens of thousands of long-lived objects of Django, DRF and NumPy, which keeps the slowest
requests close to the typical one, and the shared pages stay shared.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
preload_app = True
keepalive = 5
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def when_ready(server):
    gc.collect()
    gc.freeze()
