"""Mood journal pages."""

from django.urls import path

from domains.moods import views

app_name = "moods"
urlpatterns = [
    path("", views.mood_journal, name="index"),
    path("<int:entry_id>/delete/", views.mood_entry_delete, name="delete"),
]
