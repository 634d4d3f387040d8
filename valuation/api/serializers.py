"""Valuation API serializers: input serializers validate shape, services validate rules."""

from rest_framework import serializers

from common.api import serializers as fast
from valuation.engines.types import INTERVALS, KINDS, STREAMS
from valuation.models import (
    Component,
    CostEntry,
    FundingPlan,
    MultiplesTable,
    RevaluationJob,
    RevenueEvent,
    ValuationPolicy,
    ValuationSnapshot,
)
from valuation.validators import valuation_date_validator


class ComponentSerializer(fast.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Component
        exclude = ["id"]
        read_only_fields = ["created_at", "updated_at"]


class RevenueEventInputSerializer(fast.Serializer):
    """One event; amounts as strings or numbers (validated as Decimal by the service)."""

    component = serializers.CharField(max_length=64, required=False)
    customer_ref = serializers.CharField(max_length=64)
    subscription_ref = serializers.CharField(max_length=64, required=False, allow_blank=True)
    occurred_at = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=KINDS)
    stream = serializers.ChoiceField(choices=STREAMS, required=False, default="subscription")
    amount = serializers.CharField(max_length=40)
    interval = serializers.ChoiceField(choices=INTERVALS, required=False)
    currency = serializers.CharField(max_length=3, required=False)
    fx_rate = serializers.CharField(max_length=40, required=False)
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("amount"), bool):
            raise serializers.ValidationError({"amount": ["Enter a number."]})
        return super().to_internal_value(data)


class RevenueEventOutputSerializer(fast.ModelSerializer):
    component = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta:
        model = RevenueEvent
        fields = [
            "id",
            "component",
            "customer_ref",
            "subscription_ref",
            "occurred_at",
            "kind",
            "stream",
            "amount",
            "interval",
            "currency",
            "fx_rate",
            "external_id",
            "source",
            "created_at",
        ]


class CostEntrySerializer(fast.ModelSerializer):
    component = serializers.SlugRelatedField(slug_field="name", queryset=Component.objects.all())

    class Meta:
        model = CostEntry
        fields = ["id", "component", "month", "category", "amount", "currency", "note"]


class MultiplesSerializer(fast.ModelSerializer):
    class Meta:
        model = MultiplesTable
        fields = [
            "id",
            "sector",
            "ev_revenue_p25",
            "ev_revenue_p50",
            "ev_revenue_p75",
            "source",
            "as_of",
        ]


class PolicySerializer(fast.ModelSerializer):
    # Null until someone first saves it: reads return the defaults without writing the row.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ValuationPolicy
        exclude = ["id"]
        read_only_fields = ["updated_at"]


class SnapshotListSerializer(fast.ModelSerializer):
    class Meta:
        model = ValuationSnapshot
        fields = [
            "id",
            "scope",
            "as_of",
            "computed_at",
            "value",
            "p5",
            "p10",
            "p25",
            "p50",
            "p75",
            "p90",
            "p95",
            "mean",
            "std",
            "mrr",
            "arr",
            "inputs_hash",
            "seed",
            "engine_version",
            "trigger",
        ]


class SnapshotDetailSerializer(fast.ModelSerializer):
    class Meta:
        model = ValuationSnapshot
        exclude = ["component"]


class RevalueInputSerializer(fast.Serializer):
    component = serializers.CharField(max_length=64, required=False)


class JobSerializer(fast.ModelSerializer):
    component = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta:
        model = RevaluationJob
        fields = [
            "id",
            "component",
            "status",
            "reason",
            "requested_count",
            "created_at",
            "started_at",
            "finished_at",
            "error",
            "snapshot_ids",
        ]


class PeriodInputSerializer(fast.Serializer):
    start = serializers.DateField(required=False, validators=[valuation_date_validator])
    end = serializers.DateField(required=False, validators=[valuation_date_validator])
    window = serializers.IntegerField(required=False, min_value=0, max_value=1440)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"start": ["Start must not be after end."]})
        return attrs


class ReportInputSerializer(fast.Serializer):
    format = serializers.ChoiceField(choices=["text", "json", "csv"], default="json")
    as_of = serializers.DateField(required=False, validators=[valuation_date_validator])
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**32 - 1)
    component = serializers.CharField(max_length=64, required=False)


