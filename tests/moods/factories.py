import factory
from django.utils import timezone

from domains.moods.models import MoodEntry


class MoodEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoodEntry

    emotion = "joy"
    intensity = 0.5
    note = ""
    recorded_at = factory.LazyFunction(timezone.now)
    valence = 0.85
    arousal = 0.55
    dominance = 0.45
    lexicon_version = "1.0.0"
