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

    registry.register_check("broker", down, level="ready", critical=True)
    yield
    registry.register_check("broker", original.func, level="ready", critical=True)


def test_live_is_public_and_needs_no_dependency(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and [c["name"] for c in body["checks"]] == ["process"]


def test_ready_checks_dependencies(client):
    response = client.get("/health/ready")
    assert response.status_code == 200, response.json()
    names = {c["name"] for c in response.json()["checks"]}
    assert {"database", "cache", "broker", "migrations", "process"} <= names


def test_full_includes_resources_and_engine_and_warnings_keep_200(client):
    registry.register_check("test.daytime", lambda: ("warning", "only by day"), level="full")
    try:
        response = client.get("/health/full?format=json")
    finally:
        registry.unregister_check("test.daytime")
    body = response.json()
    assert response.status_code == 200
    names = {c["name"] for c in body["checks"]}
    assert {"disk", "memory", "cpu", "celery_worker", "celery_beat", "operations.engine"} <= names
    assert body["status"] in ("warning", "ok")


def test_prometheus_format(client):
    response = client.get("/health/ready?format=prometheus")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert 'harmonyhub_health_check_status{check="database"} 1.0' in text
    assert "harmonyhub_health_overall_status" in text


def test_non_critical_check_failure_is_only_a_warning(client):
    registry.register_check("test.optional", lambda: ("critical", "x"), level="ready")
    try:
        response = client.get("/health/ready")
    finally:
        registry.unregister_check("test.optional")
    assert response.status_code == 200
    assert response.json()["status"] == "warning"


def test_stopped_redis_gives_503_and_fires_system_down_once(client, broken_broker):
    for _ in range(3):
        response = client.get("/health/ready")
        assert response.status_code == 503
    assert response.json()["status"] == "critical"
    assert Alert.objects.filter(dedup_key=SYSTEM_DOWN_KEY).count() == 1
    alert = Alert.objects.get(dedup_key=SYSTEM_DOWN_KEY)
    assert alert.status == "firing" and alert.severity == "SEV-1" and alert.fire_count == 3
    assert Incident.objects.count() == 1


def test_recovery_resolves_system_down(client, broken_broker):
    client.get("/health/ready")
    registry.register_check("broker", lambda: ("ok", "back"), level="ready", critical=True)
    assert client.get("/health/ready").status_code == 200
    assert Alert.objects.get(dedup_key=SYSTEM_DOWN_KEY).status == "resolved"
    assert Incident.objects.get().status == "resolved"


def test_healthcheck_command_ok(capsys):
    call_command("healthcheck", "--level", "ready")
    out = capsys.readouterr().out
    assert "overall:" in out and "database" in out


def test_healthcheck_command_fails_on_critical(broken_broker):
    with pytest.raises(CommandError, match="critical: broker"):
        call_command("healthcheck", "--level", "ready")


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
