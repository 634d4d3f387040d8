"""One FilterSet per listable model, shared by the HTML lists and the API."""

import django_filters

from valuation.engines.types import KINDS, STREAMS
from valuation.models import STAGES, Component, RevenueEvent, ValuationSnapshot


class ComponentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")
    sector = django_filters.CharFilter(lookup_expr="iexact")
    stage = django_filters.ChoiceFilter(choices=STAGES)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Component
        fields = ["sector", "stage", "is_active"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(title__icontains=value))


class RevenueEventFilterSet(django_filters.FilterSet):
    component = django_filters.CharFilter(field_name="component__name")
    customer = django_filters.CharFilter(field_name="customer_ref")
    kind = django_filters.ChoiceFilter(choices=[(k, k) for k in KINDS])
    stream = django_filters.ChoiceFilter(choices=[(s, s) for s in STREAMS])
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = RevenueEvent
        fields = ["kind", "stream"]


class SnapshotFilterSet(django_filters.FilterSet):
    scope = django_filters.CharFilter()
    since = django_filters.DateFilter(field_name="as_of", lookup_expr="gte")
    until = django_filters.DateFilter(field_name="as_of", lookup_expr="lte")

    class Meta:
        model = ValuationSnapshot
        fields = ["scope"]


class RoundScenarioFilterSet(django_filters.FilterSet):
    """Saved round scenarios (issue 15): by cap table id and name."""

    cap_table = django_filters.NumberFilter(field_name="cap_table_id")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        from valuation.models_captable import RoundScenario

        model = RoundScenario
        fields = ["cap_table", "name"]
