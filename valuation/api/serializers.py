"""Valuation API serializers: input serializers validate shape, services validate rules."""

from rest_framework import serializers

from common.api import serializers as fast
from valuation.engines.types import INTERVALS, KINDS, STREAMS
from valuation.models import (
    Component,
    CostEntry,
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
