"""API serializers: nested input serializers per operation, shared output serializers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import serializers as fast
from common.api.fields import StrictFloatField, WallClockTimeField
from operations.models import (
    Alert,
    AlertRule,
    EscalationLevel,
    EscalationPolicy,
    HealthSnapshot,
    Incident,
    IncidentLog,
    Notification,
    Silence,
)
from operations.models.alerts import SEVERITIES, SOURCES


class AlertOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = Alert
        fields = [
            "id",
            "source",
            "name",
            "dedup_key",
            "fingerprint",
            "severity",
            "summary",
            "labels",
            "value",
            "status",
            "starts_at",
            "last_seen_at",
            "ends_at",
            "fire_count",
            "incident",
        ]


class AlertFireInputSerializer(fast.Serializer):
    source = serializers.ChoiceField(choices=SOURCES)
    name = serializers.CharField(max_length=120)
    dedup_key = serializers.CharField(max_length=255)
    severity = serializers.ChoiceField(choices=SEVERITIES, default="SEV-3")
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    labels = serializers.DictField(child=serializers.CharField(), required=False, default=dict)
    value = StrictFloatField(required=False, allow_null=True, default=None)


class AlertResolveInputSerializer(fast.Serializer):
    dedup_key = serializers.CharField(max_length=255)


class IncidentLogSerializer(fast.ModelSerializer):
    user = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = IncidentLog
        fields = ["at", "kind", "user", "message"]


class IncidentOutputSerializer(fast.ModelSerializer):
    acknowledged_by = serializers.StringRelatedField(allow_null=True)
    resolved_by = serializers.StringRelatedField(allow_null=True)
    runbook = serializers.SerializerMethodField()
    log = IncidentLogSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "source",
            "alert_name",
            "severity",
            "dedup_key",
            "status",
            "triggered_at",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "policy",
            "escalation_step",
            "next_escalation_at",
            "trigger_count",
            "runbook",
            "checklist_done",
            "log",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "title": {"type": "string"},
                "steps": {"type": "array", "items": {"type": "string"}},
            },
        }
    )
    def get_runbook(self, obj) -> dict | None:
        if obj.runbook is None:
            return None
        return {"title": obj.runbook.title, "steps": obj.runbook.steps}


class CommentInputSerializer(fast.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class MatcherSerializer(fast.Serializer):
    name = serializers.CharField(max_length=120)
    op = serializers.ChoiceField(choices=["=", "!=", "=~", "!~"], default="=")
    value = serializers.CharField(max_length=500, allow_blank=True)


class SilenceSerializer(fast.ModelSerializer):
    matchers = MatcherSerializer(many=True)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7), required=False
    )
    created_by = serializers.StringRelatedField(read_only=True)
    daily_start = WallClockTimeField(required=False, allow_null=True)
    daily_end = WallClockTimeField(required=False, allow_null=True)

    class Meta:
        model = Silence
        fields = [
            "id",
            "matchers",
            "starts_at",
            "ends_at",
            "weekdays",
            "daily_start",
            "daily_end",
            "expire_on_resolve",
            "comment",
            "created_by",
            "created_at",
            "expired_at",
        ]
        read_only_fields = ["created_by", "created_at", "expired_at"]


class HealthSnapshotSerializer(fast.ModelSerializer):
    class Meta:
        model = HealthSnapshot
        exclude = ["created_at"]


class AlertRuleSerializer(fast.ModelSerializer):
    class Meta:
        model = AlertRule
        fields = [
            "id",
            "name",
            "alert_name",
            "source",
            "metric",
            "window_minutes",
            "comparator",
            "threshold",
            "for_seconds",
            "keep_firing_for_seconds",
            "severity",
            "labels",
            "summary",
            "enabled",
            "builtin",
            "state",
            "active_since",
            "last_evaluated_at",
            "last_value",
        ]
        read_only_fields = [
            "builtin",
            "state",
            "active_since",
            "last_evaluated_at",
            "last_value",
        ]


class EscalationLevelSerializer(fast.ModelSerializer):
    users = serializers.StringRelatedField(many=True)
    channels = serializers.StringRelatedField(many=True)

    class Meta:
        model = EscalationLevel
        fields = ["position", "name", "timeout_minutes", "users", "channels"]


class EscalationPolicySerializer(fast.ModelSerializer):
    levels = EscalationLevelSerializer(many=True, read_only=True)

    class Meta:
        model = EscalationPolicy
        fields = [
            "id",
            "name",
            "sources",
            "is_default",
            "repeats",
            "ack_timeout_minutes",
            "group_by",
            "group_wait_seconds",
            "group_interval_seconds",
            "repeat_interval_seconds",
            "levels",
        ]


class NotificationSerializer(fast.ModelSerializer):
    class Meta:
        model = Notification
        fields = [
            "id",
            "channel_kind",
            "kind",
            "recipient",
            "subject",
            "body",
            "status",
            "error",
            "created_at",
            "read_at",
            "incident",
        ]


class SurveyInputSerializer(fast.Serializer):
    kind = serializers.ChoiceField(choices=["nps", "csat"])
    score = serializers.IntegerField()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class MetricValueSerializer(fast.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()
    value = StrictFloatField(allow_null=True)


class MetricListOutputSerializer(fast.Serializer):
    results = MetricValueSerializer(many=True)
    at = serializers.DateTimeField()


class ProductMetricsOutputSerializer(fast.Serializer):
    engagement = serializers.DictField()
    session_median_seconds = serializers.FloatField(allow_null=True)
    nps = serializers.FloatField(allow_null=True)
    csat_percent = serializers.FloatField(allow_null=True)
    csat_mean = serializers.FloatField(allow_null=True)
    retention_monthly = serializers.ListField(child=serializers.DictField())
    incidents = serializers.DictField()
