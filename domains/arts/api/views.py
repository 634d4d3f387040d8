"""Arts API: the requesting user's music messages, and what the composer supports."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.permissions import HasPerms, ModelPermissions
from domains.arts import selectors, services
from domains.arts.api.serializers import (
    EmotionChoiceSerializer,
    MusicMessageInputSerializer,
    MusicMessageOutputSerializer,
    OccasionSerializer,
)
from domains.arts.files import file_response
from domains.arts.filters import MusicMessageFilterSet
from domains.arts.models import MusicMessage
from domains.arts.throttle import ComposeRateThrottle


class MusicMessageViewSet(
    ValuesListMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The requesting user's messages; other users' messages do not exist here (404)."""

    permission_classes = [ModelPermissions]
    serializer_class = MusicMessageOutputSerializer
    filterset_class = MusicMessageFilterSet
    ordering_fields = ["created_at"]
    queryset = MusicMessage.objects.none()

    def get_queryset(self):
        return MusicMessage.objects.filter(owner=self.request.user)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action in ("create", "vary"):
            throttles.append(ComposeRateThrottle())
        return throttles

    @extend_schema(
        request=MusicMessageInputSerializer, responses={201: MusicMessageOutputSerializer}
    )
    def create(self, request):
        data = MusicMessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        options = dict(data.validated_data)
        emotion, occasion = options.pop("emotion"), options.pop("occasion")
        message = services.music_message_create(
            owner=request.user, emotion=emotion, occasion=occasion, **options
        )
        body = MusicMessageOutputSerializer(message, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.music_message_delete(message=instance)

    @extend_schema(request=None, responses={201: MusicMessageOutputSerializer})
    @action(detail=True, methods=["post"])
    def vary(self, request, pk=None):
        """Compose another version: same emotion, occasion, options and words, new seed."""
        message = services.music_message_vary(message=self.get_object())
        body = MusicMessageOutputSerializer(message, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MusicMessageOutputSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke the share link (the public page then answers 404)."""
        message = services.music_message_share_revoke(message=self.get_object())
        return Response(MusicMessageOutputSerializer(message, context={"request": request}).data)

    @extend_schema(request=None, responses=MusicMessageOutputSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Issue a new share link."""
        message = services.music_message_share_renew(message=self.get_object())
        return Response(MusicMessageOutputSerializer(message, context={"request": request}).data)

    @extend_schema(responses={(200, "audio/wav"): bytes})
    @action(detail=True, methods=["get"])
    def audio(self, request, pk=None):
        """The WAV file (16-bit PCM)."""
        return file_response(self.get_object(), "audio", download=False)

    @extend_schema(responses={(200, "audio/midi"): bytes})
    @action(detail=True, methods=["get"])
    def midi(self, request, pk=None):
        """The Standard MIDI File."""
        return file_response(self.get_object(), "midi", download=False)


class EmotionChoiceListApi(APIView):
    """Emotions the composer understands (the shared lexicon) with their coordinates."""

    permission_classes = [HasPerms("arts.add_musicmessage")]

    @extend_schema(responses=EmotionChoiceSerializer(many=True))
    def get(self, request):
        return Response(EmotionChoiceSerializer(selectors.emotion_choices(), many=True).data)


class OccasionListApi(APIView):
    """Supported occasions, their synonyms and the emotions that fit them."""

    permission_classes = [HasPerms("arts.add_musicmessage")]

    @extend_schema(responses=OccasionSerializer(many=True))
    def get(self, request):
        return Response(OccasionSerializer(selectors.occasion_choices(), many=True).data)
