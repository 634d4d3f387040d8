"""Health check and metrics the arts context offers to operations' registry."""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np


def composer_smoke() -> tuple[str, str]:
    """Compose a 10-second message end to end (MIDI, self-check, WAV) with a fixed seed."""
    from domains.arts.engines import Affect, MessageSpec, compose_message

    started = time.perf_counter()
    try:
        result = compose_message(
            MessageSpec(emotion="joy", affect=Affect(0.85, 0.55, 0.45), duration_s=10),
            np.random.default_rng(0),
        )
    except Exception as exc:  # the check reports any failure instead of raising
        return "critical", f"composer failed: {exc}"
    ms = (time.perf_counter() - started) * 1000
    checks = result.checks
    if not (checks["key_ok"] and checks["tempo_meta_ok"] and checks.get("wav_matches_midi")):
        return "critical", "composer output failed its self-check"
    return ("ok" if ms < 1000 else "warning"), f"10 s message composed and rendered in {ms:.0f} ms"


def messages_last_24h() -> float:
    from django.utils import timezone

    from domains.arts.models import MusicMessage

    since = timezone.now() - timedelta(hours=24)
    return float(MusicMessage.objects.filter(created_at__gte=since).count())


def register() -> None:
    from operations.registry import register_check, register_metric

    register_check("arts.composer", composer_smoke, level="full", critical=False)
    register_metric(
        "arts.messages_24h",
        messages_last_24h,
        unit="messages",
        description="Music messages composed in the last 24 hours",
    )
