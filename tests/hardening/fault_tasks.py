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
