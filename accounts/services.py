"""Account operations: sign-up and API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from common.exceptions import ApplicationError
from common.logs import security_event

#: Callables answering whether sign-up is closed at run time (truthy = closed). Contexts below
#: accounts cannot be imported from here, so they register a gate in their AppConfig.ready()
#: (operations: the "sign-up closed" isolation switch, which overrides SIGNUP_OPEN).
SIGNUP_GATES: list = []


def signup_open() -> bool:
    """Sign-up is open: the SIGNUP_OPEN setting allows it and no registered gate closes it."""
    from django.conf import settings

    return bool(settings.SIGNUP_OPEN) and not any(gate() for gate in SIGNUP_GATES)


@transaction.atomic
def user_signup(*, username: str, email: str, password: str):
    """Create an ordinary (non-staff) user after Django's password validators agree."""
    if not signup_open():
        raise ApplicationError("Sign-up is closed on this site.", code="signup_closed")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["That username is taken."]})
    user = User(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(member_group_get())
    return user


def member_group_get():
    """The Member role's group (every sign-up joins it); created from the role table if missing."""
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import MEMBER, roles_sync

    group = Group.objects.filter(name=MEMBER).first()
    if group is None:
        roles_sync(group_model=Group, permission_model=Permission)
        group = Group.objects.get(name=MEMBER)
    return group


@transaction.atomic
def api_token_create(*, user) -> Token:
    """Issue a new API token for the user, replacing (revoking) any previous one."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    security_event("token_created", user=user)
    return token


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    """Revoke the user's API token; True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        security_event("token_revoked", user=user)
    return bool(deleted)


@transaction.atomic
def user_password_changed(*, user, how: str = "changed") -> int:
    """After a password change or reset: revoke the user's API tokens (a token obtained with the
    old password must not outlive it) and log the event. Returns how many tokens were revoked.
    Django itself signs out the user's other sessions (the session auth hash changes)."""
    security_event(f"password_{how}", user=user)
    return int(api_token_revoke(user=user))  # logs token_revoked when there was one


def api_token_get(*, user) -> Token | None:
    return Token.objects.filter(user=user).first()


# --- Credential revocation (incident isolation) ----------------------------------------------


def _require_db_sessions() -> None:
    from django.conf import settings

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        raise ApplicationError(
            "Sessions can only be revoked with database-backed sessions (SESSION_ENGINE).",
            code="sessions_not_revocable",
        )


def sessions_revoke(*, user=None, keep_session_key: str | None = None) -> int:
    """Delete every live session of `user`, or of everyone when `user` is None; returns how many.

    `keep_session_key` spares one session (the responder's own, so they stay signed in while
    they work the incident). Deleting through the session store also clears cached_db's cache.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    _require_db_sessions()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if user is not None and str(session.get_decoded().get("_auth_user_id")) != str(user.pk):
            continue
        keys.append(session.session_key)
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


@transaction.atomic
def api_tokens_revoke(*, user=None) -> int:
    """Delete the API token of `user`, or every token when `user` is None; returns how many."""
    qs = Token.objects.all() if user is None else Token.objects.filter(user=user)
    deleted, _ = qs.delete()
    return deleted


def user_disable(*, user) -> dict[str, int]:
    """Stop a user from signing in or using the API: inactive, sessions and token revoked."""
    User = get_user_model()
    user = User.objects.get(pk=user.pk)
    if user.is_superuser and not (
        User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ApplicationError(
            "The last active administrator cannot be disabled.", code="last_superuser"
        )
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        tokens = api_tokens_revoke(user=user)
    sessions = sessions_revoke(user=user)
    return {"sessions": sessions, "tokens": tokens}


def user_enable(*, user) -> None:
    """Let a disabled user sign in again (they start with no session and no token)."""
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)


# --- Personal data: export and account deletion (GDPR Art. 15, 17, 20) -----------------------
# Both walk the same graph Django's own deletion walks (the admin's NestedObjects collector), so
# every model that references the user is covered as the contexts add models, with no list here.

EXPORT_FORMAT_VERSION = 1
_REDACTED = "[redacted]"
# Session keys (and axes' session hashes) would let whoever holds the export ride the session.
_SECRET_FIELDS = {"password", "key", "session_key", "session_hash"}


def _collect(user):
    from django.contrib.admin.utils import NestedObjects
    from django.db import router

    collector = NestedObjects(using=router.db_for_write(type(user)))
    collector.collect([user])
    return collector


def _owned_by_someone_else(obj, user) -> bool:
    """A row reached through the user's rows but carrying another user's foreign key."""
    User = get_user_model()
    for f in type(obj)._meta.concrete_fields:
        if f.is_relation and f.related_model is User:
            value = getattr(obj, f.attname)
            if value is not None and value != user.pk:
                return True
    return False


def _rows_referencing(user) -> dict[str, list]:
    """Every row that references the user: what deletion would remove, and what it would only
    unlink (SET_NULL), grouped by model label. Other people's rows are left out."""
    collector = _collect(user)
    rows: dict[str, dict] = {}
    for model, instances in collector.data.items():
        if model is type(user):
            continue
        for obj in instances:
            if not _owned_by_someone_else(obj, user):
                rows.setdefault(model._meta.label, {})[obj.pk] = obj
    User = get_user_model()
    for (field, _value), batches in collector.field_updates.items():
        if field.related_model is not User:
            continue  # a link to one of the user's rows from a row that is not theirs
        for batch in batches:
            for obj in batch:
                rows.setdefault(type(obj)._meta.label, {})[obj.pk] = obj
    return {label: list(found.values()) for label, found in sorted(rows.items())}


def _serialise(objs: list) -> list[dict]:
    from django.core import serializers

    out = []
    for item in serializers.serialize("python", objs):
        fields = item["fields"]
        for name in fields:
            if name in _SECRET_FIELDS or name.endswith("_secret"):
                fields[name] = _REDACTED
        if item["model"] == "authtoken.token":
            item["pk"] = _REDACTED
        out.append({"id": item["pk"], **fields})
    return out


def _axes_rows(user) -> dict[str, list]:
    """Log-in attempts recorded under the user's name (not foreign-keyed, still personal)."""
    from django.apps import apps

    out = {}
    if apps.is_installed("axes"):
        for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
            try:
                model = apps.get_model("axes", name)
            except LookupError:
                continue
            objs = list(model.objects.filter(username=user.username))
            if objs:
                out[model._meta.label] = objs
    return out


def user_data_export(*, user) -> dict:
    """All data held about the user as one JSON-ready document: the profile and every row of
    every model that references them (directly or through their own rows). Nothing of anyone
    else: rows carrying another user's id are left out, related shared rows appear as ids."""
    from django.utils import timezone

    user = get_user_model().objects.get(pk=user.pk)
    rows = {**_rows_referencing(user), **_axes_rows(user)}
    security_event("data_exported", user=user, count=sum(len(objs) for objs in rows.values()))
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "profile": {
            "id": user.pk,
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "date_joined": user.date_joined.isoformat() if user.date_joined else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
        },
        "counts": {label: len(objs) for label, objs in rows.items()},
        "data": {label: _serialise(objs) for label, objs in rows.items()},
    }


