"""Writes for music messages, and the Python entry point `create_emotional_music_message`."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from datetime import timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from common.logs import security_event
from domains.arts.engines import (
    ENGINE_VERSION,
    Affect,
    ComposeError,
    Composition,
    MessageSpec,
    compose_message,
)
from domains.arts.models import RECIPIENT_MAX_LENGTH, TEXT_MAX_LENGTH, MusicMessage
from domains.arts.selectors import music_message_payload
from domains.moods.selectors import emotion_resolve, lexicon_get

SEED_MAX = 2**32 - 1
OPTION_ALIASES = {"duration": "duration_s", "tempo": "tempo_bpm", "recipient": "recipient_name"}
ENGINE_OPTIONS = (
    "intensity",
    "duration_s",
    "tempo_bpm",
    "key",
    "instrument",
    "time_signature",
    "force",
)
MESSAGE_OPTIONS = ("seed", "recipient_name", "text", "from_emotion")


def _user_resolve(user_id):
    """A user by primary key (int or digit string) or username."""
    User = get_user_model()
    if isinstance(user_id, User):
        return user_id
    qs = User.objects.filter(is_active=True)
    user = None
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user = qs.filter(pk=user_id).first()
    elif isinstance(user_id, str) and user_id.strip():
        key = user_id.strip()
        user = qs.filter(**{User.USERNAME_FIELD: key}).first()
        if user is None and key.isdigit():
            user = qs.filter(pk=int(key)).first()
    if user is None:
        raise ApplicationError(
            f"No active user '{user_id}'.",
            code="unknown_user",
            fields={"user_id": ["Unknown user."]},
        )
    return user


def _emotion(word, field: str):
    if not isinstance(word, str) or not word.strip():
        raise ValidationError({field: ["Choose an emotion."]})
    try:
        return emotion_resolve(word=word, field=field)
    except ValidationError as exc:
        supported = ", ".join(lexicon_get().names())
        message = f"{exc.message_dict[field][0]} Supported: {supported}."
        raise ValidationError({field: [message]}) from None


def _seed(value) -> int:
    if value is None or value == "":
        return secrets.randbelow(SEED_MAX + 1)
    if isinstance(value, bool):
        raise ValidationError({"seed": ["The seed must be a whole number."]})
    try:
        seed = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"seed": ["The seed must be a whole number."]}) from None
    if seed != value and not (isinstance(value, str) and value.strip().isdigit()):
        raise ValidationError({"seed": ["The seed must be a whole number."]})
    if not 0 <= seed <= SEED_MAX:
        raise ValidationError({"seed": [f"The seed must be between 0 and {SEED_MAX}."]})
    return seed


def _options(options: dict) -> dict:
    out = {}
    for name, value in options.items():
        key = OPTION_ALIASES.get(name, name)
        if key not in ENGINE_OPTIONS + MESSAGE_OPTIONS:
            raise ValidationError({name: [f"Unknown option '{name}'."]})
        if value is not None and value != "":
            out[key] = value
    return out


def music_message_compose(*, emotion: str, occasion: str | None = "none", **options):
    """Resolve names and run the composer without storing anything.

    Returns (composition, spec, seed, resolved). Raises ValidationError with field errors."""
    opts = _options(options)
    resolved = _emotion(emotion, "emotion")
    start = _emotion(opts["from_emotion"], "from_emotion") if opts.get("from_emotion") else None
    seed = _seed(opts.get("seed"))
    text, recipient = str(opts.get("text", "")), str(opts.get("recipient_name", ""))
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": [f"The text is limited to {TEXT_MAX_LENGTH} characters."]})
    if len(recipient) > RECIPIENT_MAX_LENGTH:
        raise ValidationError(
            {"recipient_name": [f"Names are limited to {RECIPIENT_MAX_LENGTH} characters."]}
        )
    engine_kw = {k: opts[k] for k in ENGINE_OPTIONS if k in opts}
    engine_kw["force"] = bool(engine_kw.get("force", False))
    title = f"For {recipient}: {resolved.name}" if recipient else ""
    spec = MessageSpec(
        emotion=resolved.name,
        affect=Affect(*resolved.vad),
        occasion=occasion or "none",
        from_emotion=start.name if start else None,
        from_affect=Affect(*start.vad) if start else None,
        title=title,
        **engine_kw,
    )
    try:
        composition = compose_message(spec, np.random.default_rng(seed))
    except ComposeError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None
    return (
        composition,
        spec,
        seed,
        {"emotion": resolved, "from": start, "text": text, "recipient_name": recipient},
    )


def inputs_hash(spec: MessageSpec, seed: int, lexicon_version: str) -> str:
    """sha256 of the canonical JSON of every input that determines the files."""
    payload = {
        "spec": spec.canonical(),
        "seed": seed,
        "engine": ENGINE_VERSION,
        "lexicon": lexicon_version,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def music_message_create(
    *, owner, emotion: str, occasion: str | None = "none", **options
) -> MusicMessage:
    """Compose and store a message for `owner` (files in the default storage)."""
    composition, spec, seed, resolved = music_message_compose(
        emotion=emotion, occasion=occasion, **options
    )
    return _store(owner, composition, spec, seed, resolved, options)


@transaction.atomic
def _store(
    owner, composition: Composition, spec: MessageSpec, seed: int, resolved: dict, options: dict
) -> MusicMessage:
    version = lexicon_get().version
    message = MusicMessage(
        id=uuid.uuid4(),
        owner=owner,
        emotion=spec.emotion,
        from_emotion=spec.from_emotion or "",
        occasion=composition.parameters["occasion"],
        intensity=float(spec.intensity),
        duration_s=float(spec.duration_s),
        recipient_name=resolved["recipient_name"],
        text=resolved["text"],
        options={k: v for k, v in spec.canonical().items() if k not in ("affect", "from_affect")},
        parameters=composition.parameters,
        explanation=composition.explanation,
        checks=composition.checks,
        seed=seed,
        engine_version=ENGINE_VERSION,
        lexicon_version=version,
        inputs_hash=inputs_hash(spec, seed, version),
    )
    stem = f"{spec.emotion.replace(' ', '-')}-{composition.parameters['occasion']}"
    try:
        message.midi_file.save(f"{stem}.mid", ContentFile(composition.midi), save=False)
        message.audio_file.save(f"{stem}.wav", ContentFile(composition.wav), save=False)
        message.full_clean()
        message.save()
    except Exception:
        # Nothing may stay behind on error: remove the files this call just wrote.
        for stored in (message.midi_file, message.audio_file):
            if stored.name:  # only the files that were completely written have a name
                stored.storage.delete(stored.name)
        raise
    return message


def create_emotional_music_message(
    user_id, emotion: str, occasion: str = "none", **options
) -> dict:
    """Compose, store and describe an emotional music message.

    `user_id` is a user's id or username. Options: intensity (0-1), duration_s (10-120), seed,
    recipient_name, text, tempo_bpm, key, instrument, time_signature, from_emotion, force.
    Returns a dict with message_id, emotion, occasion, midi_url, audio_url, share_url,
    parameters, explanation and more. Raises ValidationError/ApplicationError on bad input,
    with nothing stored.
    """
    owner = _user_resolve(user_id)
    message = music_message_create(owner=owner, emotion=emotion, occasion=occasion, **options)
    return music_message_payload(message)


def music_message_vary(*, message: MusicMessage, seed: int | None = None) -> MusicMessage:
    """Another version of a message: the same emotion, occasion, options and words, a new
    seed (drawn at random unless given)."""
    stored = message.options
    options = {k: stored.get(k) for k in ENGINE_OPTIONS if stored.get(k) is not None}
    return music_message_create(
        owner=message.owner,
        emotion=message.emotion,
        occasion=message.occasion,
        from_emotion=message.from_emotion or None,
        recipient_name=message.recipient_name,
        text=message.text,
        seed=seed,
        **options,
    )


@transaction.atomic
def music_message_share_revoke(*, message: MusicMessage, by=None) -> MusicMessage:
    """Turn the share link off: the public page then answers 404. `by` (who did it, when not
    the owner) goes to the security log with the message id."""
    if not message.share_revoked:
        message.share_revoked = True
        message.revoked_at = timezone.now()
        message.save(update_fields=["share_revoked", "revoked_at", "updated_at"])
        _share_logged("share_link_revoked", message, by)
    return message


def _share_logged(event: str, message: MusicMessage, by) -> None:
    security_event(
        event,
        user=by if by is not None else message.owner,
        target_user_id=message.owner_id,
        object="arts.MusicMessage",
        object_id=str(message.pk),
    )


@transaction.atomic
def music_message_share_renew(*, message: MusicMessage, by=None) -> MusicMessage:
    """Issue a new share link (the old one stays dead)."""
    from domains.arts.models import new_share_token

    message.share_token = new_share_token()
    message.share_revoked = False
    message.revoked_at = None
    message.save(update_fields=["share_token", "share_revoked", "revoked_at", "updated_at"])
    _share_logged("share_link_renewed", message, by)
    return message


def music_message_delete(*, message: MusicMessage) -> None:
    """Delete the message and its files from storage."""
    files = [f for f in (message.midi_file, message.audio_file) if f]
    storage_names = [(f.storage, f.name) for f in files]
    with transaction.atomic():
        message.delete()

    def _remove():
        for storage, name in storage_names:
            storage.delete(name)

    transaction.on_commit(_remove)


def _storage_files(storage, folder: str):
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _storage_files(storage, f"{folder}/{sub}")


def music_message_storage_sweep(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete stored arts files that no message refers to (left by deleted users, say).

    Only files older than `older_than` go, so a message being stored right now is never
    touched; backends that cannot tell a file's age keep everything. Returns the count."""
    storage = MusicMessage._meta.get_field("midi_file").storage
    if not storage.exists("arts"):
        return 0
    known = set()
    for midi, audio in MusicMessage.objects.values_list("midi_file", "audio_file").iterator():
        known.update((midi, audio))
    cutoff = timezone.now() - older_than
    removed = 0
    for name in list(_storage_files(storage, "arts")):
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified < cutoff:
            storage.delete(name)
            removed += 1
    return removed
