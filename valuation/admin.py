"""Valuation admin: every model; writes that trigger revaluation go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError
from valuation import services
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


def _errors(exc) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items())


@admin.action(description="Revalue selected components (queued)")
def revalue_selected(modeladmin, request, queryset):
    for component in queryset:
        services.revaluation_request(component=component, reason=f"admin ({request.user})")
    messages.success(request, f"Queued revaluation of {queryset.count()} component(s).")


@admin.action(description="Revalue selected components now (synchronous)")
def revalue_now(modeladmin, request, queryset):
    for component in queryset:
        try:
            services.component_revalue(component=component, trigger="admin")
        except (ApplicationError, ValidationError) as exc:
            messages.error(request, f"{component}: {_errors(exc)}")
    services.portfolio_revalue(trigger="admin")
    messages.success(request, "Revalued.")


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "sector", "stage", "is_active", "launch_date"]
    list_filter = ["sector", "stage", "is_active"]
    search_fields = ["name", "title", "invention_ref"]
    actions = [revalue_selected, revalue_now]

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data}
        if change:
            services.component_update(component=obj, **fields)
        else:
            obj.pk = services.component_create(**fields).pk


@admin.register(RevenueEvent)
class RevenueEventAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "component",
        "customer_ref",
        "kind",
        "stream",
        "amount",
        "interval",
        "currency",
    ]
    list_filter = ["component", "kind", "stream", "interval"]
    search_fields = ["customer_ref", "external_id"]
    date_hierarchy = "occurred_at"
    list_select_related = ["component"]

    def has_change_permission(self, request, obj=None):
        return False  # the ledger is append-only; correct with a new event

    def save_model(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k != "component"}
        data["occurred_at"] = data["occurred_at"].isoformat()
        created = services.revenue_event_create(
            component=form.cleaned_data["component"], source="admin", **data
        )
        obj.pk = created.pk


@admin.register(CostEntry)
class CostEntryAdmin(admin.ModelAdmin):
    list_display = ["month", "component", "category", "amount", "currency"]
    list_filter = ["component", "category"]
    list_select_related = ["component"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            services.revaluation_request(component=obj.component, reason="cost edited")
        else:
            obj.pk = services.cost_entry_create(**form.cleaned_data).pk


@admin.register(MultiplesTable)
class MultiplesTableAdmin(admin.ModelAdmin):
    list_display = [
        "sector",
        "as_of",
        "ev_revenue_p25",
        "ev_revenue_p50",
        "ev_revenue_p75",
        "source",
    ]
    list_filter = ["sector"]


@admin.register(ValuationPolicy)
class ValuationPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ValuationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundingPlan)
class FundingPlanAdmin(admin.ModelAdmin):
    """The one funding plan row; saves go through the service (validation in one place)."""

    fieldsets = [
        ("Cash and round", {"fields": ["cash_balance", "cash_as_of", "raise_amount"]}),
        ("Funding-delay alert", {"fields": ["months_to_close", "buffer_months"]}),
        ("Levers applied", {"fields": ["hiring_freeze_pct", "marketing_cut_pct"]}),
        (
            "Series A readiness bars",
            {"fields": [f.name for f in FundingPlan._meta.fields if f.name.startswith("bar_")]},
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not FundingPlan.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.funding_plan_update(plan=obj, **form.cleaned_data)


@admin.register(RevaluationJob)
class RevaluationJobAdmin(admin.ModelAdmin):
    list_display = ["id", "component", "status", "requested_count", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RevaluationJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ValuationSnapshot)
class ValuationSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "scope",
        "as_of",
        "value",
        "p10",
        "p90",
        "trigger",
        "computed_at",
        "inputs_hash",
    ]
    list_filter = ["scope", "trigger"]
    date_hierarchy = "as_of"
    readonly_fields = [f.name for f in ValuationSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Cap table and round scenarios (issue 15) -------------------------------------------------
from valuation.models_captable import (  # noqa: E402
    CapTable,
    ConvertibleInstrument,
    Holder,
    Holding,
    RoundScenario,
    ShareClass,
)


class ShareClassInline(admin.TabularInline):
    model = ShareClass
    extra = 0


class HoldingInline(admin.TabularInline):
    model = Holding
    extra = 0


class ConvertibleInline(admin.TabularInline):
    model = ConvertibleInstrument
    extra = 0


@admin.register(CapTable)
class CapTableAdmin(admin.ModelAdmin):
    list_display = ["name", "currency", "pool_unallocated", "updated_at"]
    inlines = [ShareClassInline]


@admin.register(Holder)
class HolderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cap_table"]
    list_filter = ["cap_table", "kind"]
    search_fields = ["name"]
    inlines = [HoldingInline, ConvertibleInline]


@admin.register(ConvertibleInstrument)
class ConvertibleInstrumentAdmin(admin.ModelAdmin):
    list_display = ["holder", "kind", "amount", "valuation_cap", "discount", "issue_date"]
    list_filter = ["kind"]


@admin.register(RoundScenario)
class RoundScenarioAdmin(admin.ModelAdmin):
    """Scenarios are immutable: viewable and deletable here, created on the cap table page."""

    list_display = ["name", "cap_table", "pre_money", "raise_amount", "price_per_share"]
    list_filter = ["cap_table"]
    readonly_fields = [f.name for f in RoundScenario._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
