"""Operations API under /api/v1/operations/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from operations.api import playbooks, views

router = SimpleRouter()
router.register("alerts", views.AlertViewSet, basename="ops-alert")
router.register("incidents", views.IncidentViewSet, basename="ops-incident")
router.register("silences", views.SilenceViewSet, basename="ops-silence")
router.register("rules", views.AlertRuleViewSet, basename="ops-rule")
router.register("policies", views.EscalationPolicyViewSet, basename="ops-policy")
router.register("notifications", views.NotificationViewSet, basename="ops-notification")

urlpatterns = [
    path("alerts/fire/", views.AlertFireApi.as_view(), name="ops-alert-fire"),
    path("alerts/resolve/", views.AlertResolveApi.as_view(), name="ops-alert-resolve"),
    path(
        "incidents/<int:pk>/acknowledge/",
        views.IncidentActionApi.as_view(action_name="acknowledge"),
        name="ops-incident-acknowledge",
    ),
    path(
        "incidents/<int:pk>/resolve/",
        views.IncidentActionApi.as_view(action_name="resolve"),
        name="ops-incident-resolve",
    ),
    path(
        "incidents/<int:pk>/escalate/",
        views.IncidentActionApi.as_view(action_name="escalate"),
        name="ops-incident-escalate",
    ),
    path("silences/<int:pk>/expire/", views.SilenceExpireApi.as_view(), name="ops-silence-expire"),
    path("isolation/", playbooks.IsolationStateApi.as_view(), name="ops-isolation"),
    path(
        "isolation/<str:action>/",
        playbooks.IsolationActionApi.as_view(),
        name="ops-isolation-action",
    ),
    path("forensics/", playbooks.ForensicsApi.as_view(), name="ops-forensics"),
    path(
        "forensics/<int:pk>/download/",
        playbooks.ForensicsDownloadApi.as_view(),
        name="ops-forensics-download",
    ),
    path("snapshots/", views.HealthSnapshotList.as_view(), name="ops-snapshots"),
    path("metrics/", views.MetricListApi.as_view(), name="ops-metrics"),
    path("product/", views.ProductMetricsApi.as_view(), name="ops-product"),
    path("surveys/", views.SurveyApi.as_view(), name="ops-surveys"),
    *router.urls,
]
