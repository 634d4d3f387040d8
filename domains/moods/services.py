"""Writes to the mood journal."""

from __future__ import annotations

import math
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from domains.moods.models import NOTE_MAX_LENGTH, MoodEntry
from domains.moods.selectors import emotion_resolve, lexicon_get


def _validated(*, emotion: str, intensity: float, note: str) -> tuple:
    errors: dict[str, list[str]] = {}
    resolved = None
    try:
        resolved = emotion_resolve(word=emotion)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if isinstance(intensity, bool) or not isinstance(intensity, int | float):
        errors["intensity"] = ["Intensity must be a number between 0 and 1."]
    elif math.isnan(intensity) or not (0.0 <= float(intensity) <= 1.0):
        errors["intensity"] = ["Intensity must be between 0 and 1."]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Notes are limited to {NOTE_MAX_LENGTH} characters."]
    if errors:
        raise ValidationError(errors)
    return resolved


@transaction.atomic
def mood_entry_create(
    *,
    user,
    emotion: str,
    intensity: float,
    note: str = "",
    recorded_at: datetime | None = None,
) -> MoodEntry:
    """Record a mood; the emotion word may be a synonym or a small typo of a lexicon entry."""
    resolved = _validated(emotion=emotion, intensity=intensity, note=note)
    if recorded_at is not None and recorded_at > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError({"recorded_at": ["A mood cannot be recorded in the future."]})
    entry = MoodEntry(
        user=user,
        emotion=resolved.name,
        intensity=float(intensity),
        note=note,
        recorded_at=recorded_at or timezone.now(),
        valence=resolved.valence,
        arousal=resolved.arousal,
        dominance=resolved.dominance,
        lexicon_version=lexicon_get().version,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def mood_entry_update(
    *,
    entry: MoodEntry,
    emotion: str | None = None,
    intensity: float | None = None,
    note: str | None = None,
) -> MoodEntry:
    """Change an entry's emotion, intensity or note."""
    resolved = _validated(
        emotion=emotion if emotion is not None else entry.emotion,
        intensity=intensity if intensity is not None else entry.intensity,
        note=note if note is not None else entry.note,
    )
    entry.emotion = resolved.name
    entry.valence, entry.arousal, entry.dominance = resolved.vad
    if intensity is not None:
        entry.intensity = float(intensity)
    if note is not None:
        entry.note = note
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def mood_entry_delete(*, entry: MoodEntry) -> None:
    """Remove an entry from the journal."""
    entry.delete()
