"""Cap table models: holders, share classes, holdings, SAFEs and notes, and saved round
scenarios (immutable inputs and outputs with their hash and engine version).

Share counts are whole numbers stored as Decimal(20, 0); money as Decimal(18, 2)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from common.models import TimeStampedModel

SHARES = {"max_digits": 20, "decimal_places": 0}
CT_MONEY = {"max_digits": 18, "decimal_places": 2}
FRACTION = {"max_digits": 7, "decimal_places": 4}
POSITIVE = [MinValueValidator(Decimal("0"))]
UNIT_FRACTION = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.9999"))]

SHARE_CLASS_KINDS = [
    ("common", "Common"),
    ("preferred", "Preferred"),
    ("options", "Options (granted)"),
]
HOLDER_KINDS = [
    ("founder", "Founder"),
    ("employee", "Employee"),
    ("angel", "Angel"),
    ("investor", "Investor"),
    ("advisor", "Advisor"),
    ("other", "Other"),
]
CONVERTIBLE_KINDS = [
    ("safe_post", "Post-money SAFE"),
    ("safe_pre", "Pre-money SAFE"),
    ("note", "Convertible note"),
]
PRE_MONEY_SOURCES = [("typed", "Typed"), ("valuation_p50", "Valuation P50")]


class CapTable(TimeStampedModel):
    """A company's capitalisation table: the root of its classes, holders and convertibles."""

    name = models.CharField(max_length=120, unique=True)
    currency = models.CharField(max_length=3, default="USD")
    pool_unallocated = models.DecimalField(
        **SHARES,
        default=Decimal("0"),
        validators=POSITIVE,
        help_text="Options reserved under the plan and not yet granted",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ShareClass(models.Model):
    """One class of shares of a cap table (common, a preferred series, or granted options)."""

    cap_table = models.ForeignKey(CapTable, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=SHARE_CLASS_KINDS, default="common")

    class Meta:
        ordering = ["cap_table_id", "kind", "name"]
        verbose_name_plural = "share classes"
        constraints = [
            models.UniqueConstraint(fields=["cap_table", "name"], name="captable_class_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class Holder(models.Model):
    """A person or fund on a cap table."""

    cap_table = models.ForeignKey(CapTable, on_delete=models.CASCADE, related_name="holders")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=HOLDER_KINDS, default="other")

    class Meta:
        ordering = ["cap_table_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cap_table", "name"], name="captable_holder_unique")
        ]

    def __str__(self):
        return self.name


class Holding(models.Model):
    """Shares (or granted options) of one class held by one holder."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="holdings")
    share_class = models.ForeignKey(ShareClass, on_delete=models.PROTECT, related_name="holdings")
    shares = models.DecimalField(**SHARES, validators=POSITIVE)

    class Meta:
        ordering = ["holder_id", "share_class_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(shares__gte=0), name="captable_shares_gte_0"),
            models.UniqueConstraint(
                fields=["holder", "share_class"], name="captable_holding_unique"
            ),
        ]

    def __str__(self):
        return f"{self.holder}: {self.shares} {self.share_class.name}"

    def clean(self):
        if (
            self.holder_id
            and self.share_class_id
            and self.holder.cap_table_id != self.share_class.cap_table_id
        ):
            raise ValidationError({"share_class": "The class belongs to another cap table."})


class ConvertibleInstrument(models.Model):
    """A SAFE (post- or pre-money) or a convertible note, outstanding until a priced round."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="convertibles")
    kind = models.CharField(max_length=10, choices=CONVERTIBLE_KINDS)
    amount = models.DecimalField(
        **CT_MONEY,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Purchase amount (SAFE) or principal (note)",
    )
    valuation_cap = models.DecimalField(
        **CT_MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    discount = models.DecimalField(
        **FRACTION,
        null=True,
        blank=True,
        validators=UNIT_FRACTION,
        help_text="0.20 = converts at 80% of the round price",
    )
    interest_rate = models.DecimalField(
        **FRACTION,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Notes: simple annual rate, 0.08 = 8%",
    )
    issue_date = models.DateField()
    maturity_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["issue_date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="captable_amount_gt_0"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.holder} {self.amount}"

    def clean(self):
        if self.kind != "note" and self.interest_rate:
            raise ValidationError({"interest_rate": "Only notes carry interest."})
        if self.maturity_date and self.issue_date and self.maturity_date < self.issue_date:
            raise ValidationError({"maturity_date": "Maturity comes after the issue date."})


class RoundScenario(models.Model):
    """A saved priced-round scenario: immutable inputs and outputs, inputs hash, engine version."""

    cap_table = models.ForeignKey(CapTable, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_scenarios",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    pre_money_source = models.CharField(max_length=14, choices=PRE_MONEY_SOURCES)
    pre_money = models.DecimalField(**CT_MONEY)
    raise_amount = models.DecimalField(**CT_MONEY)
    target_pool = models.DecimalField(**FRACTION)
    close_date = models.DateField()
    price_per_share = models.DecimalField(max_digits=24, decimal_places=8)
    post_money = models.DecimalField(**CT_MONEY)
    inputs = models.JSONField(help_text="Canonical inputs the hash covers (cap table included)")
    outputs = models.JSONField()
    inputs_hash = models.CharField(max_length=64, db_index=True)
    engine_version = models.CharField(max_length=40)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cap_table", "name"], name="captable_scenario_name")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A saved scenario is evidence of what was modelled: never rewritten. Only the link to
        # its author may change (an account's data moving or being anonymised).
        author_only = set(kwargs.get("update_fields") or ()) == {"created_by"}
        if self.pk is not None and not author_only and not kwargs.pop("force_insert", False):
            raise ValidationError("Round scenarios are immutable; save a new one.")
        super().save(*args, **kwargs)
