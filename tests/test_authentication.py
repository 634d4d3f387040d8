"""The API's token authentication answers as DRF's does: the user for a live token, 401 with
DRF's message otherwise, and a revoked token or deactivated user is refused at once."""

import pytest
from rest_framework import authentication as drf
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIClient, APIRequestFactory

from common.api.authentication import TokenAuthentication


def _request(header: str):
    return APIRequestFactory().get("/api/v1/moods/", HTTP_AUTHORIZATION=header)


@pytest.mark.django_db
def test_same_user_as_drf(user):
    token = Token.objects.create(user=user)
    ours, _ = TokenAuthentication().authenticate(_request(f"Token {token.key}"))
    theirs, _ = drf.TokenAuthentication().authenticate(_request(f"Token {token.key}"))
    assert ours == theirs == user
    fields = [f.attname for f in type(user)._meta.concrete_fields]
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
    assert not ours._state.adding and ours._state.db == "default"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header,message",
    [
        ("Token nope", "Invalid token."),
        ("Token '||'1'='1'--", "Invalid token."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
    ],
)
def test_bad_tokens_get_drfs_answers(user, header, message):
    Token.objects.create(user=user)
    for cls in (TokenAuthentication, drf.TokenAuthentication):
        with pytest.raises(AuthenticationFailed) as exc:
            cls().authenticate(_request(header))
        assert str(exc.value.detail) == message


@pytest.mark.django_db
def test_inactive_user_and_revoked_token_are_refused_at_once(user):
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/moods/").status_code == 200
    user.is_active = False
    user.save()
    response = client.get("/api/v1/moods/")
    # 403 rather than 401: the first authentication class (the session) sends no challenge.
    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"] == "User inactive or deleted."
    user.is_active = True
    user.save()
    assert client.get("/api/v1/moods/").status_code == 200
    token.delete()
    assert client.get("/api/v1/moods/").status_code in (401, 403)


def test_other_schemes_are_left_to_other_classes():
    assert TokenAuthentication().authenticate(_request("Bearer abc")) is None
