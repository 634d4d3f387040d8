"""Abstract bases shared by every context. No concrete models live here."""

from django.db import models


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
