"""Operations API: every source can be fired, acknowledged, escalated, silenced, resolved."""

import pytest

from operations.models import Incident, Silence

pytestmark = pytest.mark.django_db
BASE = "/api/v1/operations"


@pytest.mark.parametrize("source", ["system", "security", "valuation", "revenue", "innovation"])
def test_full_lifecycle_over_the_api(staff_api, source):
    body = {"source": source, "name": "Thing", "dedup_key": f"{source}:api", "severity": "SEV-2"}
    r = staff_api.post(f"{BASE}/alerts/fire/", body, format="json")
    assert r.status_code == 201, r.json()
    incident_id = r.json()["incident"]
    r2 = staff_api.post(f"{BASE}/alerts/fire/", body, format="json")
    assert r2.json()["id"] == r.json()["id"] and r2.json()["fire_count"] == 2
    r = staff_api.post(f"{BASE}/incidents/{incident_id}/acknowledge/", {"comment": "mine"})
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert r.json()["acknowledged_by"] == "staff"
    r = staff_api.post(f"{BASE}/incidents/{incident_id}/escalate/")
    assert r.status_code == 200 and r.json()["escalation_step"] == 2
    r = staff_api.post(
        f"{BASE}/silences/",
        {
            "matchers": [{"name": "source", "op": "=", "value": source}],
            "starts_at": "2025-01-01T00:00:00Z",
            "ends_at": "2099-01-01T00:00:00Z",
            "comment": "maintenance",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    r = staff_api.post(f"{BASE}/incidents/{incident_id}/resolve/", {"comment": "done"})
    assert r.json()["status"] == "resolved"
    assert [e["kind"] for e in r.json()["log"]][:2] == ["triggered", "acknowledged"]
    r = staff_api.post(f"{BASE}/incidents/{incident_id}/acknowledge/")
    assert r.status_code == 400 and r.json()["error"]["code"] == "incident_resolved"


def test_bad_fire_input_is_400_with_fields(staff_api):
    r = staff_api.post(f"{BASE}/alerts/fire/", {"source": "moon"}, format="json")
    assert r.status_code == 400
    assert {"source", "name", "dedup_key"} <= set(r.json()["error"]["fields"])


def test_resolve_unknown_key_is_404(staff_api):
    r = staff_api.post(f"{BASE}/alerts/resolve/", {"dedup_key": "none"}, format="json")
    assert r.status_code == 404


def test_silence_validation_and_expire(staff_api):
    bad = {
        "matchers": [{"name": "a", "op": "=~", "value": "("}],
        "starts_at": "2025-01-02T00:00:00Z",
        "ends_at": "2025-01-01T00:00:00Z",
        "comment": "x",
    }
    r = staff_api.post(f"{BASE}/silences/", bad, format="json")
    assert r.status_code == 400 and {"matchers", "ends_at"} <= set(r.json()["error"]["fields"])
    good = {**bad, "matchers": [{"name": "a", "value": "b"}], "ends_at": "2099-01-01T00:00:00Z"}
    r = staff_api.post(f"{BASE}/silences/", good, format="json")
    sid = r.json()["id"]
    assert staff_api.post(f"{BASE}/silences/{sid}/expire/").status_code == 200
    assert Silence.objects.get().expired_at is not None


def test_lists_and_metrics(staff_api):
    staff_api.post(
        f"{BASE}/alerts/fire/", {"source": "system", "name": "X", "dedup_key": "x"}, format="json"
    )
    assert staff_api.get(f"{BASE}/alerts/?status=firing").json()["count"] == 1
    assert staff_api.get(f"{BASE}/incidents/?open=true").json()["count"] == 1
    assert staff_api.get(f"{BASE}/snapshots/").status_code == 200
    names = {m["name"] for m in staff_api.get(f"{BASE}/metrics/").json()["results"]}
    assert {"http.p95_ms", "product.nps", "users.total"} <= names
    assert staff_api.get(f"{BASE}/rules/").json()["count"] >= 4
    assert staff_api.get(f"{BASE}/policies/").json()["results"][0]["levels"]
    assert staff_api.get(f"{BASE}/product/").status_code == 200


def test_rule_create_validates_metric(staff_api):
    rule = {
        "name": "r1",
        "alert_name": "R1",
        "source": "system",
        "metric": "http.p99_ms",
        "comparator": ">",
        "threshold": 2000,
    }
    assert staff_api.post(f"{BASE}/rules/", rule, format="json").status_code == 201
    rule = {**rule, "name": "r2", "metric": "nope"}
    r = staff_api.post(f"{BASE}/rules/", rule, format="json")
    assert r.status_code == 400 and "metric" in r.json()["error"]["fields"]


def test_non_staff_refused_but_can_answer_surveys_and_read_inbox(user_api):
    assert user_api.get(f"{BASE}/incidents/").status_code == 403
    assert user_api.post(f"{BASE}/alerts/fire/", {}, format="json").status_code == 403
    r = user_api.post(f"{BASE}/surveys/", {"kind": "nps", "score": 11}, format="json")
    assert r.status_code == 400 and "score" in r.json()["error"]["fields"]
    r = user_api.post(f"{BASE}/surveys/", {"kind": "csat", "score": 5}, format="json")
    assert r.status_code == 201
    assert user_api.get(f"{BASE}/notifications/").json()["count"] == 0
    assert Incident.objects.count() == 0


def test_product_metrics_from_surveys(staff_api):
    from tests.operations.factories import SurveyResponseFactory

    scores = [10, 10, 10, 9, 9, 9, 9, 8, 8, 7, 7, 6, 6, 5, 4, 3, 10, 9, 2, 0]
    for score in scores:
        SurveyResponseFactory(score=score)
    body = staff_api.get(f"{BASE}/product/").json()
    assert body["nps"] == pytest.approx(10.0) and body["csat_percent"] is None


def test_latency_rule_fires_from_request_minutes(staff_api):
    from operations.services.rules import rules_evaluate
    from tests.operations.factories import AlertRuleFactory, RequestMinuteFactory

    rule = AlertRuleFactory(alert_name="SlowApi", threshold=500.0)
    row = RequestMinuteFactory(histogram={"900": 10})
    rules_evaluate(now=row.minute)
    rule.refresh_from_db()
    assert rule.state == "firing" and rule.last_value == 900.0
    alerts = staff_api.get(f"{BASE}/alerts/?name=SlowApi").json()["results"]
    assert alerts[0]["labels"]["rule"] == rule.name
