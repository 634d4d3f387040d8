"""Tasks for the Celery fault tests, loaded only by the test worker (tests.hardening.fault_worker).

Each run records an attempt, sleeps (the window in which the test kills the worker), then writes
its effect under a unique key, so "exactly once" is one effect row however often it ran. The
store is a SQLite file the test owns; no Django model is involved.
"""

import os
import sqlite3
import time

from harmonyhub_site.celery import app


def _store(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS attempt (key TEXT, pid INTEGER, at REAL)")
    conn.execute("CREATE TABLE IF NOT EXISTS effect (key TEXT PRIMARY KEY, pid INTEGER)")
    return conn


def _run(store: str, key: str, seconds: float) -> str:
    conn = _store(store)
    conn.execute("INSERT INTO attempt VALUES (?, ?, ?)", (key, os.getpid(), time.time()))
    time.sleep(seconds)
    conn.execute("INSERT OR IGNORE INTO effect VALUES (?, ?)", (key, os.getpid()))
    conn.close()
    return key


@app.task(name="hardening.fault_effect", max_retries=3)
def fault_effect(store: str, key: str, seconds: float) -> str:
    """Runs with the project's settings: acks_late + reject_on_worker_lost."""
    return _run(store, key, seconds)


@app.task(
    name="hardening.fault_effect_early_ack",
    acks_late=False,
    reject_on_worker_lost=False,
    max_retries=3,
)
def fault_effect_early_ack(store: str, key: str, seconds: float) -> str:
    """The control: acknowledged on receipt, as Celery does by default."""
    return _run(store, key, seconds)


@app.task(name="hardening.fault_flaky", max_retries=3, retry_backoff=1, retry_backoff_max=2)
def fault_flaky(store: str, key: str, failures: int) -> str:
    """Fails with a transient database error on its first `failures` attempts, then succeeds.

    Inherits the project's retry policy (ReliableTask); only the backoff is shortened here so
    the test waits seconds, not minutes.
    """
    from django.db import OperationalError

    conn = _store(store)
    conn.execute("INSERT INTO attempt VALUES (?, ?, ?)", (key, os.getpid(), time.time()))
    (tries,) = conn.execute("SELECT COUNT(*) FROM attempt WHERE key = ?", (key,)).fetchone()
    if tries <= failures:
        conn.close()
        raise OperationalError("database is locked")
    conn.execute("INSERT OR IGNORE INTO effect VALUES (?, ?)", (key, os.getpid()))
    conn.close()
    return key
