"""Celery tasks: thin wrappers over services."""

from celery import shared_task

from domains.arts import services


@shared_task
def arts_storage_sweep_task() -> int:
    """Daily: remove stored music files no message refers to any more."""
    return services.music_message_storage_sweep()
