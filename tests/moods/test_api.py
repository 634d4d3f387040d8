import pytest

from domains.moods.models import MoodEntry
from domains.moods.services import mood_entry_create

pytestmark = pytest.mark.django_db
URL = "/api/v1/moods/"


def test_create_and_list_own_entries(user_api):
    response = user_api.post(URL, {"emotion": "happy", "intensity": 0.8, "note": "sunny"})
    assert response.status_code == 201, response.json()
    assert response.json()["emotion"] == "joy"
    listing = user_api.get(URL).json()
    assert listing["count"] == 1 and listing["results"][0]["note"] == "sunny"


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"emotion": "blorp", "intensity": 0.5}, "emotion"),
        ({"emotion": "joy", "intensity": 1.5}, "intensity"),
        ({"emotion": "joy", "intensity": "NaN"}, "intensity"),
        ({"emotion": "joy", "intensity": "0.5"}, "intensity"),
        ({"emotion": "joy", "intensity": True}, "intensity"),
        ({"emotion": ["joy"], "intensity": 0.5}, "emotion"),
        ({"emotion": "joy", "intensity": 0.5, "note": "x" * 100_000}, "note"),
        ({"emotion": "joy"}, "intensity"),
    ],
)
def test_bad_input_is_400_with_shared_shape_and_writes_nothing(user_api, payload, field):
    response = user_api.post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert field in body["error"]["fields"]
    assert MoodEntry.objects.count() == 0


def test_unknown_emotion_error_lists_close_matches(user_api):
    response = user_api.post(URL, {"emotion": "lonly-ish", "intensity": 0.5})
    assert "lonely" in response.json()["error"]["fields"]["emotion"][0]


def test_nan_literal_and_malformed_json_are_400(user_api):
    for body in (
        '{"emotion": "joy", "intensity": NaN}',
        '{"emotion": ',
        "[" * 50_000 + "]" * 50_000,
    ):
        response = user_api.generic("POST", URL, body, content_type="application/json")
        assert response.status_code == 400, body[:30]
    assert MoodEntry.objects.count() == 0


def test_other_user_cannot_read_change_or_delete(user, other_api):
    entry = mood_entry_create(user=user, emotion="joy", intensity=0.5, note="private")
    detail = f"{URL}{entry.pk}/"
    assert other_api.get(URL).json()["count"] == 0
    assert other_api.get(detail).status_code == 404
    assert other_api.patch(detail, {"note": "hacked"}).status_code == 404
    assert other_api.put(detail, {"emotion": "sad", "intensity": 0.1}).status_code == 404
    assert other_api.delete(detail).status_code == 404
    entry.refresh_from_db()
    assert entry.note == "private"


def test_owner_can_update_and_delete(user, user_api):
    entry = mood_entry_create(user=user, emotion="joy", intensity=0.5)
    detail = f"{URL}{entry.pk}/"
    response = user_api.patch(detail, {"intensity": 0.9})
    assert response.status_code == 200 and response.json()["intensity"] == 0.9
    assert user_api.delete(detail).status_code == 204
    assert not MoodEntry.objects.exists()


def test_filter_by_emotion(user, user_api):
    mood_entry_create(user=user, emotion="joy", intensity=0.5)
    mood_entry_create(user=user, emotion="calm", intensity=0.5)
    assert user_api.get(URL, {"emotion": "calm"}).json()["count"] == 1


def test_emotions_endpoint_lists_and_resolves(user_api):
    all_emotions = user_api.get("/api/v1/emotions/").json()
    assert len(all_emotions) >= 30
    assert user_api.get("/api/v1/emotions/", {"q": "stresed"}).json()[0]["name"] == "stressed"
    bad = user_api.get("/api/v1/emotions/", {"q": "xyzzy"})
    assert bad.status_code == 400 and "q" in bad.json()["error"]["fields"]


def test_token_auth_works(user, api_client):
    from accounts.services import api_token_create

    token = api_token_create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get(URL).status_code == 200
