"""One FilterSet for the invention board/list page and the inventions API."""

import django_filters

from innovation.models import Invention


class InventionFilterSet(django_filters.FilterSet):
    min_potential = django_filters.NumberFilter(
        field_name="breakthrough_potential", lookup_expr="gte"
    )

    class Meta:
        model = Invention
        fields = ["status", "domain"]
