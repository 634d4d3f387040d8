"""Operations pages under /operations/ (staff, except the overview/survey and inbox)."""

from django.urls import path

from operations.views import config, dashboards, incidents, playbooks

app_name = "operations"
urlpatterns = [
    path("", dashboards.index, name="index"),
    path("health/", dashboards.health_page, name="health"),
    path("success/", dashboards.success_dashboard, name="success"),
    path("success/targets/<int:target_id>/", dashboards.target_edit, name="target_edit"),
    path("inbox/", dashboards.inbox, name="inbox"),
    path("inbox/read/", dashboards.inbox_read, name="inbox_read"),
    path("survey/", dashboards.survey, name="survey"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/<int:incident_id>/", incidents.incident_detail, name="incident_detail"),
    path(
        "incidents/<int:incident_id>/<str:action>/",
        incidents.incident_action,
        name="incident_action",
    ),
    path("isolation/", playbooks.isolation_page, name="isolation"),
    path("isolation/<str:action>/", playbooks.isolation_action, name="isolation_action"),
    path("forensics/", playbooks.forensics_page, name="forensics"),
    path(
        "forensics/<int:export_id>/download/",
        playbooks.forensics_download,
        name="forensics_download",
    ),
    path("backups/diff/", playbooks.backup_diff_page, name="backup_diff"),
    path("reports/<int:report_id>/", playbooks.report_detail, name="report_detail"),
    path("alerts/", incidents.alert_list, name="alert_list"),
    path("notifications/", incidents.notification_list, name="notification_list"),
    path("silences/", config.silence_list, name="silence_list"),
    path("silences/<int:silence_id>/expire/", config.silence_expire_view, name="silence_expire"),
    path("rules/", config.rule_list, name="rule_list"),
    path("rules/new/", config.rule_edit, name="rule_create"),
    path("rules/<int:rule_id>/", config.rule_edit, name="rule_edit"),
    path("policies/", config.policy_list, name="policy_list"),
    path("policies/new/", config.policy_edit, name="policy_create"),
    path("policies/<int:policy_id>/", config.policy_edit, name="policy_edit"),
]
