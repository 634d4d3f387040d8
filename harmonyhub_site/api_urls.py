"""/api/v1/: one include per context's api/urls.py."""

from django.urls import include, path

from accounts.api import ObtainTokenApi

urlpatterns = [
    path("auth/token/", ObtainTokenApi.as_view(), name="api-token-obtain"),
    path("", include("domains.moods.api.urls")),
    path("arts/", include("domains.arts.api.urls")),
    path("commerce/", include("domains.commerce.api.urls")),
    path("finance/", include("domains.finance.api.urls")),
    path("valuation/", include("valuation.api.urls")),
    path("innovation/", include("innovation.api.urls")),
    path("operations/", include("operations.api.urls")),
]
