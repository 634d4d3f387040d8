"""Top-level URLs: pages per context, the API under /api/v1/, its schema and docs, the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from harmonyhub_site import views
from operations.views import health as operations_health
from valuation.stripe_views import stripe_webhook


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """The docs page is a page: OPTIONS on it has no metadata to give (it answered 500)."""

    http_method_names = ["get", "head"]


class FaviconRedirect(RedirectView):
    """The icon's hashed name is looked up per request: at import the production manifest may not
    exist yet (`check --deploy` runs before collectstatic)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


admin.site.site_header = f"{settings.HARMONYHUB_SITE_NAME} administration"
admin.site.site_title = f"{settings.HARMONYHUB_SITE_NAME} admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("moods/", include("domains.moods.urls")),
    path("arts/", include("domains.arts.urls")),
    path("commerce/", include("domains.commerce.urls")),
    path("finance/", include("domains.finance.urls")),
    path("valuation/", include("valuation.urls")),
    path("webhooks/stripe/<str:component>/", stripe_webhook, name="stripe-webhook"),
    path("innovation/", include("innovation.urls")),
    path("operations/", include("operations.urls")),
    path("health/", include("operations.health_urls")),
    path("metrics", operations_health.metrics, name="metrics"),
    path("api/v1/", include("harmonyhub_site.api_urls")),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(SwaggerDocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without a <link rel=icon> (the API docs, raw files).
    path(
        "favicon.ico",
        login_not_required(FaviconRedirect.as_view()),
        name="favicon",
    ),
]

if settings.DEBUG:
    # runserver only; production serves media from its storage backend or the web server.
    urlpatterns += [
        path("media/<path:path>", login_not_required(serve), {"document_root": settings.MEDIA_ROOT})
    ]

handler400 = "harmonyhub_site.views.error_400"
handler403 = "harmonyhub_site.views.error_403"
handler404 = "harmonyhub_site.views.error_404"
handler500 = "harmonyhub_site.views.error_500"
