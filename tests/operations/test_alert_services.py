"""alert_fire / alert_resolve: the interface other contexts use."""

import pytest

from common.exceptions import ApplicationError
from operations.models import Alert, Incident
from operations.services import alert_fire, alert_resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("source", ["system", "security", "valuation", "revenue", "innovation"])
def test_trigger_twice_one_incident_then_resolve_and_trigger_gives_new(source):
    a1 = alert_fire(source=source, name="Thing", dedup_key=f"{source}:k", summary="boom")
    a2 = alert_fire(source=source, name="Thing", dedup_key=f"{source}:k", value=3.0)
    assert a1.pk == a2.pk and a2.fire_count == 2
    assert Incident.objects.count() == 1
    assert Incident.objects.get().trigger_count == 2
    resolved = alert_resolve(dedup_key=f"{source}:k")
    assert resolved.pk == a1.pk and resolved.status == "resolved"
    assert Incident.objects.get().status == "resolved"
    a3 = alert_fire(source=source, name="Thing", dedup_key=f"{source}:k")
    assert a3.pk != a1.pk
    assert Incident.objects.count() == 2
    assert Alert.objects.filter(status="firing").count() == 1


def test_resolve_unknown_key_returns_none():
    assert alert_resolve(dedup_key="nope") is None


def test_labels_carry_identity_and_default_service():
    alert = alert_fire(source="valuation", name="ValueDrop", dedup_key="v:1", labels={"x": 1})
    assert alert.labels == {
        "x": "1",
        "service": "harmonyhub",
        "alertname": "ValueDrop",
        "source": "valuation",
        "severity": "SEV-3",
    }
    assert len(alert.fingerprint) == 64


def test_severity_only_escalates_on_refire():
    alert_fire(source="system", name="X", dedup_key="s", severity="SEV-3")
    alert = alert_fire(source="system", name="X", dedup_key="s", severity="SEV-1")
    assert alert.severity == "SEV-1"
    assert Incident.objects.get().severity == "SEV-1"
    alert = alert_fire(source="system", name="X", dedup_key="s", severity="SEV-4")
    assert alert.severity == "SEV-1"


def test_invalid_input_is_refused_with_fields():
    with pytest.raises(ApplicationError) as exc:
        alert_fire(source="moon", name="", dedup_key="", severity="SEV-9")
    assert set(exc.value.fields) == {"source", "name", "dedup_key", "severity"}
    assert Alert.objects.count() == 0
