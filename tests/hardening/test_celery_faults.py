"""Celery under faults, with a real worker on Redis (run by `make test-services`):

- SIGKILL of the pool child mid-task → the task runs again, one effect;
- SIGKILL of the whole worker mid-task, a new worker starts → redelivered, one effect;
- the same with an early-ack task (Celery's default) → the job is lost, so the test can fail;
- a task enqueued with on_commit inside a rolled-back transaction is never sent.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import transaction

BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="needs CELERY_BROKER_URL=redis://"),
    pytest.mark.services,
]


class Worker:
    def __init__(self, tmp: Path, queue: str):
        self.tmp, self.queue = tmp, queue
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "harmonyhub_site.settings.base",
            "HARMONYHUB_VAR_DIR": str(self.tmp),
            "DATABASE_URL": f"sqlite:///{self.tmp / 'worker.sqlite3'}",
            "CELERY_RESULT_BACKEND": "cache+memory://",
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        log = open(self.tmp / f"worker-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.hardening.fault_worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def rig(tmp_path):
    queue = f"fault-{uuid.uuid4().hex[:8]}"
    client = Celery("fault-client", broker=BROKER)
    client.conf.task_serializer = "json"
    workers: list[Worker] = []

    def worker() -> Worker:
        workers.append(Worker(tmp_path, queue).start())
        return workers[-1]

    yield client, queue, tmp_path / "store.sqlite3", worker
    for w in workers:
        w.stop()
    with client.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def _rows(store: Path, table: str, key: str) -> list[tuple]:
    if not store.exists():
        return []
    conn = sqlite3.connect(store, timeout=30)
    try:
        return conn.execute(f"SELECT * FROM {table} WHERE key = ?", (key,)).fetchall()  # noqa: S608
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _send(client, queue, store, task="hardening.fault_effect", seconds=4.0) -> str:
    key = uuid.uuid4().hex
    client.send_task(task, args=[str(store), key, seconds], queue=queue)
    return key


def test_pool_child_killed_mid_task_runs_again_exactly_once(rig):
    client, queue, store, worker = rig
    worker()
    key = _send(client, queue, store)
    assert _wait(lambda: _rows(store, "attempt", key), 60), "the task never started"
    child = _rows(store, "attempt", key)[0][1]
    os.kill(child, signal.SIGKILL)
    assert _wait(lambda: _rows(store, "effect", key), 60), "the job was lost"
    time.sleep(1)
    assert len(_rows(store, "effect", key)) == 1
    assert len(_rows(store, "attempt", key)) >= 2


def test_whole_worker_killed_mid_task_is_redelivered_to_a_new_worker(rig):
    client, queue, store, worker = rig
    first = worker()
    key = _send(client, queue, store)
    assert _wait(lambda: _rows(store, "attempt", key), 60), "the task never started"
    first.kill()
    assert not _rows(store, "effect", key)
    worker()
    assert _wait(lambda: _rows(store, "effect", key), 60), "the job was lost"
    assert len(_rows(store, "effect", key)) == 1
    assert len(_rows(store, "attempt", key)) == 2


def test_control_early_ack_loses_the_job_when_the_worker_dies(rig):
    client, queue, store, worker = rig
    first = worker()
    key = _send(client, queue, store, task="hardening.fault_effect_early_ack")
    assert _wait(lambda: _rows(store, "attempt", key), 60), "the task never started"
    first.kill()
    worker()
    # Past the visibility timeout (6 s) plus sweeps: an acks_late job would be back by now.
    time.sleep(14)
    assert _rows(store, "effect", key) == [], "early ack should have lost the job"


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_rolled_back_transaction_is_never_sent(rig):
    client, queue, store, _ = rig

    def depth() -> int:
        with client.connection_for_write() as conn:
            return conn.default_channel.client.llen(queue)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        transaction.on_commit(lambda: _send(client, queue, store, seconds=0))
        raise Boom
    assert depth() == 0
    with transaction.atomic():
        transaction.on_commit(lambda: _send(client, queue, store, seconds=0))
        assert depth() == 0, "sent before the commit"
    assert depth() == 1


def test_transient_error_is_retried_with_backoff_and_then_done_once(rig):
    client, queue, store, worker = rig
    worker()
    key = uuid.uuid4().hex
    client.send_task("hardening.fault_flaky", args=[str(store), key, 2], queue=queue)
    assert _wait(lambda: _rows(store, "effect", key), 60), "the retried job never finished"
    time.sleep(1)
    assert len(_rows(store, "effect", key)) == 1
    assert len(_rows(store, "attempt", key)) == 3


def test_retries_are_bounded_a_persistent_error_stops_after_max_retries(rig):
    client, queue, store, worker = rig
    worker()
    key = uuid.uuid4().hex
    client.send_task("hardening.fault_flaky", args=[str(store), key, 99], queue=queue)
    # max_retries=3: the first try and three retries, each at most 2 s apart.
    assert _wait(lambda: len(_rows(store, "attempt", key)) >= 4, 60), "retries stopped early"
    time.sleep(5)
    assert len(_rows(store, "attempt", key)) == 4
    assert _rows(store, "effect", key) == []
