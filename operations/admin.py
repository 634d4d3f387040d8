"""Operations admin: configuration, history, and incident actions through the services."""

from django.contrib import admin, messages

from common.exceptions import ApplicationError
from operations import models as m
from operations.services import incident_acknowledge, incident_resolve


class EscalationLevelInline(admin.TabularInline):
    model = m.EscalationLevel
    extra = 0
    filter_horizontal = ["users", "channels"]


@admin.register(m.EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "sources", "repeats", "ack_timeout_minutes"]
    inlines = [EscalationLevelInline]


@admin.register(m.AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "metric", "comparator", "threshold", "severity", "state"]
    list_filter = ["source", "severity", "state", "enabled", "builtin"]
    readonly_fields = [
        "state",
        "active_since",
        "last_true_at",
        "keep_firing_since",
        "last_evaluated_at",
        "last_value",
    ]


class IncidentLogInline(admin.TabularInline):
    model = m.IncidentLog
    extra = 0
    readonly_fields = ["at", "kind", "user", "message"]
    can_delete = False


@admin.register(m.Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "source",
        "severity",
        "status",
        "triggered_at",
        "acknowledged_by",
        "resolved_at",
    ]
    list_filter = ["status", "source", "severity"]
    search_fields = ["title", "dedup_key"]
    inlines = [IncidentLogInline]
    actions = ["acknowledge", "resolve"]
    readonly_fields = [
        "triggered_at",
        "acknowledged_at",
        "acknowledged_by",
        "resolved_at",
        "resolved_by",
        "escalation_step",
        "next_escalation_at",
        "trigger_count",
    ]

    def _run(self, request, queryset, service, verb):
        done = 0
        for incident in queryset:
            try:
                service(incident=incident, user=request.user, comment=f"{verb} in the admin")
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"#{incident.pk}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{done} incident(s) {verb}.")

    @admin.action(description="Acknowledge selected incidents")
    def acknowledge(self, request, queryset):
        self._run(request, queryset, incident_acknowledge, "acknowledged")

    @admin.action(description="Resolve selected incidents")
    def resolve(self, request, queryset):
        self._run(request, queryset, incident_resolve, "resolved")


class AlertEventInline(admin.TabularInline):
    model = m.AlertEvent
    extra = 0
    readonly_fields = ["kind", "at", "value", "detail"]
    can_delete = False


@admin.register(m.Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "source",
        "severity",
        "status",
        "dedup_key",
        "starts_at",
        "ends_at",
        "fire_count",
    ]
    list_filter = ["status", "source", "severity"]
    search_fields = ["name", "dedup_key", "summary"]
    inlines = [AlertEventInline]


@admin.register(m.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel_kind", "recipient", "subject", "status"]
    list_filter = ["kind", "channel_kind", "status"]
    search_fields = ["recipient", "subject"]


@admin.register(m.Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """Last run and outcome of each scheduled job and the worker heartbeat."""

    list_display = ["name", "last_seen", "last_outcome", "detail"]


@admin.register(m.HealthSnapshot)
class HealthSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "hour",
        "status",
        "requests",
        "error_rate",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "cpu_percent",
        "disk_percent",
    ]


@admin.register(m.SuccessTarget)
class SuccessTargetAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "category", "unit", "direction", "year1", "year2", "year3"]
    list_editable = ["year1", "year2", "year3"]


admin.site.register(m.Runbook)
admin.site.register(m.NotificationChannel)
admin.site.register(m.Silence)
admin.site.register(m.InhibitRule)
admin.site.register(m.MarketSegment)
admin.site.register(m.SurveyResponse)
admin.site.register(m.ResourceSample)
admin.site.register(m.MetricSample)
admin.site.register(m.RequestMinute)
