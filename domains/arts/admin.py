"""Music messages in the admin: metadata only; revoke or renew share links through the service.

The message text and the recipient's name are the sender's words to someone: staff see their
lengths, not them, and nothing here is editable. Share-link changes go through the arts service,
which logs them (common.logs.security_event) with the acting staff member.
"""

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
    search_fields = ["owner__username", "emotion", "inputs_hash"]  # never the words
    date_hierarchy = "created_at"
    list_select_related = ["owner"]
    # Metadata only: `options`, `parameters` and `explanation` repeat the text and the
    # recipient's name (the title), and the files are the message itself.
    fields = [
        "id",
        "owner",
        "emotion",
        "from_emotion",
        "occasion",
        "intensity",
        "duration_s",
        "text_length",
        "has_recipient",
        "share_revoked",
        "revoked_at",
        "seed",
        "engine_version",
        "lexicon_version",
        "inputs_hash",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["revoke_share_links", "renew_share_links"]

    @admin.display(description="text (characters)")
    def text_length(self, obj) -> int:
        return len(obj.text or "")

    @admin.display(description="recipient named", boolean=True)
    def has_recipient(self, obj) -> bool:
        return bool(obj.recipient_name)

    def has_add_permission(self, request):
        return False  # messages are composed through the service, never typed in

    def has_change_permission(self, request, obj=None):
        # View only; the actions below (which need this permission on the model) are the one
        # way to change share links, and they go through the service.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description="Revoke share links of the selected messages")
    def revoke_share_links(self, request, queryset):
        for message in queryset:
            services.music_message_share_revoke(message=message, by=request.user)
        self.message_user(request, f"Revoked {queryset.count()} share link(s).")

    @admin.action(description="Issue new share links for the selected messages")
    def renew_share_links(self, request, queryset):
        for message in queryset:
            services.music_message_share_renew(message=message, by=request.user)
        self.message_user(request, f"Renewed {queryset.count()} share link(s).")

    def delete_model(self, request, obj):
        services.music_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            services.music_message_delete(message=message)
