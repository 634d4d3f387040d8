"""One FilterSet for the "my messages" page and the messages API."""

import django_filters

from domains.arts.models import MusicMessage


class MusicMessageFilterSet(django_filters.FilterSet):
    emotion = django_filters.CharFilter(field_name="emotion")
    occasion = django_filters.CharFilter(field_name="occasion")
    shared = django_filters.BooleanFilter(field_name="share_revoked", exclude=True)
    since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = MusicMessage
        fields = ["emotion", "occasion"]
