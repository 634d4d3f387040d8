"""Security signals turned into alerts: failed-login bursts, lockouts, privilege grants."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from common.degrade import fail_open
from operations import conf
from operations.services.alerts import alert_fire

WINDOW_SECONDS = 15 * 60


def _burst_limit() -> int:
    configured = conf.get("OPERATIONS_FAILED_LOGIN_BURST")
    return int(configured or getattr(settings, "AXES_FAILURE_LIMIT", 5))


# The name typed at a failed login is never taken in here: people type passwords into that box,
# and alert labels travel to inboxes, e-mail and webhooks. The address is what an operator acts on.


def security_login_failed(*, ip: str) -> int:
    """Count a failed login from `ip` in a 15-minute window; fire at the burst limit."""
    key = f"operations:loginfail:{ip}"
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
    except Exception as exc:  # cache down: the login answer must not fail; axes still locks out
        fail_open("security.failed_login_burst", exc)
        return 0
    if count >= _burst_limit():
        alert_fire(
            source="security",
            name="FailedLoginBurst",
            dedup_key=f"security:failed-login:{ip}",
            severity="SEV-2",
            summary=f"{count} failed logins from {ip} within 15 minutes",
            labels={"ip": ip},
            value=float(count),
        )
    return count


def security_lockout(*, ip: str):
    """django-axes locked an address out: a burst of failed logins by definition."""
    return alert_fire(
        source="security",
        name="FailedLoginBurst",
        dedup_key=f"security:failed-login:{ip}",
        severity="SEV-2",
        summary=f"Address {ip} locked out after repeated failed logins",
        labels={"ip": ip},
    )


def security_privilege_granted(*, user, fields: list[str]):
    """A user was made staff or superuser: someone should confirm that was intended."""
    from common.logs import security_event

    security_event("privilege_granted", target_user_id=user.pk, fields=list(fields))
    what = " and ".join("superuser" if f == "is_superuser" else "staff" for f in fields)
    return alert_fire(
        source="security",
        name="PrivilegeEscalation",
        dedup_key=f"security:privilege:{user.pk}",
        severity="SEV-2" if "is_superuser" in fields else "SEV-3",
        summary=f"User {user.get_username()} was made {what}",
        labels={"user": user.get_username()},
    )
