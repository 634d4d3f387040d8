"""List endpoints served from `.values()` rows when the output needs nothing else.

A list page builds 25 model instances only to read columns back out of them. When every output
field of the view's serializer is a column (or a column across a foreign key, or a foreign key's
id), `ValuesListMixin.list` asks the database for exactly those columns as dicts and serializes
the dicts; the output is the same, field for field (tests/test_serializers.py compares both
paths for every list endpoint). Otherwise it falls back to DRF's list unchanged.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, OuterRef
from rest_framework.mixins import ListModelMixin

from common.api.serializers import M2M

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
        model = queryset.model
        plain = [c for c in columns if not c.startswith(M2M)]
        m2m = [c for c in columns if c.startswith(M2M)]
        arrays = _id_arrays(model, m2m) if connections[queryset.db].vendor == "postgresql" else {}
        page = self.paginate_queryset(queryset.values(*plain, _pk=F("pk"), **arrays))
        if page is None:
            return super().list(request, *args, **kwargs)
        for column in m2m:
            alias = _alias(column)
            if alias in arrays:
                for row in page:
                    row[column] = row.pop(alias)
            else:
                _attach_ids(model, column, page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _alias(column: str) -> str:
    return "_ids_" + column.removeprefix(M2M)


def _id_arrays(model, columns: list[str]) -> dict:
    """PostgreSQL: each row's many-to-many ids as an ARRAY(subquery) column of the page query
    itself, in the related model's default ordering (what a prefetch gives)."""
    from django.contrib.postgres.expressions import ArraySubquery

    out = {}
    for column in columns:
        field = model._meta.get_field(column.removeprefix(M2M))
        related = field.related_model._default_manager.filter(
            **{field.related_query_name(): OuterRef("pk")}
        )
        out[_alias(column)] = ArraySubquery(related.values("pk"))
    return out


def _attach_ids(model, column: str, rows: list[dict]) -> None:
    """Each row's many-to-many ids under `column`, in the order a prefetch gives them (the
    related model's default ordering), with one query for the page."""
    field = model._meta.get_field(column.removeprefix(M2M))
    back = field.related_query_name()
    ids = [row["_pk"] for row in rows]
    found: dict = {pk: [] for pk in ids}
    pairs = field.related_model._default_manager.filter(**{f"{back}__in": ids})
    for owner, related in pairs.values_list(back, "pk"):
        found[owner].append(related)
    for row in rows:
        row[column] = found[row["_pk"]]