def _file_names(instances) -> list[tuple[object, str]]:
    from django.db.models import FileField

    out = []
    for obj in instances:
        for f in type(obj)._meta.concrete_fields:
            if isinstance(f, FileField):
                value = getattr(obj, f.attname)
                if value:
                    out.append((f.storage, str(value)))
    return out


def _delete_sessions(user) -> int:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    doomed = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def user_delete(*, user, password: str) -> dict[str, int]:
    """Delete the account and everything that references it, after re-checking the password.

    Rows owned by the user cascade; rows that only mention them (set-null links such as
    "acknowledged by") are unlinked; sessions, the API token, log-in attempt records and stored
    files go too. Returns the number of rows removed per model. Backups keep deleted data until
    they age out (see the README's retention note).
    """
    from django.db.models import ProtectedError, RestrictedError

    User = get_user_model()
    user = User.objects.get(pk=user.pk)  # a plain instance, not request.user's lazy wrapper
    if not password or not user.check_password(password):
        raise ApplicationError(
            "Enter your current password to delete your account.",
            code="reauthentication_required",
            fields={"password": ["The password is not correct."]},
        )
    if (
        user.is_superuser
        and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ApplicationError(
            "The last administrator cannot delete their account.", code="last_superuser"
        )
    collector = _collect(user)
    files = _file_names(obj for objs in collector.data.values() for obj in objs)
    user_pk, username = user.pk, user.get_username()
    try:
        with transaction.atomic():
            sessions = _delete_sessions(user)
            attempts = sum(
                model.objects.filter(username=username).delete()[0]
                for model in {type(o) for objs in _axes_rows(user).values() for o in objs}
            )
            _total, per_model = user.delete()
            transaction.on_commit(lambda: _remove_files(files))
    except (ProtectedError, RestrictedError) as exc:
        labels = sorted({type(o)._meta.label for o in exc.args[1]})
        raise ApplicationError(
            "Some records must be reassigned before this account can be deleted: "
            + ", ".join(labels),
            code="account_in_use",
        ) from exc
    security_event("account_deleted", user_id=user_pk)
    return {**per_model, "sessions.Session": sessions, "axes": attempts}


def _remove_files(files) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:  # already gone or unreadable; the row is what mattered
            continue
