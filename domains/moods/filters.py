"""One FilterSet for the journal page and the moods API."""

import django_filters

from domains.moods.models import MoodEntry


class MoodEntryFilterSet(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="lte")
    emotion = django_filters.CharFilter(field_name="emotion")
    min_intensity = django_filters.NumberFilter(field_name="intensity", lookup_expr="gte")

    class Meta:
        model = MoodEntry
        fields = ["emotion"]
