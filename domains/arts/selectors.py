"""Reads of music messages and of what the composer supports."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from common.urls import url_builder
from domains.arts.engines import (
    DURATION_RANGE,
    INSTRUMENTS,
    MELODY_INSTRUMENTS,
    OCCASIONS,
    TEMPO_RANGE,
    TIME_SIGNATURES,
)
from domains.arts.models import MusicMessage
from domains.moods.selectors import lexicon_get


def music_message_list(*, user, filters: dict | None = None) -> QuerySet[MusicMessage]:
    """The user's own messages, newest first, narrowed by the shared MusicMessageFilterSet."""
    from domains.arts.filters import MusicMessageFilterSet

    qs = MusicMessage.objects.filter(owner=user)
    return MusicMessageFilterSet(filters or {}, queryset=qs).qs


def music_message_get(*, user, message_id) -> MusicMessage | None:
    """One of the user's messages, or None (also for another user's message or a bad id)."""
    try:
        pk = uuid.UUID(str(message_id))
    except ValueError:
        return None
    return MusicMessage.objects.filter(owner=user, pk=pk).first()


def music_message_get_shared(*, token: str) -> MusicMessage | None:
    """The message behind a live share link, or None (unknown or revoked token)."""
    if not token or len(token) > 64:
        return None
    return (
        MusicMessage.objects.select_related("owner")
        .filter(share_token=token, share_revoked=False)
        .first()
    )


def music_message_urls(message: MusicMessage) -> dict:
    """Site-relative URLs of the owner's files, the detail page and the share page."""
    return music_message_urls_for(pk=message.pk, share_token=message.share_token)


def music_message_urls_for(*, pk, share_token: str) -> dict:
    return {
        name: build(pk, share_token)
        for name, build in music_message_url_builders(api=False).items()
    }


def music_message_url_builders(*, api: bool = True) -> dict:
    """{name: f(pk, share_token) -> site-relative URL} for a message's links (pages, files,
    share link, and with `api` the API's file links): URL shapes looked up once per response."""
    detail = url_builder("arts:detail", uuid.UUID)
    file = url_builder("arts:file", uuid.UUID, str)
    share = url_builder("arts:share", str)
    out = {
        "url": lambda pk, token: detail(pk),
        "midi_url": lambda pk, token: file(pk, "midi"),
        "audio_url": lambda pk, token: file(pk, "audio"),
        "share_url": lambda pk, token: share(token),
    }
    if api:
        midi = url_builder("arts-messages-midi", uuid.UUID)
        audio = url_builder("arts-messages-audio", uuid.UUID)
        out["api_midi_url"] = lambda pk, token: midi(pk)
        out["api_audio_url"] = lambda pk, token: audio(pk)
    return out


def music_message_payload(message: MusicMessage) -> dict:
    """The dict the Python entry point returns (and the API's detail shape builds on)."""
    return {
        "message_id": str(message.pk),
        "owner": message.owner.get_username(),
        "emotion": message.emotion,
        "from_emotion": message.from_emotion or None,
        "occasion": message.occasion,
        "recipient_name": message.recipient_name,
        "text": message.text,
        "intensity": message.intensity,
        "duration_s": message.duration_s,
        **music_message_urls(message),
        "shared": message.is_shared,
        "parameters": message.parameters,
        "explanation": message.explanation,
        "checks": message.checks,
        "seed": message.seed,
        "engine_version": message.engine_version,
        "inputs_hash": message.inputs_hash,
        "created_at": message.created_at.isoformat(),
    }


def emotion_choices() -> list[dict]:
    """Every lexicon emotion with its coordinates, for the valence/arousal plane picker."""
    return [
        {
            "name": e.name,
            "family": e.family,
            "valence": e.valence,
            "arousal": e.arousal,
            "dominance": e.dominance,
            "synonyms": list(e.synonyms),
            # Position on the picker plane, in percent (valence → right, arousal → up).
            "x": round((e.valence + 1) * 50, 2),
            "y": round((1 - e.arousal) * 50, 2),
        }
        for e in sorted(lexicon_get(), key=lambda e: e.name)
    ]


def occasion_choices() -> list[dict]:
    return [o.as_dict() for o in OCCASIONS.values()]


def composer_limits() -> dict:
    return {
        "duration_s": list(DURATION_RANGE),
        "intensity": [0.0, 1.0],
        "tempo_bpm": list(TEMPO_RANGE),
        "time_signatures": list(TIME_SIGNATURES),
        "instruments": [{"name": n, "program": INSTRUMENTS[n].program} for n in MELODY_INSTRUMENTS],
    }
