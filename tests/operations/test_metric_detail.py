"""A registered metric may explain itself; a rule watching it puts that in the alert text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from operations import registry
from operations.models import Alert, AlertRule
from operations.services.rules import rules_evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric():
    state = {"value": 5.0}

    def broken():
        raise RuntimeError("boom")

    registry.register_metric(
        "test.margin", lambda: state["value"], detail=lambda: "cut spend by 10%"
    )
    registry.register_metric("test.broken_detail", lambda: -1.0, detail=broken)
    yield state
    registry.unregister_metric("test.margin")
    registry.unregister_metric("test.broken_detail")


def test_detail_is_appended_when_the_rule_fires_and_failures_are_ignored(metric):
    assert registry.metric_detail("test.broken_detail") == ""
    assert registry.metric_detail("unknown") == ""
    with pytest.raises(TypeError):
        registry.register_metric("x", lambda: 1, detail="not callable")
    AlertRule.objects.filter(enabled=True).update(enabled=False)
    AlertRule.objects.create(
        name="t", alert_name="TestMargin", metric="test.margin", comparator="<", threshold=0,
        summary="Margin below zero",
    )  # fmt: skip
    now = timezone.now()
    assert rules_evaluate(now=now) == {}
    metric["value"] = -1.0
    assert rules_evaluate(now=now + timedelta(minutes=1)) == {"firing": 1}
    alert = Alert.objects.get(name="TestMargin")
    assert alert.summary == "Margin below zero: cut spend by 10% (value -1)"
