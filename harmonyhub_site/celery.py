"""The Celery app. Workers and beat load Django settings from DJANGO_SETTINGS_MODULE."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.base")

app = Celery("harmonyhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _sync_schedule(sender=None, **kwargs):
    """Upsert the code-defined schedule into django-celery-beat when beat starts."""
    from harmonyhub_site.schedule import schedule_sync

    schedule_sync()


@app.task(name="harmonyhub.ping", ignore_result=False)
def ping(payload: str) -> dict:
    """Round-trip diagnostic: proves a worker consumes from the broker and can answer."""
    import socket

    return {"echo": payload, "worker": socket.gethostname()}
