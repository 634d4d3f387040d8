"""Innovation admin: knowledge base editable (lexicons, boxes), pipeline rows read-mostly,
gate decisions immutable."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from innovation.engines.knowledge import domain_from_dict
from innovation.models import (
    Challenge,
    Domain,
    GateDecision,
    GenerationRun,
    ImplementationPlan,
    InnovationMetrics,
    Invention,
    PriorArt,
)


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = [
            "key",
            "name",
            "description",
            "lexicon",
            "objects_list",
            "user_groups",
            "box",
            "contradictions",
            "market",
            "position",
            "data_version",
        ]

    def clean(self):
        data = super().clean()
        try:
            domain_from_dict(
                {
                    "key": data.get("key"),
                    "name": data.get("name"),
                    "description": "",
                    "lexicon": data.get("lexicon") or {},
                    "objects": data.get("objects_list") or [],
                    "user_groups": data.get("user_groups") or [],
                    "box": data.get("box") or {},
                    "contradictions": data.get("contradictions") or [],
                    "market": {},
                }
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValidationError(f"Invalid lexicon or box: {exc}") from exc
        others = Domain.objects.exclude(pk=self.instance.pk)
        taken = {t: d.key for d in others for t in d.lexicon}
        clash = sorted(t for t in (data.get("lexicon") or {}) if t in taken)
        if clash:
            raise ValidationError(
                "Tags already used by another domain: "
                + ", ".join(f"{t} ({taken[t]})" for t in clash)
            )
        return data


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    form = DomainForm
    list_display = ["key", "name", "position", "data_version", "updated_at"]


@admin.register(PriorArt)
class PriorArtAdmin(admin.ModelAdmin):
    list_display = ["ref", "year", "domain", "title", "source"]
    list_filter = ["domain", "source"]
    search_fields = ["ref", "title", "summary"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "text", "domain", "created_at"]
    search_fields = ["text"]


@admin.register(GenerationRun)
class GenerationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "workflow", "status", "seed", "created_at"]
    list_filter = ["workflow", "status"]
    readonly_fields = ["result", "inputs_hash", "engine_version", "params"]


class GateInline(admin.TabularInline):
    model = GateDecision
    extra = 0
    can_delete = False
    readonly_fields = [
        "decision",
        "from_status",
        "to_status",
        "decided_by",
        "rationale",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invention)
class InventionAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "title",
        "owner",
        "domain",
        "status",
        "breakthrough_potential",
        "novelty",
    ]
    list_filter = ["status", "domain"]
    search_fields = ["key", "title", "description"]
    inlines = [GateInline]
    readonly_fields = ["scores", "breakdown", "prior_art", "inputs_hash", "engine_version", "seed"]


@admin.register(GateDecision)
class GateDecisionAdmin(admin.ModelAdmin):
    list_display = ["invention", "decision", "from_status", "to_status", "decided_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ImplementationPlan)
class ImplementationPlanAdmin(admin.ModelAdmin):
    list_display = ["invention", "trl", "ip_route", "start"]


@admin.register(InnovationMetrics)
class InnovationMetricsAdmin(admin.ModelAdmin):
    list_display = ["week_start", "inventions", "breakthrough_rate", "disruption"]
