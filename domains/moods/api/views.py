"""Moods API: the user's own journal entries, and the shared emotion lexicon."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.permissions import HasPerms, ModelPermissions
from domains.moods import selectors, services
from domains.moods.api.serializers import (
    EmotionSerializer,
    MoodEntryInputSerializer,
    MoodEntryOutputSerializer,
)
from domains.moods.filters import MoodEntryFilterSet
from domains.moods.models import MoodEntry


class MoodEntryViewSet(
    ValuesListMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The requesting user's mood entries; other users' entries do not exist here (404)."""

    permission_classes = [ModelPermissions]
    serializer_class = MoodEntryOutputSerializer
    filterset_class = MoodEntryFilterSet
    ordering_fields = ["recorded_at", "intensity"]
    queryset = MoodEntry.objects.none()

    def get_queryset(self):
        return MoodEntry.objects.filter(user=self.request.user)

    @extend_schema(request=MoodEntryInputSerializer, responses={201: MoodEntryOutputSerializer})
    def create(self, request):
        data = MoodEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.mood_entry_create(user=request.user, **data.validated_data)
        return Response(MoodEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoodEntryInputSerializer, responses=MoodEntryOutputSerializer)
    def update(self, request, pk=None):
        return self._update(request, partial=False)

    @extend_schema(request=MoodEntryInputSerializer, responses=MoodEntryOutputSerializer)
    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool):
        entry = self.get_object()
        data = MoodEntryInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "recorded_at"}
        entry = services.mood_entry_update(entry=entry, **fields)
        return Response(MoodEntryOutputSerializer(entry).data)

    def perform_destroy(self, instance):
        services.mood_entry_delete(entry=instance)


class EmotionListApi(APIView):
    """The shared lexicon; `?q=word` resolves a word (synonym or typo) to its emotion."""

    permission_classes = [HasPerms("moods.add_moodentry")]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Word to resolve")],
        responses=EmotionSerializer(many=True),
    )
    def get(self, request):
        lexicon = selectors.lexicon_get()
        word = request.query_params.get("q")
        emotions = [selectors.emotion_resolve(word=word, field="q")] if word else list(lexicon)
        return Response(EmotionSerializer(emotions, many=True).data)
