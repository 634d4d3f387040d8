"""Risk profile pages under /finance/."""

from django.urls import path

from domains.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="index"),
    path("assess/", views.assess, name="assess"),
    path("assessments/<int:assessment_id>/", views.result, name="result"),
]
