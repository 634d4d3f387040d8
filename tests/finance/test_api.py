"""API: create, list own, detail with 404 for others, logged staff reads, questionnaire."""

import pytest
from django.contrib.auth.models import Permission

from domains.finance.models import AssessmentAccess, RiskAssessment
from tests.finance.factories import make_assessment

pytestmark = pytest.mark.django_db
URL = "/api/v1/finance/assessments/"
SHORT = {"emotional_tolerance": "moderate", "financial_anxiety_level": 6}


@pytest.fixture
def plain_staff_api(django_user_model):
    from rest_framework.test import APIClient

    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_anonymous_is_refused(api_client):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.post(URL, SHORT, format="json").status_code in (401, 403)
    assert api_client.get("/api/v1/finance/questionnaire/").status_code in (401, 403)


def test_create_list_detail_own(user_api, user):
    created = user_api.post(URL, SHORT, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["emotional_risk_score"] == 56 and body["band"] == "elevated"
    aid = body["assessment_id"]
    assert user_api.get(URL).json()["count"] == 1
    assert user_api.get(f"{URL}{aid}/").json()["assessment_id"] == aid
    assert RiskAssessment.objects.get().user == user


def test_user_id_in_body_is_ignored(user_api, user, other_user):
    user_api.post(URL, {**SHORT, "user_id": other_user.pk}, format="json")
    assert RiskAssessment.objects.get().user == user


def test_other_user_and_plain_staff_get_404(user, other_api, plain_staff_api):
    aid = make_assessment(user).pk
    assert other_api.get(f"{URL}{aid}/").status_code == 404
    assert other_api.get(URL).json()["count"] == 0
    # Staff in no role that reads assessments are refused before any lookup.
    assert plain_staff_api.get(f"{URL}{aid}/").status_code == 403
    assert AssessmentAccess.objects.count() == 0


def test_staff_with_permission_reads_and_is_logged(user, django_user_model):
    from rest_framework.test import APIClient

    auditor = django_user_model.objects.create_user("auditor", password="x", is_staff=True)
    auditor.user_permissions.add(Permission.objects.get(codename="read_any_assessment"))
    client = APIClient()
    client.force_authenticate(auditor)
    aid = make_assessment(user).pk
    assert client.get(f"{URL}{aid}/").status_code == 200
    log = AssessmentAccess.objects.get()
    assert (log.reader, log.assessment_id, log.via) == (auditor, aid, "api")
    assert client.get(URL).status_code == 403  # an auditor has no list of their own


def test_superuser_staff_read_is_logged(user, staff_api, staff_user):
    aid = make_assessment(user).pk
    assert staff_api.get(f"{URL}{aid}/").status_code == 200
    assert AssessmentAccess.objects.filter(reader=staff_user).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"emotional_tolerance": 150, "financial_anxiety_level": 5}, "emotional_tolerance"),
        ({"emotional_tolerance": "brave", "financial_anxiety_level": 5}, "emotional_tolerance"),
        ({"emotional_tolerance": "low", "financial_anxiety_level": 12}, "financial_anxiety_level"),
        (
            {"emotional_tolerance": "low", "financial_anxiety_level": True},
            "financial_anxiety_level",
        ),
        (
            {"risk_tolerance_answers": ["a"] * 12, "financial_anxiety_answers": [4] * 7},
            "risk_tolerance_answers",
        ),
        (
            {"risk_tolerance_answers": ["e"] * 13, "financial_anxiety_answers": [4] * 7},
            "risk_tolerance_answers",
        ),
    ],
)
def test_bad_input_is_400_naming_field(user_api, payload, field):
    response = user_api.post(URL, payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and field in error["fields"]
    assert RiskAssessment.objects.count() == 0


def test_nan_literal_is_400(user_api):
    body = '{"emotional_tolerance": NaN, "financial_anxiety_level": 5}'
    assert user_api.generic("POST", URL, body, content_type="application/json").status_code == 400
    assert RiskAssessment.objects.count() == 0


def test_questionnaire_endpoint(user_api):
    q = user_api.get("/api/v1/finance/questionnaire/").json()
    assert len(q["risk_tolerance"]["items"]) == 13 and len(q["financial_anxiety"]["items"]) == 7
    assert [o["letter"] for o in q["risk_tolerance"]["items"][8]["options"]] == ["a", "b"]
