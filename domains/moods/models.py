"""The mood journal."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from common.models import TimeStampedModel

NOTE_MAX_LENGTH = 2000


class MoodEntry(TimeStampedModel):
    """One mood a user recorded: an emotion from the lexicon, how strongly, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mood_entries"
    )
    emotion = models.CharField(max_length=64, help_text="Canonical name from the emotion lexicon")
    intensity = models.FloatField(
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)], help_text="0 (faint) to 1"
    )
    note = models.TextField(blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    valence = models.FloatField(help_text="Lexicon valence of the emotion when recorded")
    arousal = models.FloatField(help_text="Lexicon arousal of the emotion when recorded")
    dominance = models.FloatField(help_text="Lexicon dominance of the emotion when recorded")
    lexicon_version = models.CharField(max_length=32)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "mood entries"
        indexes = [models.Index(fields=["user", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intensity__gte=0.0) & models.Q(intensity__lte=1.0),
                name="moods_entry_intensity_0_1",
            ),
        ]

    def __str__(self):
        when = f"{self.recorded_at:%Y-%m-%d %H:%M}"
        return f"{self.user} felt {self.emotion} ({self.intensity:.2f}) at {when}"
