"""Page tests: compose, preview, list, detail, files, share page, revoke, delete."""

import pytest
from django.urls import reverse

from domains.arts.models import MusicMessage

from .factories import make_message

pytestmark = pytest.mark.django_db


def test_compose_page_shows_the_plane(user_client):
    response = user_client.get(reverse("arts:compose"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="va-plane"' in html and 'data-emotion="sadness"' in html


def test_compose_post_creates_and_redirects(user, user_client):
    response = user_client.post(
        reverse("arts:compose"),
        {
            "emotion": "joy",
            "occasion": "celebration",
            "intensity": 0.8,
            "duration_s": 10,
            "recipient_name": "Kim",
            "text": "Well done!",
        },
    )
    message = MusicMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("arts:detail", args=[message.pk])
    assert message.owner == user and message.recipient_name == "Kim"


def test_compose_errors_are_form_errors(user_client):
    response = user_client.post(
        reverse("arts:compose"),
        {"emotion": "joy", "occasion": "condolence", "intensity": 0.8, "duration_s": 10},
    )
    assert response.status_code == 400
    assert "does not fit" in response.content.decode()
    assert not MusicMessage.objects.exists()


def test_preview_streams_wav_and_stores_nothing(user_client):
    response = user_client.get(
        reverse("arts:preview"),
        {"emotion": "calm", "occasion": "none", "intensity": 0.8, "duration_s": 10},
    )
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF"
    assert not MusicMessage.objects.exists()
    bad = user_client.get(reverse("arts:preview"), {"emotion": "joy", "duration_s": 1})
    assert bad.status_code == 400


def test_list_and_detail_show_players(user, user_client):
    message = make_message(user, recipient_name="Ana")
    listing = user_client.get(reverse("arts:index")).content.decode()
    assert reverse("arts:file", args=[message.pk, "audio"]) in listing
    detail = user_client.get(reverse("arts:detail", args=[message.pk])).content.decode()
    assert message.share_token in detail and "Why it sounds like this" in detail


def test_other_user_cannot_reach_pages_or_files(user, other_client):
    message = make_message(user)
    for name, args in (
        ("arts:detail", [message.pk]),
        ("arts:file", [message.pk, "audio"]),
        ("arts:file", [message.pk, "midi"]),
    ):
        assert other_client.get(reverse(name, args=args)).status_code == 404
    assert other_client.post(reverse("arts:revoke", args=[message.pk])).status_code == 404
    assert other_client.post(reverse("arts:delete", args=[message.pk])).status_code == 404
    assert other_client.post(reverse("arts:vary", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert not message.share_revoked


def test_owner_file_download(user, user_client):
    message = make_message(user)
    response = user_client.get(reverse("arts:file", args=[message.pk, "midi"]), {"download": 1})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert user_client.get(reverse("arts:file", args=[message.pk, "pdf"])).status_code == 404


def test_share_page_public_then_404_after_revoke(user, user_client, client):
    message = make_message(user, text="Thinking of you", recipient_name="Jo")
    url = reverse("arts:share", args=[message.share_token])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thinking of you" in html and "For Jo" in html
    assert str(message.pk) not in html  # the owner's private id is not exposed
    audio = client.get(reverse("arts:share-file", args=[message.share_token, "audio"]))
    assert audio.status_code == 200
    assert client.get(reverse("arts:share", args=["not-a-token"])).status_code == 404
    user_client.post(reverse("arts:revoke", args=[message.pk]))
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("arts:share-file", args=[message.share_token, "audio"])).status_code
        == 404
    )


def test_delete_page(user, user_client):
    message = make_message(user)
    response = user_client.post(reverse("arts:delete", args=[message.pk]))
    assert response.status_code == 302 and not MusicMessage.objects.exists()


def test_demo_seed_is_idempotent(db):
    import io

    from django.contrib.auth import get_user_model

    from domains.arts.demo import seed_demo

    get_user_model().objects.create_user(username="demo", password="x-demo-password-1")
    out = io.StringIO()
    seed_demo(stdout=out)
    seed_demo(stdout=out)
    assert MusicMessage.objects.filter(owner__username="demo").count() == 3
    assert "already present" in out.getvalue()


def test_dashboard_card(user, rf):
    from domains.arts.dashboard import dashboard_card

    make_message(user)
    request = rf.get("/")
    request.user = user
    card = dashboard_card(request)
    assert card["lines"][0] == ("Messages", 1)


def test_list_filters_by_occasion(user, user_client):
    make_message(user, occasion="birthday")
    make_message(user, emotion="sadness", occasion="condolence")
    html = user_client.get(reverse("arts:index"), {"occasion": "condolence"}).content.decode()
    assert html.count('class="card message-card"') == 1 and "Sadness" in html


def test_preview_and_compose_are_rate_limited(user_client, settings):
    settings.ARTS_COMPOSE_RATE = "2/minute"
    params = {"emotion": "calm", "occasion": "none", "intensity": 0.8, "duration_s": 10}
    assert user_client.get(reverse("arts:preview"), params).status_code == 200
    assert user_client.get(reverse("arts:preview"), params).status_code == 200
    assert user_client.get(reverse("arts:preview"), params).status_code == 429
    response = user_client.post(reverse("arts:compose"), params)
    assert response.status_code == 400 and "wait a minute" in response.content.decode()
    assert not MusicMessage.objects.exists()


def test_vary_page_makes_a_new_version(user, user_client):
    message = make_message(user)
    response = user_client.post(reverse("arts:vary", args=[message.pk]))
    newest = MusicMessage.objects.exclude(pk=message.pk).get()
    assert response["Location"] == reverse("arts:detail", args=[newest.pk])
