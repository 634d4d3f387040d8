"""Valuation API under /api/v1/valuation/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from valuation.api import views

app_name = "valuation-api"

router = SimpleRouter()
router.register("components", views.ComponentViewSet, basename="component")
router.register("events", views.RevenueEventViewSet, basename="event")
router.register("costs", views.CostEntryViewSet, basename="cost")
router.register("multiples", views.MultiplesViewSet, basename="multiples")
router.register("snapshots", views.SnapshotViewSet, basename="snapshot")

urlpatterns = [
    path("portfolio/kpis/", views.PortfolioKpiApi.as_view(), name="portfolio-kpis"),
    path("revalue/", views.RevalueApi.as_view(), name="revalue"),
    path("jobs/<int:pk>/", views.JobDetailApi.as_view(), name="job-detail"),
    path("report/", views.ReportApi.as_view(), name="report"),
    path("policy/", views.PolicyApi.as_view(), name="policy"),
    path("funding/scorecard/", views.FundingScorecardApi.as_view(), name="funding-scorecard"),
    path("funding/plan/", views.FundingPlanApi.as_view(), name="funding-plan"),
    *router.urls,
]
