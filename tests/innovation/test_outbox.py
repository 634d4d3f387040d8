"""Generation runs through the outbox: a broker outage never fails the request or loses a run."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.outbox import outbox_sweep
from innovation.models import GenerationRun
from tests.test_outbox import Broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch):
    from celery import current_app

    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    yield Broker(monkeypatch)
    current_app.conf.task_always_eager = eager


def test_large_run_answers_202_when_the_broker_is_down_and_runs_after_recovery(
    user_api, kb_loaded, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = user_api.post(
            "/api/v1/innovation/runs/",
            {"challenge": "AI emotional companions", "count": 25},
            format="json",
        )
    assert response.status_code == 202, response.content
    run = GenerationRun.objects.get(pk=response.json()["id"])
    assert run.status == "queued" and response.json()["status_url"]
    broker.down = False
    outbox_sweep(now=timezone.now() + timedelta(minutes=5))
    assert broker.sent == [("innovation.tasks.generation_run_task", (run.pk,))]
    from innovation.services import generation_run_execute

    assert generation_run_execute(run_id=run.pk).status == "done"
    assert generation_run_execute(run_id=run.pk).status == "done"  # a re-send is a no-op
