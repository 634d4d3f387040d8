"""Celery tasks: thin wrappers over services, taking ids."""

from celery import shared_task

from innovation import services


@shared_task
def generation_run_task(run_id: int) -> str:
    return services.generation_run_execute(run_id=run_id).status


@shared_task
def innovation_metrics_weekly() -> int:
    return services.metrics_snapshot_store().pk
