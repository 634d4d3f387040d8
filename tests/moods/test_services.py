import pytest
from django.core.exceptions import ValidationError

from domains.moods import selectors, services
from domains.moods.models import MoodEntry

pytestmark = pytest.mark.django_db


def test_create_resolves_synonym_and_stores_coordinates(user):
    entry = services.mood_entry_create(user=user, emotion="grief", intensity=0.7, note="x")
    assert entry.emotion == "sadness"
    lexicon = selectors.lexicon_get()
    assert (entry.valence, entry.arousal, entry.dominance) == lexicon.get("sadness").vad
    assert entry.lexicon_version == lexicon.version


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"emotion": "blorp", "intensity": 0.5}, "emotion"),
        ({"emotion": "joy", "intensity": 1.5}, "intensity"),
        ({"emotion": "joy", "intensity": float("nan")}, "intensity"),
        ({"emotion": "joy", "intensity": True}, "intensity"),
        ({"emotion": "joy", "intensity": 0.5, "note": "x" * 100_000}, "note"),
    ],
)
def test_bad_input_writes_nothing(user, kwargs, field):
    with pytest.raises(ValidationError) as info:
        services.mood_entry_create(user=user, **kwargs)
    assert field in info.value.message_dict
    assert MoodEntry.objects.count() == 0


def test_selectors_only_return_own_entries(user, other_user):
    mine = services.mood_entry_create(user=user, emotion="joy", intensity=0.5)
    theirs = services.mood_entry_create(user=other_user, emotion="calm", intensity=0.5)
    assert list(selectors.mood_entry_list(user=user)) == [mine]
    assert selectors.mood_entry_get(user=user, entry_id=theirs.pk) is None
    assert [p["emotion"] for p in selectors.mood_series(user=user)] == ["joy"]


def test_update_changes_emotion_and_coordinates(user):
    entry = services.mood_entry_create(user=user, emotion="joy", intensity=0.5)
    services.mood_entry_update(entry=entry, emotion="calm", intensity=0.2)
    entry.refresh_from_db()
    assert entry.emotion == "calm" and entry.intensity == 0.2
    assert entry.valence == selectors.lexicon_get().get("calm").valence


def test_summary_counts_last_week(user):
    for word in ("joy", "joy", "calm"):
        services.mood_entry_create(user=user, emotion=word, intensity=0.5)
    summary = selectors.mood_summary(user=user)
    assert summary["count"] == 3 and summary["top_emotion"] == "joy"


def test_daily_series_averages_each_day(user):
    from django.utils import timezone

    day = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timezone.timedelta(
        days=1
    )
    services.mood_entry_create(user=user, emotion="joy", intensity=0.5, recorded_at=day)
    services.mood_entry_create(
        user=user, emotion="sadness", intensity=0.5, recorded_at=day + timezone.timedelta(hours=2)
    )
    lexicon = selectors.lexicon_get()
    (point,) = selectors.mood_daily_series(user=user)
    expected = (lexicon.get("joy").valence + lexicon.get("sadness").valence) / 2
    assert point["count"] == 2 and abs(point["valence"] - expected) < 1e-3
