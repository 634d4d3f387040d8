"""Valuation pages."""

from django.urls import path

from valuation import views

app_name = "valuation"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("live/", views.dashboard_live, name="live"),
    path("revalue/", views.portfolio_revalue, name="revalue"),
    path("import/", views.csv_import, name="import"),
    path("funding/", views.funding, name="funding"),
    path("c/<str:name>/", views.component_detail, name="component"),
    path("c/<str:name>/revalue/", views.component_revalue, name="component-revalue"),
]
