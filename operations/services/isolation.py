"""Isolation switches for a security incident: read-only site, sign-up closed, credential
revocation, user disabling, secret rotation.

Every switch is one call to `isolation_apply`, whatever the interface (incident page, API,
`manage.py isolate`): it checks the actor's permission, requires a reason, records who and why
as a security event (and on the incident's timeline when one is given), and is reversible
where reversing makes sense (see ACTIONS). Who may pull what:

* `operations.isolate_site` (Operator and Administrator): read-only mode, sign-up.
* `operations.isolate_accounts` (Administrator only): revoking sessions and tokens, disabling
  users, rotating secrets; these act on other people's credentials.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import services as accounts
from common.exceptions import ApplicationError
from common.logs import security_event
from operations.isolation_state import isolation_forget
from operations.models import Incident, IncidentLog, IsolationState

SITE = "operations.isolate_site"
ACCOUNTS = "operations.isolate_accounts"


@dataclass(frozen=True)
class Action:
    """One switch position: its label, the permission it needs, whether it names a user."""

    label: str
    permission: str
    needs_user: bool = False
    undo: str = ""


ACTIONS: dict[str, Action] = {
    "read_only_on": Action("Make the site read-only", SITE, undo="read_only_off"),
    "read_only_off": Action("End read-only mode", SITE, undo="read_only_on"),
    "signup_close": Action("Close sign-up", SITE, undo="signup_open"),
    "signup_open": Action("Reopen sign-up", SITE, undo="signup_close"),
    # Revocation is final by design: a stolen session must not come back. People sign in again.
    "revoke_user": Action("Revoke one user's sessions and API token", ACCOUNTS, needs_user=True),
    "revoke_all": Action("Revoke everyone's sessions and API tokens", ACCOUNTS),
    "disable_user": Action("Disable a user", ACCOUNTS, needs_user=True, undo="enable_user"),
    "enable_user": Action("Re-enable a user", ACCOUNTS, needs_user=True, undo="disable_user"),
    "rotate_metrics_token": Action(
        "Rotate the metrics token", ACCOUNTS, undo="reset_metrics_token"
    ),
    "reset_metrics_token": Action("Use the configured metrics token again", ACCOUNTS),
    "rotate_webhook_secret": Action(
        "Rotate the webhook signing secret", ACCOUNTS, undo="reset_webhook_secret"
    ),
    "reset_webhook_secret": Action("Use the configured webhook secret again", ACCOUNTS),
}


def isolation_state_get() -> IsolationState:
    """The switches' row, or its defaults (unsaved) until a switch is first pulled: a read never
    writes."""
    return IsolationState.objects.filter(pk=1).first() or IsolationState(pk=1)


def _locked_state() -> IsolationState:
    IsolationState.objects.get_or_create(pk=1)
    return IsolationState.objects.select_for_update().get(pk=1)


def _target(username: str | None):
    if not username:
        raise ApplicationError(
            "Name the user this applies to.",
            code="user_required",
            fields={"username": ["Give a username."]},
        )
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ApplicationError(
            f"No user called {username!r}.",
            code="unknown_user",
            fields={"username": ["No such user."]},
        )
    return user


def isolation_apply(
    *,
    action: str,
    actor,
    reason: str,
    username: str | None = None,
    incident: Incident | None = None,
    keep_session_key: str | None = None,
    via: str = "page",
) -> dict:
    """Pull one switch. Returns what happened (counts; a new secret is returned only here)."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ApplicationError(f"Unknown isolation action {action!r}.", code="unknown_action")
    if actor is not None and not actor.has_perm(spec.permission):
        raise PermissionDenied("Your role cannot pull this switch.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Say why (it goes into the security log).",
            code="reason_required",
            fields={"reason": ["Give a reason."]},
        )
    target = _target(username) if spec.needs_user else None
    now = timezone.now()
    result: dict = {"action": action, "label": spec.label, "at": now.isoformat()}
    if action in ("read_only_on", "read_only_off", "signup_close", "signup_open"):
        with transaction.atomic():
            state = _locked_state()
            if action.startswith("read_only"):
                state.read_only = action == "read_only_on"
                state.read_only_since = now if state.read_only else None
                state.read_only_reason = reason[:500] if state.read_only else ""
            else:
                state.signup_closed = action == "signup_close"
                state.signup_closed_since = now if state.signup_closed else None
                state.signup_closed_reason = reason[:500] if state.signup_closed else ""
            state.updated_by = actor
            state.save()
    elif action == "revoke_all":
        result["tokens"] = accounts.api_tokens_revoke(user=None)
        result["sessions"] = accounts.sessions_revoke(user=None, keep_session_key=keep_session_key)
    elif action == "revoke_user":
        result["tokens"] = accounts.api_tokens_revoke(user=target)
        keep = keep_session_key if actor is not None and target.pk == actor.pk else None
        result["sessions"] = accounts.sessions_revoke(user=target, keep_session_key=keep)
    elif action == "disable_user":
        if actor is not None and target.pk == actor.pk:
            raise ApplicationError("You cannot disable yourself.", code="self_disable")
        result.update(accounts.user_disable(user=target))
    elif action == "enable_user":
        accounts.user_enable(user=target)
    else:
        result.update(_rotate(action, actor=actor, now=now))
    isolation_forget()
    security_event(
        f"isolation_{action}",
        user=actor,
        target_user_id=target.pk if target is not None else None,
        reason=reason,
        via=via,
        object="incident" if incident is not None else None,
        object_id=incident.pk if incident is not None else None,
        count=result.get("sessions", 0) + result.get("tokens", 0) or None,
    )
    if incident is not None:
        who = f" ({target.get_username()})" if target is not None else ""
        counts = ", ".join(f"{result[k]} {k}" for k in ("sessions", "tokens") if k in result)
        IncidentLog.objects.create(
            incident=incident,
            at=now,
            kind="isolation",
            user=actor,
            message=f"{spec.label}{who}: {reason}" + (f" [{counts}]" if counts else ""),
        )
    if target is not None:
        result["username"] = target.get_username()
    return result


def _rotate(action: str, *, actor, now) -> dict:
    with transaction.atomic():
        state = _locked_state()
        out: dict = {}
        if action == "rotate_metrics_token":
            token = secrets.token_urlsafe(32)
            # Only the hash is kept: the new token is shown once, to the person who rotated it.
            state.metrics_token_sha256 = hashlib.sha256(token.encode()).hexdigest()
            state.metrics_token_rotated_at = now
            out["secret"] = token
        elif action == "reset_metrics_token":
            state.metrics_token_sha256, state.metrics_token_rotated_at = "", None
        elif action == "rotate_webhook_secret":
            # Kept in clear: every outgoing webhook is signed with it (HMAC-SHA256).
            state.webhook_secret = secrets.token_urlsafe(32)
            state.webhook_secret_rotated_at = now
            out["secret"] = state.webhook_secret
        else:
            state.webhook_secret, state.webhook_secret_rotated_at = "", None
        state.updated_by = actor
        state.save()
    return out
