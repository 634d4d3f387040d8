"""Finance API serializers. The service validates values strictly (types, ranges, NaN,
booleans); these only describe shapes for the schema and pass values through untouched."""

from rest_framework import serializers

from common.api import serializers as fast


class AssessmentInputSerializer(fast.Serializer):
    emotional_tolerance = serializers.JSONField(
        required=False, help_text='Short form: "low", "moderate", "high" or 0-100'
    )
    financial_anxiety_level = serializers.JSONField(required=False, help_text="Short form: 0-10")
    risk_tolerance_answers = serializers.JSONField(
        required=False, help_text='Full form: 13 letters "a"-"d" in item order'
    )
    financial_anxiety_answers = serializers.JSONField(
        required=False, help_text="Full form: 7 whole numbers 1-7"
    )
    horizon_years = serializers.JSONField(required=False, help_text="1-60, default 10")
    emergency_fund_months = serializers.JSONField(required=False, help_text="0-120, default 3")
    debt_to_income = serializers.JSONField(
        required=False, help_text="Non-mortgage debt / yearly income, 0-20, default 0"
    )
    seed = serializers.JSONField(required=False, help_text="Simulation seed (default: from inputs)")


class AssessmentOutputSerializer(fast.Serializer):
    """The dict built by selectors.assessment_as_dict (documented field by field there)."""

    assessment_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    form = serializers.CharField()
    emotional_risk_score = serializers.IntegerField()
    band = serializers.CharField()
    components = serializers.DictField()
    capacity_inputs = serializers.DictField()
    comfort = serializers.DictField()
    allocation = serializers.DictField(child=serializers.FloatField())
    allocation_detail = serializers.DictField()
    outcomes = serializers.DictField()
    flags = serializers.ListField(child=serializers.DictField())
    current_state = serializers.DictField()
    confidence = serializers.CharField()
    reassessment_due = serializers.BooleanField()
    reassessment = serializers.DictField()
    formula_version = serializers.CharField()
    engine_version = serializers.CharField()
    assumptions_version = serializers.CharField()
    seed = serializers.IntegerField()
    inputs_hash = serializers.CharField()
    note = serializers.CharField()
