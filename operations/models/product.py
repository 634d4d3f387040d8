"""Product and success metrics: analytics events, surveys, targets, market sizes, samples."""

from django.conf import settings
from django.db import models


class AnalyticsEvent(models.Model):
    """One thing a user did: logged in, viewed a page, called the API."""

    KINDS = [("login", "Login"), ("page", "Page view"), ("api", "API call"), ("logout", "Logout")]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(max_length=8, choices=KINDS)
    path = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["user", "occurred_at"], name="ops_event_user_time")]

    def __str__(self):
        return f"{self.kind} {self.user_id} {self.occurred_at:%Y-%m-%d %H:%M}"


class SurveyResponse(models.Model):
    """One in-app survey answer: NPS (0-10) or CSAT (1-5)."""

    KINDS = [("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)")]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(max_length=4, choices=KINDS)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="nps", score__lte=10))
                | models.Q(kind="csat", score__gte=1, score__lte=5),
                name="ops_survey_score_range",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.score}"


class SuccessTarget(models.Model):
    """A success metric and its Year 1-3 targets (editable by staff)."""

    CATEGORIES = [("business", "Business"), ("product", "Product"), ("innovation", "Innovation")]
    DIRECTIONS = [("higher", "Higher is better"), ("lower", "Lower is better")]
    key = models.CharField(max_length=120, unique=True, help_text="Metric name")
    label = models.CharField(max_length=120)
    category = models.CharField(max_length=12, choices=CATEGORIES)
    unit = models.CharField(max_length=20, blank=True)
    direction = models.CharField(max_length=6, choices=DIRECTIONS, default="higher")
    year1 = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    year2 = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    year3 = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "key"]

    def __str__(self):
        return self.label


class MarketSegment(models.Model):
    """A market with an entered size; share = the chosen metric's value / size."""

    name = models.CharField(max_length=120, unique=True)
    metric = models.CharField(max_length=120, help_text="Metric measuring our size in it")
    market_size = models.DecimalField(max_digits=20, decimal_places=2)
    target_share_percent = models.DecimalField(max_digits=7, decimal_places=3, default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MetricSample(models.Model):
    """A registered metric's value on one day, for trend charts."""

    name = models.CharField(max_length=120)
    day = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["name", "day"]
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="ops_metricsample_unique")
        ]

    def __str__(self):
        return f"{self.name} {self.day} = {self.value:g}"
