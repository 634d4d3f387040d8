"""Authentication signals written to the security event log (common.logs.security_event)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from common.logs import security_event

DISPATCH = "accounts.security"


def _via(request) -> str:
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "page"


def on_logged_in(sender, request=None, user=None, **kwargs):
    security_event("login_succeeded", request=request, user=user, via=_via(request))


def on_login_failed(sender, credentials=None, request=None, **kwargs):
    # The attempted username is not logged (people type passwords into it); the account's id is,
    # when the name belongs to one.
    username = str((credentials or {}).get("username") or "")[:150]
    user_id = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
        if username
        else None
    )
    security_event(
        "login_failed",
        request=request,
        level=logging.WARNING,
        user_id=user_id,
        via=_via(request),
    )


def on_logged_out(sender, request=None, user=None, **kwargs):
    security_event("logout", request=request, user=user)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event("lockout", request=request, level=logging.WARNING, ip=ip_address)


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid=f"{DISPATCH}.in")
    user_login_failed.connect(on_login_failed, dispatch_uid=f"{DISPATCH}.failed")
    user_logged_out.connect(on_logged_out, dispatch_uid=f"{DISPATCH}.out")
    from axes.signals import user_locked_out

    user_locked_out.connect(on_locked_out, dispatch_uid=f"{DISPATCH}.locked")
