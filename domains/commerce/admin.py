"""Commerce admin: the catalogue (editable) and feedback/recommendations (read-only audit)."""

from django.contrib import admin

from domains.commerce.models import Interaction, Product, Recommendation


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "sku", "category", "price", "currency", "valence", "arousal", "stock",
                    "active"]  # fmt: skip
    list_filter = ["active", "category", "currency"]
    search_fields = ["name", "sku", "description"]
    list_editable = ["stock", "active"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["retire"]

    @admin.action(description="Retire selected products (hide from the shop)")
    def retire(self, request, queryset):
        updated = queryset.update(active=False)
        self.message_user(request, f"{updated} product(s) retired.")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "product", "recommendation", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "product__name"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "product"]
    readonly_fields = ["user", "product", "kind", "recommendation", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["user", "mood", "strategy", "budget_min", "budget_max", "guard_active",
                    "created_at"]  # fmt: skip
    list_filter = ["strategy", "guard_active", "target_mode"]
    search_fields = ["user__username", "mood"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
