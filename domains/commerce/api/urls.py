"""Commerce API under /api/v1/commerce/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from domains.commerce.api.views import (
    CatalogueImportApi,
    InteractionViewSet,
    ProductViewSet,
    RecommendationDetailApi,
    RecommendationListCreateApi,
)

router = SimpleRouter()
router.register("products", ProductViewSet, basename="commerce-products")
router.register("interactions", InteractionViewSet, basename="commerce-interactions")

urlpatterns = [
    path("products/import/", CatalogueImportApi.as_view(), name="commerce-import"),
    path(
        "recommendations/",
        RecommendationListCreateApi.as_view(),
        name="commerce-recommendations",
    ),
    path(
        "recommendations/<int:recommendation_id>/",
        RecommendationDetailApi.as_view(),
        name="commerce-recommendation-detail",
    ),
    *router.urls,
]
