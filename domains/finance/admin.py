"""Finance admin. Assessments are sensitive: only staff with `read_any_assessment` see them,
read-only, and opening one is logged like any other staff read."""

from django.contrib import admin

from domains.finance.models import AssessmentAccess, MarketDrawdown, RiskAssessment
from domains.finance.selectors import READ_ANY


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    # The list shows no scores: only opening an assessment reveals it, and that read is logged.
    list_display = ["id", "user", "form", "created_at"]
    list_filter = ["form"]
    search_fields = ["user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and request.user.has_perm(READ_ANY)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.has_view_permission(request) and str(object_id).isdigit():
            assessment = RiskAssessment.objects.filter(pk=int(object_id)).first()
            if assessment is not None and assessment.user_id != request.user.pk:
                AssessmentAccess.objects.create(
                    assessment=assessment, reader=request.user, via="admin"
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AssessmentAccess)
class AssessmentAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "reader", "assessment", "via"]
    list_filter = ["via"]
    list_select_related = ["reader", "assessment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MarketDrawdown)
class MarketDrawdownAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "stocks_drawdown", "bonds_drawdown", "note"]
