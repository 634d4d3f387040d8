"""Valuation context: components, their revenue ledger and costs, peer multiples, the policy
staff edit, revaluation jobs and immutable valuation snapshots."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from common.models import TimeStampedModel
from valuation.engines.types import INTERVALS, KINDS, STREAMS

MONEY = {"max_digits": 18, "decimal_places": 2}
RATE = {"max_digits": 7, "decimal_places": 4}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
NAME_VALIDATOR = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9_]{1,63}$",
    "Use 2-64 letters, digits or underscores, starting with a letter "
    "(e.g. FinanceAdvisor_Platform).",
)

STAGES = [
    ("idea", "Idea"),
    ("pre_revenue", "Pre-revenue"),
    ("early", "Early revenue"),
    ("growth", "Growth"),
    ("mature", "Mature"),
]
KIND_CHOICES = [(k, k.replace("_", "-").title()) for k in KINDS]
STREAM_CHOICES = [(s, s.replace("_", " ").title()) for s in STREAMS]
INTERVAL_CHOICES = [(i, i.replace("_", "-").title()) for i in INTERVALS]
COST_CATEGORIES = [
    ("sales", "Sales"),
    ("marketing", "Marketing"),
    ("cogs", "Cost of revenue"),
    ("rnd", "Research & development"),
    ("other", "Other operating"),
]
CAC_CATEGORIES = ("sales", "marketing")
DEFAULT_WEIGHTS = {"revenue_multiple": 0.5, "dcf_gordon": 0.3, "vc_method": 0.2}


def default_weights() -> dict:
    return dict(DEFAULT_WEIGHTS)


class Component(TimeStampedModel):
    """A product component in the portfolio, with the assumptions its valuation uses."""

    name = models.CharField(max_length=64, unique=True, validators=[NAME_VALIDATOR])
    title = models.CharField(max_length=200)
    sector = models.CharField(max_length=80, db_index=True)
    stage = models.CharField(max_length=16, choices=STAGES, default="early")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="valuation_components",
    )
    launch_date = models.DateField(null=True, blank=True)
    invention_ref = models.CharField(
        max_length=64,
        blank=True,
        help_text="Key of the invention this came from (innovation context)",
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    currency = models.CharField(max_length=3, default="USD")
    # Valuation assumptions (fractions per year).
    gross_margin = models.DecimalField(**RATE, default=Decimal("0.75"))
    operating_margin = models.DecimalField(**RATE, default=Decimal("0.05"))
    target_margin = models.DecimalField(**RATE, default=Decimal("0.25"))
    growth_override = models.DecimalField(
        **RATE,
        null=True,
        blank=True,
        help_text="Expected growth; blank = trailing 12-month MRR growth",
    )
    growth_sd = models.DecimalField(**RATE, default=Decimal("0.15"))
    margin_sd = models.DecimalField(**RATE, default=Decimal("0.05"))
    discount_rate = models.DecimalField(**RATE, default=Decimal("0.12"))
    terminal_growth = models.DecimalField(**RATE, default=Decimal("0.03"))
    vc_target_return = models.DecimalField(**RATE, default=Decimal("0.40"))
    vc_dilution = models.DecimalField(**RATE, default=Decimal("0.20"))
    factor_loading = models.DecimalField(**RATE, default=Decimal("0.50"))
    method_weights = models.JSONField(default=default_weights)
    weights_rationale = models.TextField(blank=True)
    pwerm_scenarios = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"name": "sale", "probability": 0.6, "exit_value": 1e7, "years": 3}, ...]',
    )
    cash = models.DecimalField(**MONEY, default=Decimal("0"), validators=NON_NEGATIVE)
    monthly_opex = models.DecimalField(**MONEY, default=Decimal("0"), validators=NON_NEGATIVE)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        r, g = self.discount_rate, self.terminal_growth
        if r is not None and g is not None and r <= g:
            raise ValidationError(
                {"discount_rate": "The discount rate must exceed the terminal growth rate."}
            )


class RevenueEvent(TimeStampedModel):
    """One line of a component's revenue ledger: a subscription change or a one-off charge."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="revenue_events"
    )
    customer_ref = models.CharField(max_length=64)
    subscription_ref = models.CharField(
        max_length=64, blank=True, help_text="Which of the customer's subscriptions; blank = stream"
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    stream = models.CharField(max_length=16, choices=STREAM_CHOICES, default="subscription")
    amount = models.DecimalField(**MONEY, validators=NON_NEGATIVE)
    interval = models.CharField(max_length=10, choices=INTERVAL_CHOICES, default="monthly")
    currency = models.CharField(max_length=3, default="USD")
    fx_rate = models.DecimalField(
        max_digits=14,
        decimal_places=6,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text="Units of the component's currency per unit of `currency` at event time",
    )
    external_id = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10, default="api")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["component", "occurred_at"]),
            models.Index(fields=["component", "customer_ref"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="valuation_event_amount_gte_0"
            ),
            models.UniqueConstraint(
                fields=["component", "external_id"],
                condition=~models.Q(external_id=""),
                name="valuation_event_external_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.component} {self.customer_ref} {self.kind} {self.amount}"


class CostEntry(TimeStampedModel):
    """Spend of one category in one month for a component (sales & marketing feed CAC)."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="cost_entries")
    month = models.DateField(help_text="First day of the month the spend belongs to")
    category = models.CharField(max_length=12, choices=COST_CATEGORIES)
    amount = models.DecimalField(**MONEY, validators=NON_NEGATIVE)
    currency = models.CharField(max_length=3, default="USD")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-month", "component_id", "category"]
        verbose_name_plural = "cost entries"
        indexes = [models.Index(fields=["component", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="valuation_cost_amount_gte_0"
            ),
        ]

    def __str__(self):
        return f"{self.component} {self.category} {self.month:%Y-%m} {self.amount}"


class MultiplesTable(TimeStampedModel):
    """Peer EV/revenue multiples of one sector at one date, with their source."""

    sector = models.CharField(max_length=80, db_index=True)
    ev_revenue_p25 = models.DecimalField(max_digits=8, decimal_places=3, validators=NON_NEGATIVE)
    ev_revenue_p50 = models.DecimalField(max_digits=8, decimal_places=3, validators=NON_NEGATIVE)
    ev_revenue_p75 = models.DecimalField(max_digits=8, decimal_places=3, validators=NON_NEGATIVE)
    source = models.CharField(max_length=200)
    as_of = models.DateField()

    class Meta:
        ordering = ["sector", "-as_of"]
        verbose_name = "multiples table row"
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "as_of"], name="valuation_multiples_sector_date"
            ),
            models.CheckConstraint(
                condition=models.Q(ev_revenue_p25__lte=models.F("ev_revenue_p50"))
                & models.Q(ev_revenue_p50__lte=models.F("ev_revenue_p75")),
                name="valuation_multiples_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.sector} {self.as_of}: {self.ev_revenue_p50}x"

    def clean(self):
        vals = (self.ev_revenue_p25, self.ev_revenue_p50, self.ev_revenue_p75)
        if None not in vals and not vals[0] <= vals[1] <= vals[2]:
            raise ValidationError("Multiples must satisfy P25 <= P50 <= P75.")


class ValuationPolicy(models.Model):
    """The single row of alert thresholds and metric conventions staff may edit."""

    value_move_pct = models.DecimalField(
        **RATE, default=Decimal("5"), help_text="Alert when |change| > this %"
    )
    p10_floor_ratio = models.DecimalField(
        **RATE, default=Decimal("0.50"), help_text="Alert when P10 / value falls below this"
    )
    var_limit = models.DecimalField(
        **RATE, default=Decimal("0.10"), help_text="Daily VaR 95% limit (fraction)"
    )
    hhi_limit = models.DecimalField(**RATE, default=Decimal("0.40"))
    ltv_cac_min = models.DecimalField(**RATE, default=Decimal("1"))
    runway_min_months = models.DecimalField(**RATE, default=Decimal("6"))
    mrr_drop_pct = models.DecimalField(**RATE, default=Decimal("10"))
    churn_max_pct = models.DecimalField(**RATE, default=Decimal("5"))
    merge_window_minutes = models.PositiveIntegerField(
        default=60, validators=[MaxValueValidator(1440)]
    )
    churn_convention = models.CharField(
        max_length=10,
        default="standard",
        choices=[("standard", "Churned / customers at start"), ("stripe", "Stripe (start + new)")],
    )
    monte_carlo_paths = models.PositiveIntegerField(
        default=10000, validators=[MinValueValidator(100), MaxValueValidator(200000)]
    )
    default_seed = models.PositiveIntegerField(default=20240601)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "valuation policy"
        verbose_name_plural = "valuation policy"

    def __str__(self):
        return "Valuation thresholds and conventions"


class RevaluationJob(TimeStampedModel):
    """A queued or finished revaluation of one component (and then the portfolio)."""

    STATUSES = [
        ("queued", "Queued"),
        ("running", "Running"),
        ("done", "Done"),
        ("failed", "Failed"),
    ]
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.CASCADE, related_name="revaluation_jobs"
    )
    status = models.CharField(max_length=8, choices=STATUSES, default="queued", db_index=True)
    reason = models.CharField(max_length=120, blank=True)
    requested_count = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    snapshot_ids = models.JSONField(default=list, blank=True)
    # When its task was last handed to the broker (the outbox sweeper re-sends stale ones).
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one queued job per component (0 standing for the whole portfolio), so
            # concurrent first requests cannot each queue one: the loser joins the winner.
            models.UniqueConstraint(
                Coalesce("component", Value(0)),
                condition=Q(status="queued"),
                name="valuation_one_queued_job_per_component",
            ),
        ]

    def __str__(self):
        return f"revalue {self.component or 'portfolio'} ({self.status})"


class ValuationSnapshot(models.Model):
    """An immutable valuation of one component (or of the whole portfolio) as of a date."""

    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.PROTECT, related_name="snapshots"
    )
    scope = models.CharField(
        max_length=80, db_index=True, help_text='"portfolio" or the component name'
    )
    as_of = models.DateField(db_index=True)
    computed_at = models.DateTimeField(db_index=True)
    value = models.DecimalField(**MONEY)
    mean = models.DecimalField(**MONEY)
    std = models.DecimalField(**MONEY)
    p5 = models.DecimalField(**MONEY)
    p10 = models.DecimalField(**MONEY)
    p25 = models.DecimalField(**MONEY)
    p50 = models.DecimalField(**MONEY)
    p75 = models.DecimalField(**MONEY)
    p90 = models.DecimalField(**MONEY)
    p95 = models.DecimalField(**MONEY)
    mrr = models.DecimalField(**MONEY, default=Decimal("0"))
    arr = models.DecimalField(**MONEY, default=Decimal("0"))
    methods = models.JSONField(default=dict)
    risk = models.JSONField(default=dict)
    kpis = models.JSONField(default=dict)
    projection = models.JSONField(default=list)
    fan = models.JSONField(default=list)
    sensitivity = models.JSONField(default=list)
    alerts = models.JSONField(default=list)
    inputs = models.JSONField(default=dict, help_text="Canonical inputs the hash covers")
    inputs_hash = models.CharField(max_length=64, db_index=True)
    seed = models.BigIntegerField()
    engine_version = models.CharField(max_length=40)
    trigger = models.CharField(max_length=20, default="manual")

    class Meta:
        ordering = ["-as_of", "-computed_at", "-id"]
        indexes = [models.Index(fields=["scope", "-as_of", "-computed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "as_of", "inputs_hash"], name="valuation_snapshot_unique_inputs"
            ),
            models.CheckConstraint(
                condition=models.Q(p5__lte=models.F("p10"))
                & models.Q(p10__lte=models.F("p25"))
                & models.Q(p25__lte=models.F("p50"))
                & models.Q(p50__lte=models.F("p75"))
                & models.Q(p75__lte=models.F("p90"))
                & models.Q(p90__lte=models.F("p95")),
                name="valuation_snapshot_percentiles_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.as_of}: {self.value}"

    def save(self, *args, **kwargs):
        # Snapshots are evidence: a stored one is never rewritten.
        if self.pk is not None and not kwargs.pop("force_insert", False):
            raise ValidationError("Valuation snapshots are immutable.")
        super().save(*args, **kwargs)


class FundingPlan(models.Model):
    """The single row of cash, the planned round, its levers and the Series A readiness bars."""

    cash_balance = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="Cash in the bank (portfolio); blank = sum of the components' cash fields",
    )
    cash_as_of = models.DateField(null=True, blank=True, help_text="Date of the cash balance")
    raise_amount = models.DecimalField(
        **MONEY,
        default=Decimal("5000000"),
        validators=NON_NEGATIVE,
        help_text="Series A amount expected",
    )
    months_to_close = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("6"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("36"))],
        help_text="Expected months from now until the round's cash lands",
    )
    buffer_months = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("3"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("36"))],
        help_text="Safety margin on top of the time to close (funding-delay alert)",
    )
    hiring_freeze_pct = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Lever applied: % cut of R&D and other operating (people) spend",
    )
    marketing_cut_pct = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Lever applied: % cut of marketing spend",
    )
    # Readiness bars (sources in the README, "Series A readiness" section).
    bar_arr = models.DecimalField(**MONEY, default=Decimal("1000000"), validators=NON_NEGATIVE)
    bar_arr_growth = models.DecimalField(**RATE, default=Decimal("2.0"))
    bar_nrr = models.DecimalField(**RATE, default=Decimal("1.00"))
    bar_grr = models.DecimalField(**RATE, default=Decimal("0.90"))
    bar_burn_multiple = models.DecimalField(**RATE, default=Decimal("2.0"))
    bar_rule_of_40 = models.DecimalField(**RATE, default=Decimal("0.40"))
    bar_cac_payback_months = models.DecimalField(**RATE, default=Decimal("18"))
    bar_ltv_cac = models.DecimalField(**RATE, default=Decimal("3"))
    bar_gross_margin = models.DecimalField(**RATE, default=Decimal("0.70"))
    bar_magic_number = models.DecimalField(**RATE, default=Decimal("0.75"))
    bar_runway_months = models.DecimalField(**RATE, default=Decimal("9"))
    bar_runway_after_raise_months = models.DecimalField(**RATE, default=Decimal("18"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "funding plan"
        verbose_name_plural = "funding plan"

    def __str__(self):
        return "Cash, round and Series A readiness bars"


# --- Cap table and round scenarios (issue 15) live in their own module ------------------------
from valuation.models_captable import (  # noqa: E402, F401
    CapTable,
    ConvertibleInstrument,
    Holder,
    Holding,
    RoundScenario,
    ShareClass,
)

# Stripe intake lives in its own module; imported here so Django registers the models.
from valuation.stripe_models import (  # noqa: E402, F401
    ExchangeRate,
    StripeConnection,
    StripeDeliveryFailure,
    StripeEvent,
    StripeObject,
)
