"""Emotional risk profiles: immutable assessments, staff-read audit log, market drawdowns."""

from django.conf import settings
from django.db import models

from common.models import TimeStampedModel


class RiskAssessment(TimeStampedModel):
    """One completed risk questionnaire and its result; never changed after it is written."""

    FORMS = [("short", "Short form"), ("full", "Full questionnaire")]
    BANDS = [("low", "Low"), ("moderate", "Moderate"), ("elevated", "Elevated"), ("high", "High")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    form = models.CharField(max_length=8, choices=FORMS)
    answers = models.JSONField(help_text="The validated inputs exactly as scored")
    tolerance = models.FloatField(help_text="Risk tolerance 0-100")
    tolerance_raw = models.PositiveSmallIntegerField(null=True, blank=True)
    tolerance_band = models.CharField(max_length=16, blank=True)
    anxiety = models.FloatField(help_text="Financial anxiety 0-100")
    anxiety_raw = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity = models.FloatField(help_text="Risk capacity 0-100")
    capacity_inputs = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(help_text="Emotional risk score 0-100")
    band = models.CharField(max_length=10, choices=BANDS)
    comfort_loss = models.FloatField(help_text="6-month fall the person can sit through, 0-1")
    comfort_level = models.PositiveSmallIntegerField(help_text="1-99")
    allocation = models.JSONField(help_text="{stocks, bonds, cash} fractions")
    allocation_detail = models.JSONField(default=dict)
    outcomes = models.JSONField(help_text="Terminal percentiles, yearly fan, drawdown odds")
    horizon_years = models.PositiveSmallIntegerField()
    flags = models.JSONField(default=list)
    mood_state = models.JSONField(default=dict)
    confidence = models.CharField(max_length=16)
    formula_version = models.CharField(max_length=16)
    engine_version = models.CharField(max_length=32)
    assumptions_version = models.CharField(max_length=16)
    seed = models.BigIntegerField()
    inputs_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        permissions = [("read_any_assessment", "Can read any person's risk assessment (logged)")]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="finance_score_0_100"),
        ]

    def __str__(self):
        return f"{self.user} · {self.score} ({self.band}) · {self.created_at:%Y-%m-%d}"


class AssessmentAccess(models.Model):
    """A staff member read someone else's assessment (the audit trail of sensitive reads)."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_reads"
    )
    via = models.CharField(max_length=16, help_text="api, page or admin")
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name_plural = "assessment accesses"

    def __str__(self):
        return f"{self.reader} read #{self.assessment_id} via {self.via}"


class MarketDrawdown(TimeStampedModel):
    """A market fall recorded by staff; a large one makes affected assessments due again."""

    occurred_on = models.DateField()
    stocks_drawdown = models.FloatField(help_text="Peak-to-trough fall of stocks, 0-1")
    bonds_drawdown = models.FloatField(default=0.0, help_text="Fall of bonds, 0-1")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.occurred_on}: stocks -{self.stocks_drawdown:.0%}"
