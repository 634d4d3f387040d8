"""Valuation pages."""

from django.urls import path

from valuation import stripe_views, views

app_name = "valuation"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("live/", views.dashboard_live, name="live"),
    path("revalue/", views.portfolio_revalue, name="revalue"),
    path("import/", views.csv_import, name="import"),
    path("c/<str:name>/", views.component_detail, name="component"),
    path("c/<str:name>/revalue/", views.component_revalue, name="component-revalue"),
    path("stripe/", stripe_views.stripe_index, name="stripe"),
    path("stripe/rates/", stripe_views.exchange_rates, name="stripe-rates"),
    path("stripe/<str:name>/", stripe_views.stripe_component, name="stripe-component"),
    path("stripe/<str:name>/backfill/", stripe_views.stripe_backfill, name="stripe-backfill"),
    path(
        "stripe/<str:name>/events/<int:pk>/retry/",
        stripe_views.stripe_event_retry,
        name="stripe-retry",
    ),
]
