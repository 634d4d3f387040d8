"""Health endpoints, the healthcheck command, and SystemDown on a critical failure."""

import pytest
from django.core.management import CommandError, call_command

from operations import registry
from operations.models import Alert, Incident
from operations.services.health import SYSTEM_DOWN_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_broker():
    original = {c.name: c for c in registry.checks_for("full")}["broker"]

    def down():
        raise ConnectionRefusedError("Error 111 connecting to localhost:6379")

    registry.register_check("broker", down, level="ready", critical=False)
    yield
    registry.register_check("broker", original.func, level="ready", critical=False)


@pytest.fixture
def broken_database_probe():
    """A failing critical ready check (the database's stand-in: it cannot be stopped here)."""
    registry.register_check("test.critical", _refused, level="ready", critical=True)
    yield
    registry.unregister_check("test.critical")


def _refused():
    raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:5432")


def _operator(django_user_model):
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import roles_sync

    roles_sync(group_model=Group, permission_model=Permission)
    u = django_user_model.objects.create_user("ops1", password="pw-ops-12345")
    u.groups.add(Group.objects.get(name="Operator"))
    return u


def test_live_is_public_and_says_only_ok(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_public_answer_names_no_part(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_checks_dependencies_for_staff(staff_client):
    response = staff_client.get("/health/ready")
    assert response.status_code == 200, response.json()
    names = {c["name"] for c in response.json()["checks"]}
    assert {"database", "cache", "broker", "migrations", "process"} <= names


def test_full_needs_the_health_permission_or_the_token(
    client, user_client, settings, django_user_model
):
    assert client.get("/health/full").status_code == 401
    assert client.get("/health/").status_code == 401
    assert user_client.get("/health/full").status_code == 403
    settings.OPERATIONS_METRICS_TOKEN = "s3cret-token"
    assert client.get("/health/full", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    by_token = client.get("/health/full", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert by_token.status_code == 200 and "checks" in by_token.json()
    client.force_login(_operator(django_user_model))
    assert client.get("/health/full").status_code == 200


def test_full_includes_resources_and_engine_and_warnings_keep_200(staff_client):
    registry.register_check("test.daytime", lambda: ("warning", "only by day"), level="full")
    try:
        response = staff_client.get("/health/full?format=json")
    finally:
        registry.unregister_check("test.daytime")
    body = response.json()
    assert response.status_code == 200
    names = {c["name"] for c in body["checks"]}
    assert {"disk", "memory", "cpu", "celery_worker", "celery_beat", "operations.engine"} <= names
    assert body["status"] in ("warning", "ok")


def test_prometheus_format(staff_client, client):
    response = staff_client.get("/health/ready?format=prometheus")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert 'harmonyhub_health_check_status{check="database"} 1.0' in text
    assert "harmonyhub_health_overall_status" in text
    public = client.get("/health/ready?format=prometheus").content.decode()
    assert "harmonyhub_health_up 1" in public and "database" not in public


def test_non_critical_check_failure_is_only_a_warning(staff_client):
    registry.register_check("test.optional", lambda: ("critical", "x"), level="ready")
    try:
        response = staff_client.get("/health/ready")
    finally:
        registry.unregister_check("test.optional")
    assert response.status_code == 200
    assert response.json()["status"] == "warning"


class _DownCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return fail


def test_cache_outage_is_degraded_not_503(client, staff_client, monkeypatch):
    monkeypatch.setattr("operations.checks.cache", _DownCache())
    assert client.get("/health/ready").status_code == 200
    response = staff_client.get("/health/ready")
    assert response.status_code == 200
    cache_check = {c["name"]: c for c in response.json()["checks"]}["cache"]
    assert cache_check["status"] == "warning" and "Connection refused" in cache_check["detail"]
    assert response.json()["status"] == "warning"


def test_broker_outage_is_degraded_not_503(client, broken_broker):
    assert client.get("/health/ready").status_code == 200


def test_cache_probes_racing_on_a_shared_cache_do_not_fail_each_other(monkeypatch):
    """Another probe writes between this probe's set and get (as concurrent probes do)."""
    from django.core.cache import cache

    from operations import checks

    class Racing:
        def __init__(self):
            self.inner = False

        def set(self, *a, **k):
            return cache.set(*a, **k)

        def delete(self, *a, **k):
            return cache.delete(*a, **k)

        def get(self, key, *a, **k):
            if not self.inner:
                self.inner = True
                assert checks.check_cache()[0] == "ok"  # the other probe runs in between
            return cache.get(key, *a, **k)

    monkeypatch.setattr(checks, "cache", Racing())
    assert checks.check_cache()[0] == "ok"


def test_probes_never_open_an_incident(client, broken_database_probe):
    for _ in range(5):
        response = client.get("/health/ready")
        assert response.status_code == 503 and response.json() == {"status": "fail"}
    assert not Alert.objects.exists() and not Incident.objects.exists()


def test_scheduled_check_opens_system_down_after_two_failures_in_a_row(broken_database_probe):
    from datetime import timedelta

    from django.utils import timezone

    from operations.services.health import health_scheduled_check

    t0 = timezone.now()
    health_scheduled_check(now=t0)
    assert not Alert.objects.exists()
    health_scheduled_check(now=t0 + timedelta(seconds=5))  # beat twice in one minute: one run
    assert not Alert.objects.exists()
    health_scheduled_check(now=t0 + timedelta(seconds=60))
    alert = Alert.objects.get(dedup_key=SYSTEM_DOWN_KEY)
    assert alert.status == "firing" and alert.severity == "SEV-1"
    assert "test.critical" in alert.summary
    health_scheduled_check(now=t0 + timedelta(seconds=120))
    assert Incident.objects.filter(dedup_key=SYSTEM_DOWN_KEY).count() == 1
    registry.register_check("test.critical", lambda: ("ok", "back"), level="ready", critical=True)
    health_scheduled_check(now=t0 + timedelta(seconds=180))
    assert Alert.objects.get(dedup_key=SYSTEM_DOWN_KEY).status == "resolved"
    assert Incident.objects.get(dedup_key=SYSTEM_DOWN_KEY).status == "resolved"


def test_scheduled_check_alerts_a_degraded_broker_without_system_down(broken_broker):
    from datetime import timedelta

    from django.utils import timezone

    from operations.services.health import DEGRADED_KEY_PREFIX, health_scheduled_check

    t0 = timezone.now()
    health_scheduled_check(now=t0)
    health_scheduled_check(now=t0 + timedelta(seconds=60))
    alert = Alert.objects.get(dedup_key=f"{DEGRADED_KEY_PREFIX}broker")
    assert alert.severity == "SEV-3" and alert.status == "firing"
    assert not Alert.objects.filter(dedup_key=SYSTEM_DOWN_KEY).exists()


def test_healthcheck_command_ok(capsys):
    call_command("healthcheck", "--level", "ready")
    out = capsys.readouterr().out
    assert "overall:" in out and "database" in out


def test_healthcheck_command_fails_on_critical(broken_database_probe):
    with pytest.raises(CommandError, match="critical: test.critical"):
        call_command("healthcheck", "--level", "ready")
    assert not Alert.objects.exists()


def test_check_exception_becomes_critical_result():
    check = registry.RegisteredCheck("x", lambda: 1 / 0, "full", True)
    assert registry.run_check(check)[0] == "critical"


def test_metrics_requires_staff_or_token(client, staff_client, settings):
    assert client.get("/metrics").status_code == 401
    assert staff_client.get("/metrics").status_code == 200
    settings.OPERATIONS_METRICS_TOKEN = "s3cret-token"
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert "harmonyhub_http_requests_5m" in response.content.decode()
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_disk_check_measures_the_media_volume(settings, tmp_path, monkeypatch):
    """The media volume full while the root filesystem has room: the check must say so."""
    import shutil
    from collections import namedtuple

    from operations import checks

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    Usage = namedtuple("Usage", "total used free")
    real = shutil.disk_usage

    def usage(path):
        if str(path).startswith(str(tmp_path)):
            return Usage(100, 99, 1)
        return real(path)

    monkeypatch.setattr("operations.services.metrics.shutil.disk_usage", usage)
    status, detail = checks.check_disk()
    assert status == "critical" and "media 99.0% used" in detail
