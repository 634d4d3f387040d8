"""Signal receivers: thin adapters that hand security and analytics events to services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save

DISPATCH = "operations"


def _ip(request) -> str:
    from common.net import client_ip

    return client_ip(request) or "unknown"


def on_login_failed(sender, credentials=None, request=None, **kwargs):
    from operations.services.security import security_login_failed

    # The typed name stays out of alerts (see operations.services.security).
    security_login_failed(ip=_ip(request))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    from operations.services.security import security_lockout

    security_lockout(ip=ip_address or _ip(request))


def on_logged_in(sender, request=None, user=None, **kwargs):
    from operations.services.product import analytics_record

    session = getattr(request, "session", None)
    analytics_record(
        user=user,
        kind="login",
        session_key=(session.session_key or "") if session is not None else "",
        path=getattr(request, "path", "") or "",
    )


def on_user_pre_save(sender, instance, **kwargs):
    if not instance.pk:
        instance._ops_privileges_before = None
        return
    before = sender.objects.filter(pk=instance.pk).values("is_staff", "is_superuser").first()
    instance._ops_privileges_before = before


def on_user_post_save(sender, instance, created, **kwargs):
    before = getattr(instance, "_ops_privileges_before", None)
    if created or before is None:
        return
    gained = [
        field
        for field in ("is_staff", "is_superuser")
        if getattr(instance, field) and not before.get(field)
    ]
    if gained:
        from operations.services.security import security_privilege_granted

        security_privilege_granted(user=instance, fields=gained)


def connect() -> None:
    user_model = get_user_model()
    user_login_failed.connect(on_login_failed, dispatch_uid=f"{DISPATCH}.login_failed")
    user_logged_in.connect(on_logged_in, dispatch_uid=f"{DISPATCH}.logged_in")
    pre_save.connect(on_user_pre_save, sender=user_model, dispatch_uid=f"{DISPATCH}.user_pre")
    post_save.connect(on_user_post_save, sender=user_model, dispatch_uid=f"{DISPATCH}.user_post")
    try:
        from axes.signals import user_locked_out
    except ImportError:  # axes is optional
        return
    user_locked_out.connect(on_locked_out, dispatch_uid=f"{DISPATCH}.locked_out")
