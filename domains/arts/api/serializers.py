"""Arts API serializers: one input for composing, one output for messages."""

from collections.abc import Mapping

from rest_framework import serializers

from common.api import serializers as fast
from common.api.fields import StrictFloatField
from domains.arts import selectors
from domains.arts.engines import DURATION_RANGE, MELODY_INSTRUMENTS, TEMPO_RANGE, TIME_SIGNATURES
from domains.arts.models import RECIPIENT_MAX_LENGTH, TEXT_MAX_LENGTH, MusicMessage


class MusicMessageInputSerializer(fast.Serializer):
    emotion = serializers.CharField(max_length=64, help_text="Emotion, synonym or near typo")
    occasion = serializers.CharField(max_length=64, required=False, default="none")
    intensity = StrictFloatField(min_value=0.0, max_value=1.0, required=False)
    duration_s = StrictFloatField(
        min_value=DURATION_RANGE[0], max_value=DURATION_RANGE[1], required=False
    )
    seed = serializers.IntegerField(min_value=0, max_value=2**32 - 1, required=False)
    recipient_name = serializers.CharField(
        max_length=RECIPIENT_MAX_LENGTH, required=False, allow_blank=True
    )
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    tempo_bpm = serializers.IntegerField(
        min_value=TEMPO_RANGE[0], max_value=TEMPO_RANGE[1], required=False
    )
    key = serializers.CharField(max_length=16, required=False, allow_blank=True)
    instrument = serializers.ChoiceField(choices=MELODY_INSTRUMENTS, required=False)
    time_signature = serializers.ChoiceField(choices=list(TIME_SIGNATURES), required=False)
    from_emotion = serializers.CharField(max_length=64, required=False, allow_blank=True)
    force = serializers.BooleanField(required=False, default=False)


class MusicMessageOutputSerializer(fast.ModelSerializer):
    message_id = serializers.UUIDField(source="id", read_only=True)
    urls = serializers.SerializerMethodField()
    shared = serializers.SerializerMethodField(help_text="False once the share link is revoked")

    class Meta:
        model = MusicMessage
        fields = [
            "message_id",
            "emotion",
            "from_emotion",
            "occasion",
            "recipient_name",
            "text",
            "intensity",
            "duration_s",
            "urls",
            "shared",
            "share_token",
            "parameters",
            "explanation",
            "checks",
            "seed",
            "engine_version",
            "lexicon_version",
            "inputs_hash",
            "created_at",
        ]
        read_only_fields = fields
        # get_urls reads only these, so list pages can serve `.values()` rows (ValuesListMixin).
        values_method_inputs = {"urls": ["id", "share_token"], "shared": ["share_revoked"]}

    def get_shared(self, obj) -> bool:
        revoked = obj["share_revoked"] if isinstance(obj, Mapping) else obj.share_revoked
        return not revoked

    def get_urls(self, obj) -> dict:
        if isinstance(obj, Mapping):
            pk, token = obj["id"], obj["share_token"]
        else:
            pk, token = obj.pk, obj.share_token
        build = self.context.get("_arts_url_builders")
        if build is None:  # once per response: the URL shapes and the site root
            request = self.context.get("request")
            root = request.build_absolute_uri("/")[:-1] if request is not None else ""
            build = self.context["_arts_url_builders"] = (
                root,
                selectors.music_message_url_builders(),
            )
        root, builders = build
        return {name: root + builder(pk, token) for name, builder in builders.items()}


class EmotionChoiceSerializer(fast.Serializer):
    name = serializers.CharField()
    family = serializers.CharField()
    valence = serializers.FloatField()
    arousal = serializers.FloatField()
    dominance = serializers.FloatField()
    synonyms = serializers.ListField(child=serializers.CharField())


class OccasionSerializer(fast.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    synonyms = serializers.ListField(child=serializers.CharField())
    valence_range = serializers.ListField(child=serializers.FloatField())
    arousal_range = serializers.ListField(child=serializers.FloatField())
    why = serializers.CharField()
