"""Commerce: the product catalogue, shoppers' feedback and recorded recommendation calls."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.models import TimeStampedModel

AFFECT_VALIDATORS = [MinValueValidator(-1.0), MaxValueValidator(1.0)]
MAX_PRICE = Decimal("1000000.00")


class Product(TimeStampedModel):
    """One product in the shop, with the effect on mood it is expected to have."""

    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=80, db_index=True)
    price = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(MAX_PRICE)],
    )
    currency = models.CharField(max_length=3, default="EUR")
    description = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True, help_text="List of short affect/topic tags")
    valence = models.FloatField(validators=AFFECT_VALIDATORS, help_text="-1 saddening … +1 lifting")
    arousal = models.FloatField(
        validators=AFFECT_VALIDATORS, help_text="-1 calming … +1 energising"
    )
    stock = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["category", "name", "id"]
        indexes = [models.Index(fields=["active", "price"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="commerce_price_gte_0"),
            models.CheckConstraint(
                condition=models.Q(valence__gte=-1.0, valence__lte=1.0),
                name="commerce_valence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(arousal__gte=-1.0, arousal__lte=1.0),
                name="commerce_arousal_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.currency} {self.price})"


class Recommendation(TimeStampedModel):
    """One recorded call of mood_based_shopping: the request, the result and its provenance."""

    STRATEGIES = [("regulate", "Regulate"), ("congruent", "Congruent")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commerce_recommendations"
    )
    mood = models.CharField(max_length=64, help_text="Resolved emotion name, or 'custom'")
    mood_input = models.CharField(max_length=64, blank=True, help_text="What the person typed")
    mood_valence = models.FloatField()
    mood_arousal = models.FloatField()
    strategy = models.CharField(max_length=16, choices=STRATEGIES)
    target_valence = models.FloatField()
    target_arousal = models.FloatField()
    target_mode = models.CharField(max_length=16)
    budget_min = models.DecimalField(max_digits=12, decimal_places=2)
    budget_max = models.DecimalField(max_digits=12, decimal_places=2)
    effective_max = models.DecimalField(max_digits=12, decimal_places=2)
    category = models.CharField(max_length=80, blank=True)
    limit = models.PositiveSmallIntegerField()
    diversity_param = models.FloatField()
    guard_active = models.BooleanField(default=False)
    guard_reasons = models.JSONField(default=list, blank=True)
    items = models.JSONField(default=list, help_text="The ordered recommendations as returned")
    intra_list_diversity = models.FloatField(default=0.0)
    warnings = models.JSONField(default=list, blank=True)
    inputs_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=32)
    seed = models.IntegerField(default=0, help_text="The ranking is deterministic; kept for audit")
    catalogue_signature = models.CharField(max_length=32)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} · {self.mood} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def product_ids(self) -> list[int]:
        return [item["product_id"] for item in self.items]


class Interaction(TimeStampedModel):
    """A shopper's feedback on a product: view, click, save, purchase or dismiss."""

    KINDS = [
        ("view", "Viewed"),
        ("click", "Clicked"),
        ("save", "Saved"),
        ("purchase", "Bought"),
        ("dismiss", "Not for me"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commerce_interactions"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=16, choices=KINDS, db_index=True)
    recommendation = models.ForeignKey(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        help_text="The recommendation call this feedback answers, if any",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user} {self.kind} {self.product_id}"
