"""Service tests: the Python entry point, storage, share/revoke/delete, bad input."""

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError
from domains.arts.models import MusicMessage
from domains.arts.services import (
    create_emotional_music_message,
    music_message_delete,
    music_message_share_renew,
    music_message_share_revoke,
)

from .engines.smf import read_smf
from .factories import make_message

pytestmark = pytest.mark.django_db


def test_entry_point_by_username_returns_the_promised_dict(user):
    result = create_emotional_music_message(user.username, "joy", "celebration", duration_s=12)
    for key in (
        "message_id",
        "emotion",
        "occasion",
        "midi_url",
        "audio_url",
        "share_url",
        "parameters",
        "explanation",
    ):
        assert key in result
    assert result["emotion"] == "joy" and result["occasion"] == "celebration"
    message = MusicMessage.objects.get(pk=result["message_id"])
    assert message.owner == user
    assert message.midi_file.read()[:4] == b"MThd"
    assert message.audio_file.read()[:4] == b"RIFF"
    assert len(message.inputs_hash) == 64 and message.engine_version
    assert result["share_url"].endswith(f"/{message.share_token}/")


def test_entry_point_by_id_and_synonym(user):
    result = create_emotional_music_message(user.pk, "happy", "bday", duration_s=10, seed=3)
    assert result["emotion"] == "joy" and result["occasion"] == "birthday"


def test_same_inputs_and_seed_same_midi_new_id(user):
    a = create_emotional_music_message(user.pk, "sadness", "condolence", seed=11, duration_s=10)
    b = create_emotional_music_message(user.pk, "sadness", "condolence", seed=11, duration_s=10)
    ma, mb = (
        MusicMessage.objects.get(pk=a["message_id"]),
        MusicMessage.objects.get(pk=b["message_id"]),
    )
    assert a["message_id"] != b["message_id"]
    assert ma.midi_file.read() == mb.midi_file.read()
    assert ma.inputs_hash == mb.inputs_hash
    assert ma.share_token != mb.share_token


def test_seed_is_drawn_and_stored_when_missing(user):
    message = make_message(user, seed=None)
    assert 0 <= message.seed < 2**32


def test_arc_from_emotion(user):
    result = create_emotional_music_message(
        user.pk, "joy", "encouragement", from_emotion="sad", duration_s=30, seed=2
    )
    assert result["from_emotion"] == "sadness"
    message = MusicMessage.objects.get(pk=result["message_id"])
    smf = read_smf(message.midi_file.read())
    tempos = [60e6 / us for _, us in smf.tempos]
    assert tempos == sorted(tempos) and len(tempos) > 1


@pytest.mark.parametrize(
    ("args", "options", "field"),
    [
        (("joyy-zz-unknown", "birthday"), {}, "emotion"),
        (("joy", "xylophone day"), {}, "occasion"),
        (("joy", "condolence"), {}, "occasion"),
        (("joy", "birthday"), {"duration_s": 500}, "duration_s"),
        (("joy", "birthday"), {"intensity": 2}, "intensity"),
        (("joy", "birthday"), {"tempo": 20}, "tempo_bpm"),
        (("joy", "birthday"), {"key": "Q"}, "key"),
        (("joy", "birthday"), {"seed": -1}, "seed"),
        (("joy", "birthday"), {"text": "x" * 1001}, "text"),
        (("joy", "birthday"), {"colour": "red"}, "colour"),
        (("joy", "birthday"), {"from_emotion": "qwertyuiop"}, "from_emotion"),
    ],
)
def test_bad_input_stores_nothing(user, args, options, field):
    with pytest.raises(ValidationError) as info:
        create_emotional_music_message(user.pk, *args, **options)
    assert field in info.value.message_dict
    assert MusicMessage.objects.count() == 0


def test_unknown_emotion_lists_supported(user):
    with pytest.raises(ValidationError) as info:
        create_emotional_music_message(user.pk, "blorptastic", "none")
    message = info.value.message_dict["emotion"][0]
    assert "Supported:" in message and "sadness" in message


def test_unknown_user():
    with pytest.raises(ApplicationError) as info:
        create_emotional_music_message("nobody-here", "joy", "none")
    assert info.value.code == "unknown_user"


def test_revoke_renew_and_delete_remove_files(user, django_capture_on_commit_callbacks):
    message = make_message(user)
    old = message.share_token
    music_message_share_revoke(message=message)
    message.refresh_from_db()
    assert message.share_revoked and message.revoked_at
    music_message_share_renew(message=message)
    assert message.share_token != old and not message.share_revoked
    storage, names = message.midi_file.storage, [message.midi_file.name, message.audio_file.name]
    assert all(storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        music_message_delete(message=message)
    assert not MusicMessage.objects.exists()
    assert not any(storage.exists(n) for n in names)


def test_vary_keeps_options_and_changes_seed(user):
    from domains.arts.services import music_message_vary

    original = make_message(
        user,
        emotion="calm",
        occasion="thank_you",
        instrument="flute",
        recipient_name="Jo",
        text="Thanks",
        seed=5,
    )
    again = music_message_vary(message=original, seed=6)
    assert again.pk != original.pk and again.seed == 6
    assert (again.emotion, again.occasion, again.recipient_name, again.text) == (
        "calm",
        "thank_you",
        "Jo",
        "Thanks",
    )
    assert again.parameters["instrument"] == "flute"
    assert again.midi_file.read() != original.midi_file.read()
    same = music_message_vary(message=original, seed=5)
    assert same.inputs_hash == original.inputs_hash


def test_failed_save_leaves_no_files(user, monkeypatch, settings):
    import pathlib

    def boom(self, *args, **kwargs):
        raise ValidationError({"text": ["refused"]})

    monkeypatch.setattr(MusicMessage, "full_clean", boom)
    with pytest.raises(ValidationError):
        make_message(user)
    media = pathlib.Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()]
    assert not MusicMessage.objects.exists()


def test_storage_sweep_removes_only_old_orphans(user, settings):
    import os
    import pathlib
    import time

    from domains.arts.tasks import arts_storage_sweep_task

    message = make_message(user)
    media = pathlib.Path(settings.MEDIA_ROOT)
    orphan = media / "arts" / "999" / "abc" / "old.wav"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"RIFF")
    fresh = orphan.with_name("fresh.wav")
    fresh.write_bytes(b"RIFF")
    two_days_ago = time.time() - 2 * 86400
    os.utime(orphan, (two_days_ago, two_days_ago))
    for stored in (message.midi_file, message.audio_file):
        os.utime(stored.path, (two_days_ago, two_days_ago))
    assert arts_storage_sweep_task.delay().get() == 1
    assert not orphan.exists() and fresh.exists()
    assert pathlib.Path(message.midi_file.path).exists()
    assert pathlib.Path(message.audio_file.path).exists()
