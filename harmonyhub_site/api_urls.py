"""/api/v1/: one include per context's api/urls.py."""

from django.urls import include, path

from accounts.api import ObtainTokenApi
from accounts.api_me import MeApi, MeExportApi

urlpatterns = [
    path("auth/token/", ObtainTokenApi.as_view(), name="api-token-obtain"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("me/export/", MeExportApi.as_view(), name="api-me-export"),
    path("", include("domains.moods.api.urls")),
    path("arts/", include("domains.arts.api.urls")),
    path("commerce/", include("domains.commerce.api.urls")),
    path("finance/", include("domains.finance.api.urls")),
    path("valuation/", include("valuation.api.urls")),
    path("innovation/", include("innovation.api.urls")),
    path("operations/", include("operations.api.urls")),
]
