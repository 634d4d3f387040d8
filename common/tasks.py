"""Celery tasks of the shared plumbing."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="common.tasks.outbox_sweep_task")
def outbox_sweep_task() -> dict:
    """Every minute: re-send queued or running jobs past their lease (see common.outbox)."""
    from common.outbox import outbox_sweep

    return outbox_sweep()
