"""Innovation API serializers: one output serializer per entity, input serializers per op."""

from rest_framework import serializers

from common.api import serializers as fast
from innovation.models import (
    Challenge,
    GateDecision,
    GenerationRun,
    ImplementationPlan,
    InnovationMetrics,
    Invention,
)


class ChallengeOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = Challenge
        fields = ["id", "text", "domain", "parsed", "created_at"]


class ChallengeInputSerializer(fast.Serializer):
    text = serializers.CharField(max_length=100_000, allow_blank=True, trim_whitespace=True)
    domain = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class RunInputSerializer(fast.Serializer):
    workflow = serializers.ChoiceField(choices=["novelty", "sac"], default="novelty")
    challenge_id = serializers.IntegerField(required=False)
    challenge = serializers.CharField(
        max_length=100_000, required=False, allow_blank=True, default=""
    )
    domain = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    harness = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    amplification = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )
    count = serializers.IntegerField(default=10)
    seed = serializers.IntegerField(default=0, min_value=0, max_value=2**32 - 1)


class RunOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = GenerationRun
        fields = [
            "id",
            "workflow",
            "status",
            "params",
            "seed",
            "inputs_hash",
            "engine_version",
            "error",
            "result",
            "challenge",
            "created_at",
            "finished_at",
        ]


class GateOutputSerializer(fast.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", default=None)

    class Meta:
        model = GateDecision
        fields = [
            "id",
            "decision",
            "from_status",
            "to_status",
            "decided_by",
            "rationale",
            "created_at",
        ]


class PlanOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = ImplementationPlan
        fields = [
            "trl_checked",
            "trl",
            "risks",
            "ip_route",
            "ip_reasons",
            "prior_art",
            "prototype",
            "go_to_market",
            "start",
            "inputs_hash",
            "engine_version",
            "updated_at",
        ]


class InventionOutputSerializer(fast.ModelSerializer):
    builds_on = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Invention
        fields = [
            "id",
            "key",
            "title",
            "description",
            "mechanism",
            "serves",
            "domain",
            "domain_shares",
            "concept",
            "scores",
            "breakdown",
            "prior_art",
            "novelty",
            "breakthrough_potential",
            "convergence",
            "market_impact",
            "status",
            "seed",
            "inputs_hash",
            "engine_version",
            "merged_into",
            "builds_on",
            "challenge",
            "run",
            "component_name",
            "promoted_at",
            "created_at",
        ]


class InventionInputSerializer(fast.Serializer):
    run_id = serializers.IntegerField()
    index = serializers.IntegerField(min_value=0)
    force = serializers.BooleanField(default=False)
    merge_into = serializers.IntegerField(required=False)


class GateInputSerializer(fast.Serializer):
    decision = serializers.ChoiceField(choices=["go", "kill", "hold", "recycle"])
    rationale = serializers.CharField(max_length=2000)


class PlanInputSerializer(fast.Serializer):
    checked = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=9), max_length=9
    )
    start = serializers.DateField(required=False)


class LinkInputSerializer(fast.Serializer):
    builds_on = serializers.IntegerField()


class MergeInputSerializer(fast.Serializer):
    into = serializers.IntegerField()


class ImportInputSerializer(fast.Serializer):
    format = serializers.ChoiceField(choices=["csv", "jsonl"])
    content = serializers.CharField(max_length=5_000_000, required=False, allow_blank=True)
    file = serializers.FileField(required=False)
    dry_run = serializers.BooleanField(default=False)


class MetricsOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = InnovationMetrics
        fields = [
            "week_start",
            "inventions",
            "breakthrough_rate",
            "ip_portfolio",
            "funnel",
            "per_domain",
            "disruption",
            "details",
            "inputs_hash",
            "engine_version",
        ]
