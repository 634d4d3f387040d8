"""Innovation API under /api/v1/innovation/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from innovation.api.views import (
    ChallengeViewSet,
    InventionViewSet,
    MetricsApi,
    PriorArtImportApi,
    RunViewSet,
)

router = SimpleRouter()
router.register("challenges", ChallengeViewSet, basename="innovation-challenges")
router.register("runs", RunViewSet, basename="innovation-runs")
router.register("inventions", InventionViewSet, basename="innovation-inventions")

urlpatterns = [
    path("prior-art/import/", PriorArtImportApi.as_view(), name="innovation-prior-art-import"),
    path("metrics/", MetricsApi.as_view(), name="innovation-metrics"),
    *router.urls,
]
