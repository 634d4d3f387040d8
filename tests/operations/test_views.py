"""Staff pages: every page renders, actions go through services, non-staff are kept out."""

import pytest
from django.urls import reverse

from operations.models import AlertRule, EscalationPolicy, Incident, Silence, SuccessTarget
from operations.services import alert_fire

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "operations:health",
    "operations:success",
    "operations:incident_list",
    "operations:alert_list",
    "operations:silence_list",
    "operations:rule_list",
    "operations:rule_create",
    "operations:policy_list",
    "operations:policy_create",
    "operations:notification_list",
]


@pytest.mark.parametrize("name", STAFF_PAGES + ["operations:index", "operations:inbox"])
def test_staff_pages_render(staff_client, name):
    alert_fire(source="valuation", name="ValueDrop", dedup_key="v", summary="down 7%")
    assert staff_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_member_is_refused(user_client, name):
    assert user_client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_an_operator_may_use_the_operations_pages(operator_client, name):
    assert operator_client.get(reverse(name)).status_code == 200


def test_member_index_is_the_survey(user_client):
    response = user_client.get(reverse("operations:index"))
    assert response.status_code == 200 and b"recommend" in response.content


@pytest.mark.parametrize("source", ["system", "security", "valuation", "revenue", "innovation"])
def test_acknowledge_escalate_silence_resolve_in_pages(staff_client, staff_user, source):
    alert = alert_fire(source=source, name="Thing", dedup_key=f"{source}:1", summary="x")
    url = lambda action: reverse(  # noqa: E731
        "operations:incident_action", args=[alert.incident_id, action]
    )
    detail = staff_client.get(reverse("operations:incident_detail", args=[alert.incident_id]))
    assert detail.status_code == 200
    staff_client.post(url("acknowledge"), {"comment": "on it"})
    incident = Incident.objects.get(pk=alert.incident_id)
    assert incident.status == "acknowledged" and incident.acknowledged_by == staff_user
    staff_client.post(url("escalate"))
    assert incident.log.filter(kind="escalated").exists()
    staff_client.post(url("silence"), {"hours": "2"})
    assert {"name": "alertname", "op": "=", "value": "Thing"} in Silence.objects.get().matchers
    staff_client.post(url("resolve"), {"comment": "fixed"})
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert Silence.objects.get().expired_at is not None  # expire_on_resolve


def test_checklist_toggle(staff_client):
    alert = alert_fire(source="system", name="SystemDown", dedup_key="sd", severity="SEV-1")
    incident = Incident.objects.get(pk=alert.incident_id)
    assert incident.runbook.slug == "system-down"
    staff_client.post(
        reverse("operations:incident_action", args=[incident.pk, "checklist"]),
        {"step": "1", "done": "1"},
    )
    incident.refresh_from_db()
    assert incident.checklist_done == [1]


def test_silence_form_validates(staff_client):
    response = staff_client.post(
        reverse("operations:silence_list"),
        {
            "matchers": "alertname=~(",
            "starts_at": "2025-01-01T00:00",
            "ends_at": "2024-01-01T00:00",
            "comment": "x",
        },
    )
    assert response.status_code == 400
    assert Silence.objects.count() == 0


def test_rule_create_and_invalid_metric(staff_client):
    data = {
        "name": "cpu-hot",
        "alert_name": "CpuHot",
        "source": "system",
        "metric": "system.cpu_percent",
        "window_minutes": 5,
        "comparator": ">",
        "threshold": 95,
        "for_seconds": 300,
        "keep_firing_for_seconds": 0,
        "severity": "SEV-3",
        "enabled": "on",
        "labels_text": "team=ops",
    }
    assert staff_client.post(reverse("operations:rule_create"), data).status_code == 302
    assert AlertRule.objects.get(name="cpu-hot").labels == {"team": "ops"}
    bad = {**data, "name": "bad", "metric": "no.such.metric"}
    assert staff_client.post(reverse("operations:rule_create"), bad).status_code == 400


def test_policy_edit_with_levels(staff_client):
    policy = EscalationPolicy.objects.get(name="Default")
    data = {
        "name": "Default",
        "sources": ["system"],
        "is_default": "on",
        "repeats": 3,
        "group_wait_seconds": 30,
        "group_interval_seconds": 300,
        "repeat_interval_seconds": 14400,
        "group_by_text": "alertname, service",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "0",
        "levels-0-position": "5",
        "levels-0-name": "L4 executives",
        "levels-0-timeout_minutes": "30",
    }
    response = staff_client.post(reverse("operations:policy_edit", args=[policy.pk]), data)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.repeats == 3 and policy.levels.count() == 4


def test_target_edit(staff_client):
    target = SuccessTarget.objects.get(key="product.nps")
    response = staff_client.post(
        reverse("operations:target_edit", args=[target.pk]),
        {"label": "NPS", "unit": "points", "direction": "higher", "year1": "60", "year2": "70"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert float(target.year1) == 60.0


def test_survey_submission(user_client):
    from operations.models import SurveyResponse

    user_client.post(reverse("operations:survey"), {"kind": "nps", "score": "9"})
    user_client.post(reverse("operations:survey"), {"kind": "csat", "score": "9"})
    assert list(SurveyResponse.objects.values_list("kind", "score")) == [("nps", 9)]


def test_incident_csv_export(staff_client):
    alert_fire(source="system", name="X", dedup_key="csv", summary="exported")
    response = staff_client.get(reverse("operations:incident_list") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("id,title") and "exported" in lines[1]


def test_rule_edit_shows_24h_replay(staff_client):
    rule = AlertRule.objects.get(name="api-latency-p95")
    response = staff_client.get(reverse("operations:rule_edit", args=[rule.pk]))
    assert response.status_code == 200 and response.context["preview"] == []
