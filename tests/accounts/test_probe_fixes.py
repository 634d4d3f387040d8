"""Issue 21 probe findings in accounts: tokens outlive a password change; exports leak sessions."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services

pytestmark = pytest.mark.django_db
OLD = "correct-horse-battery-staple-42"
NEW = "another-long-passphrase-9"


def _token_works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code == 200


def test_password_change_revokes_api_tokens(user_client, user):
    key = services.api_token_create(user=user).key
    assert _token_works(key)
    response = user_client.post(
        "/accounts/password/change/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert not _token_works(key)


def test_password_reset_revokes_api_tokens(client, user):
    key = services.api_token_create(user=user).key
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"/accounts/password/reset/[^/]+/[^/]+/", mail.outbox[0].body).group(0)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert not _token_works(key)


def test_data_export_omits_session_keys(user_client, user):
    from operations.models import AnalyticsEvent

    session_key = user_client.session.session_key
    AnalyticsEvent.objects.create(
        user=user,
        kind="login",
        session_key=session_key or "abc123sessionkey",
        path="/",
        occurred_at=timezone.now(),
    )
    document = services.user_data_export(user=user)
    rows = document["data"]["operations.AnalyticsEvent"]
    assert rows and all(row["session_key"] == "[redacted]" for row in rows)
    assert (session_key or "abc123sessionkey") not in str(document)
