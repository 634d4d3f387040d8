"""Mood entries in the admin: metadata only, read-only; a note's words are never shown.

A mood note is the most private thing a member writes. Staff see who recorded which emotion when,
and whether there was a note (and its length), which is enough to support and to answer data
requests; the note itself is reachable only by its owner (and in their data export).
"""

from django.contrib import admin

from domains.moods.models import MoodEntry


@admin.register(MoodEntry)
class MoodEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "emotion", "intensity", "note_length", "recorded_at"]
    list_filter = ["emotion"]
    search_fields = ["user__username", "emotion"]  # never the note
    date_hierarchy = "recorded_at"
    fields = [
        "user",
        "emotion",
        "intensity",
        "note_length",
        "recorded_at",
        "valence",
        "arousal",
        "dominance",
        "lexicon_version",
        "created_at",
    ]
    readonly_fields = fields
    list_select_related = ["user"]

    @admin.display(description="note (characters)")
    def note_length(self, obj) -> int:
        return len(obj.note or "")

    def has_add_permission(self, request):
        return False  # moods are recorded by their owner

    def has_change_permission(self, request, obj=None):
        return False  # view only: nothing here is staff's to edit
