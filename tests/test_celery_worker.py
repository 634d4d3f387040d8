"""A real Celery worker process consumes a task from the configured broker and answers.

On the embedded defaults the broker is kombu's filesystem transport; `make test-services` sets
CELERY_BROKER_URL to Redis, so the same test then proves the Redis path.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent


def _broker_and_backend(tmp_path: Path) -> tuple[str, str, dict]:
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    if broker.startswith("filesystem://"):
        folder = tmp_path / "celery-broker" / "in"
        folder.mkdir(parents=True)
        (tmp_path / "celery-broker" / "processed").mkdir()
        (tmp_path / "celery-broker" / "control").mkdir()
        options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(tmp_path / "celery-broker" / "processed"),
            "control_folder": str(tmp_path / "celery-broker" / "control"),
            "store_processed": False,
        }
        (tmp_path / "results").mkdir()
        return broker, f"file://{tmp_path / 'results'}", options
    return broker, broker, {}


@pytest.fixture
def worker(tmp_path):
    broker, backend, options = _broker_and_backend(tmp_path)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "harmonyhub_site.settings.base",
        "HARMONYHUB_VAR_DIR": str(tmp_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.sqlite3'}"),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": backend,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "harmonyhub_site",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery("worker-test", broker=broker, backend=backend)
    client.conf.broker_transport_options = options
    client.conf.task_serializer = client.conf.result_serializer = "json"
    try:
        yield client, queue, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_real_worker_runs_a_task_and_returns_its_result(worker):
    client, queue, process = worker
    payload = uuid.uuid4().hex
    result = client.send_task("harmonyhub.ping", args=[payload], queue=queue)
    try:
        answer = result.get(timeout=90)
    except Exception:
        process.terminate()
        output = process.communicate(timeout=20)[0]
        pytest.fail(f"worker gave no answer; its output:\n{output[-3000:]}")
    assert answer["echo"] == payload
    assert process.poll() is None, "the worker must still be running"
