"""The transactional outbox: a broker failure after commit never fails the request, a lost
message or a lost worker never strands a job, and coalescing joins only a pending job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from common.outbox import outbox_sweep
from innovation.models import GenerationRun
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation.models import RevaluationJob
from valuation.services.jobs import revaluation_request, revaluation_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def comp(settings):
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c)
    return c


class Broker:
    """Stands in for the broker at the publish call: down (raises) or up (records the send)."""

    def __init__(self, monkeypatch):
        self.down, self.sent = True, []
        from innovation.tasks import generation_run_task
        from valuation.tasks import revaluation_run_task

        for task in (revaluation_run_task, generation_run_task):
            monkeypatch.setattr(task, "apply_async", self._publish(task.name))

    def _publish(self, name):
        def publish(args=None, kwargs=None, **options):
            if self.down:
                raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            self.sent.append((name, tuple(args or ())))

        return publish


@pytest.fixture
def broker(monkeypatch):
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    yield Broker(monkeypatch)
    current_app.conf.task_always_eager = eager


def test_revalue_answers_202_when_the_broker_is_down_and_the_sweeper_resends(
    staff_api, comp, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(
            "/api/v1/valuation/revalue/", {"component": comp.name}, format="json"
        )
    assert response.status_code == 202, response.content
    assert response.json()["status_url"].endswith(f"/jobs/{response.json()['id']}/")
    job = RevaluationJob.objects.get(pk=response.json()["id"])
    assert job.status == "queued" and broker.sent == []
    broker.down = False
    assert outbox_sweep()["valuation.revaluation_jobs"] == 0  # not overdue yet
    later = timezone.now() + timedelta(minutes=5)
    assert outbox_sweep(now=later)["valuation.revaluation_jobs"] == 1
    assert broker.sent == [("valuation.tasks.revaluation_run_task", (job.pk,))]
    assert outbox_sweep(now=later)["valuation.revaluation_jobs"] == 0  # sent once per lease
    assert revaluation_run(job_id=job.pk).status == "done"


def test_a_write_behind_a_lost_job_sends_it_again(comp, broker, django_capture_on_commit_callbacks):
    """The incident: a job whose message was lost collected every later write, for good."""
    job = RevaluationJob.objects.create(
        component=comp, dispatched_at=timezone.now() - timedelta(minutes=15)
    )
    broker.down = False
    with django_capture_on_commit_callbacks(execute=True):
        joined = revaluation_request(component=comp, reason="cost entry")
    assert joined.pk == job.pk and joined.requested_count == 2
    assert broker.sent == [("valuation.tasks.revaluation_run_task", (job.pk,))]
    with django_capture_on_commit_callbacks(execute=True):
        revaluation_request(component=comp, reason="cost entry")
    assert len(broker.sent) == 1  # now genuinely pending: the next write just joins


def test_a_job_whose_worker_died_is_claimed_again(comp, broker):
    stale = timezone.now() - timedelta(hours=1)
    job = RevaluationJob.objects.create(component=comp, status="running", started_at=stale)
    assert revaluation_run(job_id=job.pk).status == "done"
    busy = RevaluationJob.objects.create(
        component=comp, status="running", started_at=timezone.now()
    )
    assert revaluation_run(job_id=busy.pk).status == "running"  # its worker is still on it


def test_sweeper_requeues_a_running_job_past_its_lease(comp, broker):
    broker.down = False
    job = RevaluationJob.objects.create(
        component=comp, status="running", started_at=timezone.now() - timedelta(hours=1)
    )
    run = GenerationRun.objects.create(
        owner=_someone(),
        workflow="novelty",
        params={},
        status="running",
        started_at=timezone.now() - timedelta(hours=1),
    )
    counts = outbox_sweep()
    assert counts == {"innovation.generation_runs": 1, "valuation.revaluation_jobs": 1}
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == "queued" and run.status == "queued"


def _someone():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("outbox-owner", password="pw-outbox-123")
