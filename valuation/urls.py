"""Valuation pages."""

from django.urls import path

from valuation import stripe_views, views, views_captable

app_name = "valuation"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("live/", views.dashboard_live, name="live"),
    path("revalue/", views.portfolio_revalue, name="revalue"),
    path("import/", views.csv_import, name="import"),
    path("funding/", views.funding, name="funding"),
    path("c/<str:name>/", views.component_detail, name="component"),
    path("c/<str:name>/revalue/", views.component_revalue, name="component-revalue"),
    # Cap table and round scenarios (issue 15)
    path("captable/", views_captable.captable_index, name="captable"),
    path("captable/compare/", views_captable.captable_compare, name="captable-compare"),
    path("captable/s/<int:pk>/", views_captable.captable_scenario, name="captable-scenario"),
    path(
        "captable/s/<int:pk>/csv/",
        views_captable.captable_scenario_csv,
        name="captable-scenario-csv",
    ),
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
