"""Pages: wizard (short and full), result with charts, history, 404 for others, admin."""

import pytest

from domains.finance.models import AssessmentAccess, RiskAssessment
from tests.finance.factories import make_assessment

pytestmark = pytest.mark.django_db


def test_anonymous_redirected(client):
    for url in ("/finance/", "/finance/assess/", "/finance/assessments/1/"):
        assert client.get(url).status_code == 302


def test_short_form_flow(user_client):
    page = user_client.get("/finance/assess/?form=short")
    assert page.status_code == 200 and b"Quick risk check" in page.content
    response = user_client.post(
        "/finance/assess/",
        {"form_kind": "short", "emotional_tolerance": "moderate", "financial_anxiety_level": 6},
    )
    assert response.status_code == 302
    result = user_client.get(response["Location"])
    html = result.content.decode()
    assert "56" in html and "elevated" in html
    assert "fan-chart" in html and "allocation-chart" in html and "not financial advice" in html


def test_full_form_flow_and_errors(user_client):
    page = user_client.get("/finance/assess/?form=full")
    assert page.content.decode().count('class="field q-item"') == 20
    data = {"form_kind": "full", **{f"t{i}": "b" for i in range(1, 14)}}
    data.update({f"a{i}": "4" for i in range(1, 8)})
    response = user_client.post("/finance/assess/", data)
    assert response.status_code == 302
    assert RiskAssessment.objects.get().tolerance_raw == 29
    missing = dict(data)
    missing.pop("t5")
    bad = user_client.post("/finance/assess/", missing)
    assert bad.status_code == 400 and b"errorlist" in bad.content
    assert RiskAssessment.objects.count() == 1


def test_result_is_private(user, user_client, other_client):
    aid = make_assessment(user).pk
    assert user_client.get(f"/finance/assessments/{aid}/").status_code == 200
    assert other_client.get(f"/finance/assessments/{aid}/").status_code == 404


def test_overview_history(user, user_client, other_client):
    make_assessment(user)
    make_assessment(user, financial_anxiety_level=2)
    html = user_client.get("/finance/").content.decode()
    assert "history-chart" in html and html.count("View</a>") == 2
    assert "No assessment yet" in other_client.get("/finance/").content.decode()


def test_admin_read_is_logged_and_change_refused(user, staff_client, staff_user):
    aid = make_assessment(user).pk
    assert staff_client.get(f"/admin/finance/riskassessment/{aid}/change/").status_code == 200
    assert AssessmentAccess.objects.filter(reader=staff_user, via="admin").count() == 1
    assert staff_client.get("/admin/finance/riskassessment/add/").status_code == 403


def test_staff_page_read_is_logged(user, staff_client, staff_user):
    aid = make_assessment(user).pk
    html = staff_client.get(f"/finance/assessments/{aid}/").content.decode()
    assert "this read has been logged" in html
    assert AssessmentAccess.objects.get().via == "page"
