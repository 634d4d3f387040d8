"""One FilterSet per listable model, shared by the HTML lists and the API."""

import django_filters

from operations.models import Alert, Incident, Notification, Silence
from operations.models.alerts import SEVERITIES, SOURCES


class IncidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Incident.STATUSES)
    source = django_filters.ChoiceFilter(choices=SOURCES)
    severity = django_filters.ChoiceFilter(choices=SEVERITIES)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Search")
    open = django_filters.BooleanFilter(method="filter_open", label="Open only")

    class Meta:
        model = Incident
        fields = ["status", "source", "severity"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(status="resolved") if value else queryset.filter(status="resolved")


class AlertFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Alert.STATUSES)
    source = django_filters.ChoiceFilter(choices=SOURCES)
    severity = django_filters.ChoiceFilter(choices=SEVERITIES)
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Alert
        fields = ["status", "source", "severity", "name"]


class SilenceFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(method="filter_active", label="Active now")

    class Meta:
        model = Silence
        fields = []

    def filter_active(self, queryset, name, value):
        from django.utils import timezone

        now = timezone.now()
        live = queryset.filter(starts_at__lte=now, ends_at__gt=now, expired_at__isnull=True)
        if value is None:
            return queryset
        return live if value else queryset.exclude(pk__in=live.values("pk"))


class NotificationFilter(django_filters.FilterSet):
    channel_kind = django_filters.CharFilter()
    kind = django_filters.ChoiceFilter(choices=Notification.KINDS)
    status = django_filters.CharFilter()

    class Meta:
        model = Notification
        fields = ["channel_kind", "kind", "status", "incident"]
