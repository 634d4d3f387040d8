"""Music messages in the admin: inspect, revoke share links; files stay private."""

from django.contrib import admin

from domains.arts import services
from domains.arts.models import MusicMessage


@admin.register(MusicMessage)
class MusicMessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "owner",
        "emotion",
        "occasion",
        "duration_s",
        "share_revoked",
        "created_at",
    ]
    list_filter = ["occasion", "share_revoked", "engine_version"]
    search_fields = ["owner__username", "emotion", "recipient_name", "inputs_hash"]
    date_hierarchy = "created_at"
    list_select_related = ["owner"]
    readonly_fields = [
        "id",
        "owner",
        "emotion",
        "from_emotion",
        "occasion",
        "intensity",
        "duration_s",
        "options",
        "parameters",
        "explanation",
        "checks",
        "seed",
        "engine_version",
        "lexicon_version",
        "inputs_hash",
        "midi_file",
        "audio_file",
        "share_token",
        "revoked_at",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields[:5] + ["recipient_name", "text", "share_revoked"] + readonly_fields[5:]
    actions = ["revoke_share_links"]

    def has_add_permission(self, request):
        return False  # messages are composed through the service, never typed in

    @admin.action(description="Revoke share links of the selected messages")
    def revoke_share_links(self, request, queryset):
        for message in queryset:
            services.music_message_share_revoke(message=message)
        self.message_user(request, f"Revoked {queryset.count()} share link(s).")

    def delete_model(self, request, obj):
        services.music_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            services.music_message_delete(message=message)
