"""Reads of the emotion model and the mood journal."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.db.models import QuerySet

from domains.moods.engines.lexicon import Lexicon, lexicon_load
from domains.moods.models import MoodEntry

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "emotions.json"


@lru_cache(maxsize=1)
def lexicon_get() -> Lexicon:
    """The shared emotion lexicon (loaded once per process from data/emotions.json)."""
    return lexicon_load(LEXICON_PATH)


def mood_entry_list(*, user, filters: dict | None = None) -> QuerySet[MoodEntry]:
    """The user's own entries, newest first, narrowed by the shared MoodEntryFilterSet."""
    from domains.moods.filters import MoodEntryFilterSet

    qs = MoodEntry.objects.filter(user=user)
    return MoodEntryFilterSet(filters or {}, queryset=qs).qs


def mood_entry_get(*, user, entry_id: int) -> MoodEntry | None:
    """One of the user's entries, or None (also for another user's entry)."""
    return MoodEntry.objects.filter(user=user, pk=entry_id).first()


def mood_series(*, user, since: datetime | None = None, limit: int = 500) -> list[dict]:
    """Chronological points for the journal chart: time, valence, arousal, intensity, emotion."""
    qs = MoodEntry.objects.filter(user=user)
    if since is not None:
        qs = qs.filter(recorded_at__gte=since)
    rows = qs.order_by("-recorded_at").values(
        "recorded_at", "valence", "arousal", "intensity", "emotion"
    )[:limit]
    return [
        {
            "t": row["recorded_at"].isoformat(),
            "valence": row["valence"],
            "arousal": row["arousal"],
            "intensity": row["intensity"],
            "emotion": row["emotion"],
        }
        for row in reversed(list(rows))
    ]


def mood_daily_series(*, user, days: int = 60) -> list[dict]:
    """Per-day means of valence and arousal (UTC days) over the last `days` days, oldest first."""
    from django.db.models import Avg, Count
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    since = timezone.now() - timezone.timedelta(days=days)
    rows = (
        MoodEntry.objects.filter(user=user, recorded_at__gte=since)
        .annotate(day=TruncDate("recorded_at"))
        .values("day")
        .annotate(valence=Avg("valence"), arousal=Avg("arousal"), n=Count("id"))
        .order_by("day")
    )
    return [
        {
            "day": row["day"].isoformat(),
            "valence": round(row["valence"], 3),
            "arousal": round(row["arousal"], 3),
            "count": row["n"],
        }
        for row in rows
    ]


def mood_summary(*, user, days: int = 7) -> dict:
    """Counts and averages over the last `days` days, for dashboards."""
    from django.db.models import Avg, Count
    from django.utils import timezone

    since = timezone.now() - timezone.timedelta(days=days)
    qs = MoodEntry.objects.filter(user=user, recorded_at__gte=since)
    agg = qs.aggregate(n=Count("id"), valence=Avg("valence"), arousal=Avg("arousal"))
    top = qs.values("emotion").annotate(n=Count("id")).order_by("-n", "emotion").first()
    return {
        "days": days,
        "count": agg["n"],
        "mean_valence": agg["valence"],
        "mean_arousal": agg["arousal"],
        "top_emotion": top["emotion"] if top else None,
    }


def emotion_resolve(*, word: str, field: str = "emotion"):
    """Resolve a word to its Emotion, or raise ValidationError({field: [...close matches...]})."""
    from django.core.exceptions import ValidationError

    from domains.moods.engines.lexicon import UnknownEmotion

    try:
        return lexicon_get().lookup(word)
    except UnknownEmotion as exc:
        raise ValidationError({field: [str(exc)]}) from exc
