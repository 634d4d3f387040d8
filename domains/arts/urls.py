"""Arts pages: compose, my messages, owner files, and the public share page."""

from django.urls import path

from domains.arts import views

app_name = "arts"
urlpatterns = [
    path("", views.message_list, name="index"),
    path("compose/", views.message_compose, name="compose"),
    path("preview.wav", views.message_preview, name="preview"),
    path("m/<uuid:message_id>/", views.message_detail, name="detail"),
    path("m/<uuid:message_id>/file/<str:kind>/", views.message_file, name="file"),
    path("m/<uuid:message_id>/vary/", views.message_vary, name="vary"),
    path("m/<uuid:message_id>/revoke/", views.message_revoke, name="revoke"),
    path("m/<uuid:message_id>/renew/", views.message_renew, name="renew"),
    path("m/<uuid:message_id>/delete/", views.message_delete, name="delete"),
    path("s/<str:token>/", views.share_page, name="share"),
    path("s/<str:token>/file/<str:kind>/", views.share_file, name="share-file"),
]
