"""HarmonyHub site wiring: settings, URLs, the Celery app and the beat schedule."""

from .celery import app as celery_app

__all__ = ("celery_app",)