class ReportStoreInputSerializer(fast.Serializer):
    """POST body of the report: compute and store the snapshots for a date and seed."""

    as_of = serializers.DateField(required=False, validators=[valuation_date_validator])
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**32 - 1)
    component = serializers.CharField(max_length=64, required=False)


class KpiValueSerializer(fast.Serializer):
    value = serializers.FloatField(allow_null=True)
    convention = serializers.CharField(help_text="How the figure is defined")


class KpiMovementsSerializer(fast.Serializer):
    start_mrr = serializers.FloatField()
    new = serializers.FloatField()
    expansion = serializers.FloatField()
    contraction = serializers.FloatField()
    churn = serializers.FloatField()
    reactivation = serializers.FloatField()
    net_new_mrr = serializers.FloatField()
    end_mrr = serializers.FloatField()
    identity_error = serializers.FloatField(help_text="start + movements - end; ~0")
    one_off_revenue = serializers.FloatField()


class KpiCustomersSerializer(fast.Serializer):
    customers_start = serializers.IntegerField()
    customers_end = serializers.IntegerField()
    new_customers = serializers.IntegerField()
    churn_customers = serializers.IntegerField()
    reactivation_customers = serializers.IntegerField()


class KpiPeriodSerializer(fast.Serializer):
    period_start = serializers.DateField()
    movements = KpiMovementsSerializer()
    customers = KpiCustomersSerializer()
    kpis = serializers.DictField(child=KpiValueSerializer(), help_text="KPI name → value")


class KpiCohortsSerializer(fast.Serializer):
    logo = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(allow_null=True)),
        help_text="Per cohort (row) and month since start (column): share of customers kept",
    )
    net_mrr = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(allow_null=True)),
        help_text="Per cohort and month since start: MRR kept, expansion included",
    )
    periods = serializers.ListField(child=serializers.DateField(), help_text="Cohort months")


class KpiTableSerializer(fast.Serializer):
    """Documents the KPI table the `kpis` endpoints return."""

    scope = serializers.CharField(help_text="Component name, or the portfolio")
    periods = KpiPeriodSerializer(many=True)
    cohorts = KpiCohortsSerializer()
    anomalies = serializers.DictField(
        child=serializers.IntegerField(), help_text="Ledger events that made no sense, by kind"
    )


# --- Series A readiness and cash runway (issue 15) -------------------------------------------


class ValuationErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ValuationErrorSerializer(serializers.Serializer):
    """The shared error envelope {"error": {"code", "message", "fields"}}."""

    error = ValuationErrorDetailSerializer()


class FundingPlanSerializer(fast.ModelSerializer):
    # Null until someone first saves it: reads return the defaults without writing the row.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = FundingPlan
        exclude = ["id"]
        read_only_fields = ["updated_at"]


class FundingQuerySerializer(serializers.Serializer):
    """What-if levers (not saved) and the date to assess."""

    as_of = serializers.DateField(required=False, validators=[valuation_date_validator])
    hiring_freeze_pct = serializers.FloatField(required=False, min_value=0, max_value=100)
    marketing_cut_pct = serializers.FloatField(required=False, min_value=0, max_value=100)


class ScorecardRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    trend = serializers.ListField(child=serializers.FloatField(allow_null=True))
    trend_periods = serializers.ListField(child=serializers.CharField())
    bar = serializers.FloatField()
    direction = serializers.ChoiceField(choices=["at least", "at most"])
    unit = serializers.ChoiceField(choices=["ratio", "months", "currency", "multiple"])
    source = serializers.CharField()
    status = serializers.ChoiceField(choices=["met", "close", "gap"])
    close_gap = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    priority = serializers.IntegerField()


class ScorecardGapSerializer(serializers.Serializer):
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=["close", "gap"])
    step = serializers.CharField(allow_blank=True)


class ScorecardSummarySerializer(serializers.Serializer):
    met = serializers.ListField(child=serializers.CharField())
    met_count = serializers.IntegerField()
    total = serializers.IntegerField()
    top_gaps = ScorecardGapSerializer(many=True)
    ready = serializers.BooleanField()


