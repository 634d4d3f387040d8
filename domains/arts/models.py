"""Emotional music messages."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from common.models import TimeStampedModel

TEXT_MAX_LENGTH = 1000
RECIPIENT_MAX_LENGTH = 80


def new_share_token() -> str:
    """An unguessable share token (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def _file_path(instance: "MusicMessage", filename: str) -> str:
    # A random directory keeps stored paths unguessable even where a storage backend is public.
    return f"arts/{instance.owner_id}/{secrets.token_hex(12)}/{filename}"


class MusicMessage(TimeStampedModel):
    """One composed music message: its inputs, the parameters used, its files and share link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="music_messages"
    )
    emotion = models.CharField(max_length=64, help_text="Canonical lexicon emotion")
    from_emotion = models.CharField(max_length=64, blank=True, help_text="Start of an arc")
    occasion = models.CharField(max_length=32)
    intensity = models.FloatField(validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    duration_s = models.FloatField(validators=[MinValueValidator(10.0), MaxValueValidator(120.0)])
    recipient_name = models.CharField(max_length=RECIPIENT_MAX_LENGTH, blank=True)
    text = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    options = models.JSONField(default=dict, help_text="The composer inputs, as given")
    parameters = models.JSONField(default=dict, help_text="Every cue value the composer used")
    explanation = models.JSONField(default=list)
    checks = models.JSONField(default=dict, help_text="Self-check results (key, tempo, length)")
    seed = models.PositiveBigIntegerField()
    engine_version = models.CharField(max_length=32)
    lexicon_version = models.CharField(max_length=32, blank=True)
    inputs_hash = models.CharField(max_length=64, db_index=True)
    midi_file = models.FileField(upload_to=_file_path, max_length=255)
    audio_file = models.FileField(upload_to=_file_path, max_length=255)
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token)
    share_revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intensity__gte=0.0) & models.Q(intensity__lte=1.0),
                name="arts_message_intensity_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_s__gte=10.0) & models.Q(duration_s__lte=120.0),
                name="arts_message_duration_10_120",
            ),
        ]

    def __str__(self):
        return f"{self.emotion} for {self.occasion} by {self.owner} ({self.created_at:%Y-%m-%d})"

    @property
    def is_shared(self) -> bool:
        return not self.share_revoked
