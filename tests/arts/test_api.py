"""API tests: create, list, detail, files, revoke, renew, delete; ownership; errors."""

import pytest

from domains.arts.models import MusicMessage

from .factories import make_message

pytestmark = pytest.mark.django_db
BASE = "/api/v1/arts/messages/"


def test_create_returns_201_with_urls_and_parameters(user_api):
    response = user_api.post(
        BASE,
        {
            "emotion": "happy",
            "occasion": "birthday",
            "duration_s": 10,
            "seed": 5,
            "recipient_name": "Ana",
            "text": "Happy birthday!",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["emotion"] == "joy" and body["occasion"] == "birthday"
    assert body["parameters"]["mode"] == "major"
    assert {"midi_url", "audio_url", "share_url", "api_audio_url"} <= set(body["urls"])
    assert body["urls"]["api_audio_url"].endswith(f"{BASE}{body['message_id']}/audio/")
    assert body["shared"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"emotion": "blorptastic"}, "emotion"),
        ({"emotion": "joy", "occasion": "zzz-nothing"}, "occasion"),
        ({"emotion": "joy", "occasion": "condolence"}, "occasion"),
        ({"emotion": "joy", "duration_s": 3}, "duration_s"),
        ({"emotion": "joy", "intensity": "high"}, "intensity"),
        ({"emotion": "joy", "tempo_bpm": 500}, "tempo_bpm"),
        ({"emotion": "joy", "key": "X# major"}, "key"),
        ({"emotion": "joy", "instrument": "kazoo"}, "instrument"),
    ],
)
def test_bad_input_is_400_with_field_and_nothing_stored(user_api, payload, field):
    response = user_api.post(BASE, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert MusicMessage.objects.count() == 0


def test_list_detail_only_own(user, other_user, user_api, other_api):
    mine = make_message(user)
    make_message(other_user)
    listing = user_api.get(BASE).json()
    assert [m["message_id"] for m in listing["results"]] == [str(mine.pk)]
    assert other_api.get(f"{BASE}{mine.pk}/").status_code == 404
    assert other_api.get(f"{BASE}{mine.pk}/audio/").status_code == 404
    assert other_api.delete(f"{BASE}{mine.pk}/").status_code == 404
    assert other_api.post(f"{BASE}{mine.pk}/revoke/").status_code == 404
    assert user_api.get(f"{BASE}{mine.pk}/").json()["emotion"] == "joy"


def test_files_revoke_renew_delete(user, user_api, client):
    message = make_message(user)
    audio = user_api.get(f"{BASE}{message.pk}/audio/")
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/wav"
    assert b"".join(audio.streaming_content)[:4] == b"RIFF"
    midi = user_api.get(f"{BASE}{message.pk}/midi/")
    assert b"".join(midi.streaming_content)[:4] == b"MThd"
    token = message.share_token
    assert client.get(f"/arts/s/{token}/").status_code == 200
    assert user_api.post(f"{BASE}{message.pk}/revoke/").json()["shared"] is False
    assert client.get(f"/arts/s/{token}/").status_code == 404
    renewed = user_api.post(f"{BASE}{message.pk}/renew/").json()
    assert renewed["share_token"] != token and renewed["shared"] is True
    assert user_api.delete(f"{BASE}{message.pk}/").status_code == 204
    assert not MusicMessage.objects.exists()


def test_filter_by_occasion(user, user_api):
    make_message(user, occasion="birthday")
    make_message(user, emotion="sadness", occasion="condolence")
    body = user_api.get(BASE, {"occasion": "condolence"}).json()
    assert [m["emotion"] for m in body["results"]] == ["sadness"]


def test_emotions_and_occasions_lists(user_api):
    emotions = user_api.get("/api/v1/arts/emotions/").json()
    names = {e["name"] for e in emotions}
    assert {"joy", "sadness", "calm"} <= names
    occasions = user_api.get("/api/v1/arts/occasions/").json()
    assert {"birthday", "condolence", "get_well"} <= {o["name"] for o in occasions}


def test_anonymous_refused(api_client):
    assert api_client.get(BASE).status_code in (401, 403)
    assert api_client.post(BASE, {"emotion": "joy"}, format="json").status_code in (401, 403)


def test_create_is_throttled(user_api, settings):
    settings.ARTS_COMPOSE_RATE = "1/minute"
    payload = {"emotion": "joy", "duration_s": 10, "seed": 1}
    assert user_api.post(BASE, payload, format="json").status_code == 201
    response = user_api.post(BASE, payload, format="json")
    assert response.status_code == 429 and "error" in response.json()


def test_vary_endpoint_and_ownership(user, user_api, other_api):
    message = make_message(user)
    assert other_api.post(f"{BASE}{message.pk}/vary/").status_code == 404
    response = user_api.post(f"{BASE}{message.pk}/vary/")
    assert response.status_code == 201
    assert response.json()["message_id"] != str(message.pk)
    assert MusicMessage.objects.filter(owner=user).count() == 2
