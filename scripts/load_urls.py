"""The site's URLs plus the load run's floors: bare Django views that return the same rows as a
list endpoint (page 1, 25 rows, and the count) straight from .values() through JsonResponse, so
each endpoint's throughput has a ceiling to be compared with.

- /__floor__/<app_label>.<model>/<user_id>/ — any user-owned model: the rows the list endpoint
  serves (its ModelSerializer's model fields, the model's default ordering), no authentication;
- /__floor__/moods-token/ — the moods floor behind the API's token authentication class, to
  price token authentication.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db import models
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.urls import path

from domains.moods.api.serializers import MoodEntryOutputSerializer
from domains.moods.models import MoodEntry
from harmonyhub_site.urls import handler403, handler404, handler500  # noqa: F401
from harmonyhub_site.urls import urlpatterns as site_urlpatterns

PAGE = 25
_SHAPES: dict[str, tuple] = {}


def _owner(model) -> str:
    for f in model._meta.concrete_fields:
        if (
            f.is_relation
            and f.related_model is get_user_model()
            and not f.null
            and f.remote_field.on_delete is models.CASCADE
        ):
            return f.attname
    raise Http404


def _list_fields(model) -> list[str]:
    """The `.values()` keys of the model's list endpoint, where the URL conf names one: its
    serializer's own `values_columns()` when every output field is a column (a join such as
    `product__name` included), else the serializer's model columns; without an endpoint, every
    concrete column."""
    from tests.hardening.discovery import api_routes

    columns = {f.name: f.attname for f in model._meta.concrete_fields}
    for route in api_routes():
        serializer = getattr(route.cls, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        if getattr(meta, "model", None) is not model or not isinstance(meta.fields, list | tuple):
            continue
        keys = (
            serializer(context={}).values_columns()
            if hasattr(serializer, "values_columns")
            else None
        )
        if keys:
            return [k for k in keys if not k.startswith("@")]
        named = [columns[f] for f in meta.fields if f in columns]
        if named:
            return named
    return list(columns.values())


def _shape(label: str) -> tuple:
    if label not in _SHAPES:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        _SHAPES[label] = (model, _owner(model), _list_fields(model))
    return _SHAPES[label]


def _page(model, owner: str, fields: list[str], user_id: int) -> dict:
    qs = model._default_manager.filter(**{owner: user_id})
    if not qs.ordered:
        qs = qs.order_by("-pk")
    rows = list(qs.values(*fields)[:PAGE])
    return {"count": qs.count(), "next": None, "previous": None, "results": rows}


@login_not_required
def floor(request, label: str, user_id: int):
    return JsonResponse(_page(*_shape(label), user_id))


@login_not_required
def floor_token(request):
    """The moods floor behind the API's own token authentication class."""
    from rest_framework.exceptions import AuthenticationFailed
    from rest_framework.settings import api_settings

    token_auth = next(
        a for a in api_settings.DEFAULT_AUTHENTICATION_CLASSES if "Token" in a.__name__
    )
    try:
        found = token_auth().authenticate(request)
    except AuthenticationFailed:
        found = None
    if found is None:
        return HttpResponseForbidden()
    fields = list(MoodEntryOutputSerializer.Meta.fields)
    return JsonResponse(_page(MoodEntry, "user_id", fields, found[0].pk))


urlpatterns = [
    path("__floor__/<str:label>/<int:user_id>/", floor),
    path("__floor__/moods-token/", floor_token),
    *site_urlpatterns,
]
