"""Innovation pages."""

from django.urls import path

from innovation import views

app_name = "innovation"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/save/<int:index>/", views.concept_save, name="concept-save"),
    path("board/", views.board, name="board"),
    path("inventions/<int:pk>/", views.invention_detail, name="invention"),
    path("inventions/<int:pk>/<slug:action>/", views.invention_action, name="invention-action"),
    path("sac/", views.sac, name="sac"),
    path("metrics/", views.metrics, name="metrics"),
    path("radar/", views.radar, name="radar"),
    path("prior-art/import/", views.prior_art_import, name="import"),
]
