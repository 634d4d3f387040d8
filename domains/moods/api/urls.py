"""Moods API under /api/v1/: /moods/ and /emotions/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from domains.moods.api.views import EmotionListApi, MoodEntryViewSet

router = SimpleRouter()
router.register("moods", MoodEntryViewSet, basename="moods")

urlpatterns = [
    path("emotions/", EmotionListApi.as_view(), name="emotion-list"),
    *router.urls,
]
