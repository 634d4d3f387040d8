"""Mood entries in the admin: read-mostly, since moods are sensitive personal data."""

from django.contrib import admin

from domains.moods.models import MoodEntry


@admin.register(MoodEntry)
class MoodEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "emotion", "intensity", "recorded_at"]
    list_filter = ["emotion"]
    search_fields = ["user__username", "emotion"]
    date_hierarchy = "recorded_at"
    readonly_fields = ["valence", "arousal", "dominance", "lexicon_version", "created_at"]
    list_select_related = ["user"]
