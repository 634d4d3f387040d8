"""The site's URLs plus the load run's floor: a bare Django view returning the same JSON as the
moods list endpoint (page 1, 25 rows) straight from .values() through JsonResponse, with and
without a token lookup, so each endpoint's throughput has a ceiling to be compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import path
from rest_framework.authtoken.models import Token

from domains.moods.api.serializers import MoodEntryOutputSerializer
from domains.moods.models import MoodEntry
from harmonyhub_site.urls import handler403, handler404, handler500  # noqa: F401
from harmonyhub_site.urls import urlpatterns as site_urlpatterns

FIELDS = MoodEntryOutputSerializer.Meta.fields


def _page(user_id: int) -> dict:
    qs = MoodEntry.objects.filter(user_id=user_id).order_by("-recorded_at", "-id")
    rows = list(qs.values(*FIELDS)[:25])
    return {"count": qs.count(), "next": None, "previous": None, "results": rows}


@login_not_required
def floor(request, user_id: int):
    return JsonResponse(_page(user_id))


@login_not_required
def floor_token(request):
    header = request.headers.get("Authorization", "")
    token = Token.objects.select_related("user").filter(key=header.removeprefix("Token ")).first()
    if token is None:
        return HttpResponseForbidden()
    return JsonResponse(_page(token.user_id))


urlpatterns = [
    path("__floor__/moods/<int:user_id>/", floor),
    path("__floor__/moods-token/", floor_token),
    *site_urlpatterns,
]
