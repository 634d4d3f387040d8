"""Moods API serializers: one input, one output per entity."""

from rest_framework import serializers

from common.api import serializers as fast
from common.api.fields import StrictFloatField
from domains.moods.models import NOTE_MAX_LENGTH, MoodEntry


class MoodEntryInputSerializer(fast.Serializer):
    emotion = serializers.CharField(max_length=64, help_text="Emotion, synonym or near typo")
    intensity = StrictFloatField(min_value=0.0, max_value=1.0)
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        allow_blank=True,
        required=False,
        default="",
        trim_whitespace=True,
    )
    recorded_at = serializers.DateTimeField(required=False)


class MoodEntryOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = MoodEntry
        fields = [
            "id",
            "emotion",
            "intensity",
            "note",
            "recorded_at",
            "valence",
            "arousal",
            "dominance",
            "lexicon_version",
            "created_at",
        ]
        read_only_fields = fields


class EmotionSerializer(fast.Serializer):
    name = serializers.CharField()
    family = serializers.CharField()
    valence = serializers.FloatField()
    arousal = serializers.FloatField()
    dominance = serializers.FloatField()
    synonyms = serializers.ListField(child=serializers.CharField())
