"""One FilterSet per listable model, shared by the HTML lists and the API lists."""

import django_filters

from domains.commerce.models import Interaction, Product


class ProductFilterSet(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category")
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    in_stock = django_filters.BooleanFilter(method="filter_in_stock")

    class Meta:
        model = Product
        fields = ["category"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)


class InteractionFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Interaction.KINDS)
    since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Interaction
        fields = ["kind"]