class ReadinessMetricsSerializer(serializers.Serializer):
    arr = serializers.FloatField(allow_null=True)
    arr_growth = serializers.FloatField(allow_null=True)
    nrr = serializers.FloatField(allow_null=True)
    grr = serializers.FloatField(allow_null=True)
    gross_margin = serializers.FloatField(allow_null=True)
    fcf_margin = serializers.FloatField(allow_null=True)
    rule_of_40 = serializers.FloatField(allow_null=True)
    net_burn_month = serializers.FloatField(allow_null=True)
    net_new_arr_q = serializers.FloatField(allow_null=True)
    burn_multiple = serializers.FloatField(allow_null=True)
    sm_spend_q = serializers.FloatField(allow_null=True)
    cac_payback_months = serializers.FloatField(allow_null=True)
    ltv_cac = serializers.FloatField(allow_null=True)
    magic_number = serializers.FloatField(allow_null=True)
    runway_months = serializers.FloatField(allow_null=True)
    runway_after_raise_months = serializers.FloatField(allow_null=True)


class ScorecardSerializer(serializers.Serializer):
    period = serializers.CharField()
    rows = ScorecardRowSerializer(many=True)
    metrics = ReadinessMetricsSerializer()
    summary = ScorecardSummarySerializer()


class DelayScenarioSerializer(serializers.Serializer):
    delay_months = serializers.IntegerField()
    close_month = serializers.FloatField()
    survives = serializers.BooleanField()
    cash_at_close = serializers.FloatField(allow_null=True)
    runway_after_raise_months = serializers.FloatField(allow_null=True)
    shortfall = serializers.FloatField(allow_null=True)
    cash = serializers.ListField(child=serializers.FloatField(), help_text="Cash at month ends")


class LeverEffectSerializer(serializers.Serializer):
    lever = serializers.CharField()
    hiring_freeze_pct = serializers.FloatField()
    marketing_cut_pct = serializers.FloatField()
    burn = serializers.FloatField()
    runway_months = serializers.FloatField(allow_null=True)


class LeverRestoreSerializer(serializers.Serializer):
    lever = serializers.ChoiceField(choices=["hiring freeze", "marketing cut", "both"])
    hiring_freeze_pct = serializers.FloatField()
    marketing_cut_pct = serializers.FloatField()


class LeversAppliedSerializer(serializers.Serializer):
    hiring_freeze_pct = serializers.FloatField()
    marketing_cut_pct = serializers.FloatField()


class CashPlanSerializer(serializers.Serializer):
    cash = serializers.FloatField()
    burn_base = serializers.FloatField(help_text="Monthly net burn before levers")
    burn = serializers.FloatField(help_text="Monthly net burn with the applied levers")
    runway_months = serializers.FloatField(allow_null=True, help_text="null = not burning")
    runway_base_months = serializers.FloatField(allow_null=True)
    need_months = serializers.FloatField(help_text="Months to close + buffer")
    margin_months = serializers.FloatField(allow_null=True)
    funding_delay = serializers.BooleanField()
    scenarios = DelayScenarioSerializer(many=True)
    levers = LeverEffectSerializer(many=True)
    restore = LeverRestoreSerializer(many=True)
    applied = LeversAppliedSerializer()


class FundingDelaySerializer(serializers.Serializer):
    firing = serializers.BooleanField()
    text = serializers.CharField(allow_blank=True)
    margin_months = serializers.FloatField(allow_null=True)


class FundingSourceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["portfolio valuation", "ledger"])
    as_of = serializers.DateField()
    inputs_hash = serializers.CharField(allow_blank=True)


class FundingReadinessSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    period = serializers.CharField(help_text="Last complete month assessed (YYYY-MM)")
    components = serializers.IntegerField()
    cash_source = serializers.CharField()
    source = FundingSourceSerializer()
    scorecard = ScorecardSerializer()
    cash_plan = CashPlanSerializer()
    funding_delay = FundingDelaySerializer()
    inputs_hash = serializers.CharField()
    engine_version = serializers.CharField()
