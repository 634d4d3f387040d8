"""A full or read-only media volume: 507 with a plain message, no row and no file left behind
(files are written to a temporary name and linked into place only when complete)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from common import storage
from domains.arts.models import MusicMessage

pytestmark = pytest.mark.django_db
BASE = "/api/v1/arts/messages/"
PAYLOAD = {"emotion": "happy", "occasion": "birthday", "duration_s": 10, "seed": 5}


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def disk_fills_after(monkeypatch):
    """The volume takes the first `n` bytes of each file, then answers ENOSPC (as a full disk)."""

    def arm(limit: int):
        def copy(content, handle):
            data = b"".join(content.chunks())
            handle.write(data[:limit])
            handle.flush()
            if len(data) > limit:
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(storage, "_copy", copy)

    return arm


def test_api_answers_507_and_leaves_no_row_and_no_file(user_api, settings, disk_fills_after):
    disk_fills_after(4096)  # the MIDI fits, the WAV is cut: the case that left 200 KB WAVs
    response = user_api.post(BASE, PAYLOAD, format="json")
    assert response.status_code == 507, response.content
    body = response.json()["error"]
    assert body["code"] == "insufficient_storage" and "full" in body["message"]
    assert not MusicMessage.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_page_answers_507_and_leaves_nothing(user, settings, disk_fills_after):
    disk_fills_after(0)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.post(
        reverse("arts:compose"),
        {"emotion": "joy", "occasion": "celebration", "intensity": 0.8, "duration_s": 10},
    )
    assert response.status_code == 507
    assert b"Storage full" in response.content
    assert not MusicMessage.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_read_only_volume_is_507_too(user_api, settings, monkeypatch):
    def copy(content, handle):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(storage, "_copy", copy)
    assert user_api.post(BASE, PAYLOAD, format="json").status_code == 507
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_complete_files_are_stored_under_their_final_name(user_api, settings):
    response = user_api.post(BASE, PAYLOAD, format="json")
    assert response.status_code == 201
    names = sorted(p.suffix for p in _files(Path(settings.MEDIA_ROOT)))
    assert names == [".mid", ".wav"]
    message = MusicMessage.objects.get()
    assert message.audio_file.size > 1000 and message.audio_file.read(4) == b"RIFF"
