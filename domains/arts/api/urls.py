"""Arts API under /api/v1/arts/: messages/, emotions/, occasions/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from domains.arts.api.views import EmotionChoiceListApi, MusicMessageViewSet, OccasionListApi

router = SimpleRouter()
router.register("messages", MusicMessageViewSet, basename="arts-messages")

urlpatterns = [
    path("emotions/", EmotionChoiceListApi.as_view(), name="arts-emotion-list"),
    path("occasions/", OccasionListApi.as_view(), name="arts-occasion-list"),
    *router.urls,
]
