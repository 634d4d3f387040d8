"""Account operations: sign-up and API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from common.exceptions import ApplicationError


@transaction.atomic
def user_signup(*, username: str, email: str, password: str):
    """Create an ordinary (non-staff) user after Django's password validators agree."""
    from django.conf import settings

    if not settings.SIGNUP_OPEN:
        raise ApplicationError("Sign-up is closed on this site.", code="signup_closed")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["That username is taken."]})
    user = User(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def api_token_create(*, user) -> Token:
    """Issue a new API token for the user, replacing (revoking) any previous one."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    """Revoke the user's API token; True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


def api_token_get(*, user) -> Token | None:
    return Token.objects.filter(user=user).first()
