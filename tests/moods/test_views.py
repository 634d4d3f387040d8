import pytest

from domains.moods.models import MoodEntry
from domains.moods.services import mood_entry_create

pytestmark = pytest.mark.django_db


def test_journal_add_and_list(user_client):
    response = user_client.post(
        "/moods/", {"emotion": "stresed", "intensity": "0.6", "note": "exam"}
    )
    assert response.status_code == 302
    page = user_client.get("/moods/")
    assert page.status_code == 200
    assert b"stressed" in page.content and b"mood-chart" in page.content


def test_journal_form_errors_write_nothing(user_client):
    response = user_client.post("/moods/", {"emotion": "blorp", "intensity": "2"})
    assert response.status_code == 400
    assert b"Unknown emotion" in response.content
    assert not MoodEntry.objects.exists()


def test_journal_shows_only_own_entries(user, other_user, user_client):
    mood_entry_create(user=other_user, emotion="angry", intensity=0.5, note="bob-secret")
    assert b"bob-secret" not in user_client.get("/moods/").content


def test_cannot_delete_another_users_entry(other_user, user_client):
    entry = mood_entry_create(user=other_user, emotion="joy", intensity=0.5)
    assert user_client.post(f"/moods/{entry.pk}/delete/").status_code == 404
    assert MoodEntry.objects.filter(pk=entry.pk).exists()


def test_owner_deletes_entry(user, user_client):
    entry = mood_entry_create(user=user, emotion="joy", intensity=0.5)
    assert user_client.post(f"/moods/{entry.pk}/delete/").status_code == 302
    assert not MoodEntry.objects.exists()


def test_home_dashboard_shows_mood_card(user_client):
    response = user_client.get("/")
    assert response.status_code == 200 and b"Your mood journal" in response.content
