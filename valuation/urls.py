"""Valuation pages."""

from django.urls import path

from valuation import views, views_captable

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
]
