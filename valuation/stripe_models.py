"""Stripe intake models: a component's connection, the events Stripe sent, the latest state of
the Stripe objects they describe, refused deliveries, and the staff-kept exchange rates."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from common.models import TimeStampedModel

EVENT_STATUSES = [
    ("received", "Received"),
    ("processed", "Processed"),
    ("ignored", "Ignored"),
    ("failed", "Failed"),
]
EVENT_SOURCES = [("webhook", "Webhook"), ("backfill", "Backfill")]


class StripeConnection(TimeStampedModel):
    """One component's link to a Stripe account: its webhook signing secrets (write-only)."""

    component = models.OneToOneField(
        "valuation.Component", on_delete=models.CASCADE, related_name="stripe_connection"
    )
    # Plain text is unavoidable: HMAC verification needs the secret itself. Never rendered.
    secrets = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    usage_stream = models.CharField(
        max_length=16,
        default="transaction_fee",
        help_text="Ledger stream for metered (usage) invoice lines and one-off charges",
    )

    class Meta:
        ordering = ["component__name"]

    def __str__(self):
        return f"Stripe for {self.component}"

    @property
    def masked_secrets(self) -> list[str]:
        """Secrets as staff may see them: prefix and last four characters only."""
        return [f"{s[:6]}…{s[-4:]}" if len(s) > 12 else "••••" for s in self.secrets]


class StripeEvent(TimeStampedModel):
    """One Stripe event as delivered (once per event id), with its processing outcome."""

    connection = models.ForeignKey(
        StripeConnection, on_delete=models.CASCADE, related_name="events"
    )
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(help_text="Stripe's `created` time of the event")
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=EVENT_STATUSES, default="received")
    source = models.CharField(max_length=10, choices=EVENT_SOURCES, default="webhook")
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    next_retry_at = models.DateTimeField(null=True, blank=True)
    signatures = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["connection", "status", "-created"])]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "event_id"], name="valuation_stripe_event_once"
            )
        ]

    def __str__(self):
        return f"{self.event_id} {self.type} ({self.status})"


class StripeObject(TimeStampedModel):
    """The newest known state of one Stripe object (subscription, customer, invoice, charge)."""

    connection = models.ForeignKey(
        StripeConnection, on_delete=models.CASCADE, related_name="objects_seen"
    )
    object_type = models.CharField(max_length=20)
    object_id = models.CharField(max_length=255)
    customer_id = models.CharField(max_length=255, blank=True, db_index=True)
    payload = models.JSONField()
    observed_at = models.DateTimeField(help_text="Time of the event or export that showed it")

    class Meta:
        ordering = ["object_type", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "object_type", "object_id"],
                name="valuation_stripe_object_once",
            )
        ]

    def __str__(self):
        return f"{self.object_type} {self.object_id}"


class StripeDeliveryFailure(models.Model):
    """A webhook request refused before storage: unsigned, wrongly signed, stale or replayed."""

    connection = models.ForeignKey(
        StripeConnection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delivery_failures",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.CharField(max_length=20)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.reason} at {self.at:%Y-%m-%d %H:%M}"


class ExchangeRate(TimeStampedModel):
    """Units of `base` per unit of `currency` from `date` on (staff-kept rate table)."""

    currency = models.CharField(max_length=3)
    base = models.CharField(max_length=3)
    date = models.DateField()
    rate = models.DecimalField(
        max_digits=14, decimal_places=6, validators=[MinValueValidator(Decimal("0.000001"))]
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "base", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "base", "date"], name="valuation_exchange_rate_once"
            )
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate} {self.base} from {self.date}"
