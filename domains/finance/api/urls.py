"""Finance API under /api/v1/finance/."""

from django.urls import path

from domains.finance.api.views import AssessmentDetailApi, AssessmentListCreateApi, QuestionnaireApi

urlpatterns = [
    path("assessments/", AssessmentListCreateApi.as_view(), name="finance-assessments"),
    path(
        "assessments/<int:assessment_id>/",
        AssessmentDetailApi.as_view(),
        name="finance-assessment-detail",
    ),
    path("questionnaire/", QuestionnaireApi.as_view(), name="finance-questionnaire"),
]
