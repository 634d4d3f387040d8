"""The admin shows counts and metadata of moods and messages, never their words; share-link
changes go through the service and are logged (issue 21)."""

import logging

import pytest
from django.urls import reverse

from domains.arts.models import MusicMessage
from tests.arts.factories import make_message
from tests.moods.factories import MoodEntryFactory

pytestmark = pytest.mark.django_db
NOTE = "canary-mood-note-4c1f"
TEXT = "canary-message-text-9b2e"
NAME = "CanaryRecipient"


def test_mood_note_is_not_shown_or_editable_in_admin(staff_client, user):
    mood = MoodEntryFactory(user=user, note=NOTE)
    listing = staff_client.get(reverse("admin:moods_moodentry_changelist"))
    assert listing.status_code == 200 and NOTE not in listing.content.decode()
    page = staff_client.get(reverse("admin:moods_moodentry_change", args=[mood.pk]))
    assert page.status_code == 200 and NOTE not in page.content.decode()
    staff_client.post(
        reverse("admin:moods_moodentry_change", args=[mood.pk]),
        {"note": "overwritten", "emotion": "sadness", "intensity": "0.1"},
    )
    mood.refresh_from_db()
    assert (mood.note, mood.emotion) == (NOTE, "joy")


def test_message_text_is_not_shown_or_editable_in_admin(staff_client, user):
    message = make_message(user, text=TEXT, recipient_name=NAME)
    page = staff_client.get(reverse("admin:arts_musicmessage_change", args=[message.pk]))
    assert page.status_code == 200
    assert TEXT not in page.content.decode() and NAME not in page.content.decode()
    staff_client.post(
        reverse("admin:arts_musicmessage_change", args=[message.pk]),
        {"text": "overwritten", "recipient_name": "x", "share_revoked": "on"},
    )
    message.refresh_from_db()
    assert (message.text, message.recipient_name, message.share_revoked) == (TEXT, NAME, False)


def test_share_link_actions_use_the_service_and_are_logged(staff_client, user, caplog):
    message = make_message(user, text=TEXT)
    token = message.share_token
    url = reverse("admin:arts_musicmessage_changelist")
    caplog.set_level(logging.INFO, logger="harmonyhub.security")
    staff_client.post(url, {"action": "revoke_share_links", "_selected_action": [str(message.pk)]})
    message.refresh_from_db()
    assert message.share_revoked and message.revoked_at is not None
    staff_client.post(url, {"action": "renew_share_links", "_selected_action": [str(message.pk)]})
    message = MusicMessage.objects.get(pk=message.pk)
    assert not message.share_revoked and message.share_token != token
    events = [r.__dict__.get("event") for r in caplog.records]
    assert "share_link_revoked" in events and "share_link_renewed" in events
    revoked = next(r for r in caplog.records if r.__dict__.get("event") == "share_link_revoked")
    assert revoked.__dict__.get("object_id") == str(message.pk)
    assert revoked.__dict__.get("user_id") is not None
    assert TEXT not in caplog.text
