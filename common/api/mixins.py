"""List endpoints served from `.values()` rows when the output needs nothing else.

A list page builds 25 model instances only to read columns back out of them. When every output
field of the view's serializer is a column (or a column across a foreign key, or a foreign key's
id), `ValuesListMixin.list` asks the database for exactly those columns as dicts and serializes
the dicts; the output is the same, field for field (tests/test_serializers.py compares both
paths for every list endpoint). Otherwise it falls back to DRF's list unchanged.
"""

from __future__ import annotations

from rest_framework.mixins import ListModelMixin

_COLUMNS: dict[type, list[str] | None] = {}


def _values_columns(serializer_class, context) -> list[str] | None:
    """Worked out once per serializer class (its fields do not change between requests)."""
    if serializer_class not in _COLUMNS:
        probe = serializer_class(context=context)
        _COLUMNS[serializer_class] = (
            probe.values_columns() if hasattr(probe, "values_columns") else None
        )
    return _COLUMNS[serializer_class]


class ValuesListMixin(ListModelMixin):
    values_path = True  # the tests switch it off to compare both paths

    def list(self, request, *args, **kwargs):
        columns = _values_columns(self.get_serializer_class(), self.get_serializer_context())
        if not self.values_path or columns is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(queryset.values(*columns))
        if page is None:
            return super().list(request, *args, **kwargs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
