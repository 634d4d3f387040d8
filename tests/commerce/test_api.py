"""API tests: permission matrix (anonymous / user / other user / staff), shapes, bad input."""

import pytest

from domains.commerce.models import Interaction, Product, Recommendation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/commerce"
REQ = {"current_mood": "stressed", "budget_range": {"min": 20, "max": 100}}


def _error_shape(response):
    body = response.json()
    assert set(body) >= {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_anonymous_gets_401_or_403_everywhere(api_client, catalogue):
    for method, url in [
        ("get", f"{BASE}/products/"),
        ("post", f"{BASE}/recommendations/"),
        ("get", f"{BASE}/recommendations/"),
        ("get", f"{BASE}/interactions/"),
        ("post", f"{BASE}/products/import/"),
    ]:
        assert getattr(api_client, method)(url, {}, format="json").status_code in (401, 403)


def test_products_read_for_users_write_for_staff(user_api, staff_api, catalogue):
    listing = user_api.get(f"{BASE}/products/", {"category": "Tea & infusions", "max_price": 10})
    assert listing.status_code == 200
    assert listing.json()["count"] > 0
    assert all(float(p["price"]) <= 10 for p in listing.json()["results"])
    new = {
        "sku": "NEW-1", "name": "Calm socks", "category": "Home comfort", "price": "12.00",
        "valence": 0.5, "arousal": -0.5, "stock": 3,
    }  # fmt: skip
    assert user_api.post(f"{BASE}/products/", new, format="json").status_code == 403
    created = staff_api.post(f"{BASE}/products/", new, format="json")
    assert created.status_code == 201, created.json()
    pid = created.json()["id"]
    assert user_api.patch(f"{BASE}/products/{pid}/", {"stock": 9}).status_code == 403
    assert staff_api.patch(f"{BASE}/products/{pid}/", {"stock": 9}).json()["stock"] == 9
    assert staff_api.delete(f"{BASE}/products/{pid}/").status_code == 204
    assert user_api.get(f"{BASE}/products/{pid}/").status_code == 404  # retired
    assert Product.objects.get(pk=pid).active is False


@pytest.mark.parametrize(
    "payload",
    [
        {"sku": "X", "name": "n", "category": "c", "price": "-1", "valence": 0, "arousal": 0},
        {"sku": "X", "name": "n", "category": "c", "price": "1", "valence": 2, "arousal": 0},
        {"sku": "X", "name": "n", "category": "c", "price": "1", "valence": "0.1", "arousal": 0},
        {"sku": "HH-01011", "name": "n", "category": "c", "price": "1", "valence": 0, "arousal": 0},
    ],
)
def test_bad_product_is_400(staff_api, catalogue, payload):
    before = Product.objects.count()
    response = staff_api.post(f"{BASE}/products/", payload, format="json")
    assert response.status_code == 400
    _error_shape(response)
    assert Product.objects.count() == before


def test_recommend_and_history_are_private(user_api, other_api, staff_api, catalogue):
    response = user_api.post(f"{BASE}/recommendations/", REQ, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["recommendations"]) == 10
    assert all(20 <= float(r["price"]) <= 100 for r in body["recommendations"])
    rid = body["recommendation_id"]
    assert user_api.get(f"{BASE}/recommendations/{rid}/").status_code == 200
    assert other_api.get(f"{BASE}/recommendations/{rid}/").status_code == 404
    assert staff_api.get(f"{BASE}/recommendations/{rid}/").status_code == 404
    assert other_api.get(f"{BASE}/recommendations/").json()["count"] == 0
    assert user_api.get(f"{BASE}/recommendations/").json()["count"] == 1


def test_user_id_in_body_cannot_act_for_someone_else(user_api, user, other_user, catalogue):
    response = user_api.post(
        f"{BASE}/recommendations/", {**REQ, "user_id": other_user.pk}, format="json"
    )
    assert response.status_code == 201
    assert Recommendation.objects.get().user == user


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**REQ, "budget_range": {"min": 100, "max": 20}}, "budget_range"),
        ({**REQ, "budget_range": {"min": -1, "max": 20}}, "budget_range"),
        ({**REQ, "budget_range": {"min": "lots", "max": 20}}, "budget_range"),
        ({**REQ, "limit": 0}, "limit"),
        ({**REQ, "limit": 10000}, "limit"),
        ({**REQ, "current_mood": "stresed-out-xyz"}, "current_mood"),
        ({"budget_range": {"min": 1, "max": 2}}, "current_mood"),
    ],
)
def test_bad_recommendation_input_is_400_and_records_nothing(user_api, catalogue, payload, field):
    response = user_api.post(f"{BASE}/recommendations/", payload, format="json")
    assert response.status_code == 400
    assert field in _error_shape(response)["fields"]
    assert Recommendation.objects.count() == 0


def test_nan_budget_literal_is_400(user_api, catalogue):
    body = '{"current_mood": "calm", "budget_range": {"min": NaN, "max": 20}}'
    response = user_api.generic(
        "POST", f"{BASE}/recommendations/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert Recommendation.objects.count() == 0


def test_interactions_are_private(user_api, other_api, catalogue):
    pid = Product.objects.first().pk
    created = user_api.post(f"{BASE}/interactions/", {"product_id": pid, "kind": "save"})
    assert created.status_code == 201, created.json()
    iid = created.json()["id"]
    assert user_api.get(f"{BASE}/interactions/").json()["count"] == 1
    assert other_api.get(f"{BASE}/interactions/").json()["count"] == 0
    assert other_api.get(f"{BASE}/interactions/{iid}/").status_code == 404
    bad = user_api.post(f"{BASE}/interactions/", {"product_id": pid, "kind": "love"})
    assert bad.status_code == 400 and "kind" in _error_shape(bad)["fields"]
    assert Interaction.objects.count() == 1


def test_feedback_on_others_recommendation_is_400(user_api, other_api, catalogue):
    rid = user_api.post(f"{BASE}/recommendations/", REQ, format="json").json()["recommendation_id"]
    pid = Product.objects.first().pk
    response = other_api.post(
        f"{BASE}/interactions/",
        {"product_id": pid, "kind": "save", "recommendation_id": rid},
        format="json",
    )
    assert response.status_code == 400
    assert "recommendation_id" in _error_shape(response)["fields"]


def test_csv_import_staff_only_with_row_report(user_api, staff_api, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(text):
        return SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")

    header = "sku,name,category,price,currency,valence,arousal\n"
    assert (
        user_api.post(
            f"{BASE}/products/import/",
            {"file": upload(header + "A,a,c,1,EUR,0,0\n")},
            format="multipart",
        )
    ).status_code == 403
    bad = staff_api.post(
        f"{BASE}/products/import/",
        {"file": upload(header + "A,a,c,1,EUR,0,0\nB,b,c,x,EUR,0,0\n")},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["report"]["errors"] == [
        {"row": 3, "field": "price", "message": "price must be a number"}
    ]
    assert Product.objects.count() == 0
    good = staff_api.post(
        f"{BASE}/products/import/",
        {"file": upload(header + "A,a,c,1,EUR,0,0\n")},
        format="multipart",
    )
    assert good.status_code == 200 and good.json()["created"] == 1


def test_stored_items_and_warnings_are_already_in_their_documented_shape(user_api, catalogue):
    """The list returns items and warnings as stored; re-serializing them changes nothing."""
    from domains.commerce.api.serializers import RecommendedItemSerializer, WarningSerializer
    from domains.commerce.models import Recommendation

    tight = {**REQ, "budget_range": {"min": 1, "max": 2}}
    for body in (REQ, tight, {**REQ, "strategy": "congruent", "limit": 3}):
        assert user_api.post(f"{BASE}/recommendations/", body, format="json").status_code == 201
    for rec in Recommendation.objects.all():
        items = [dict(i) for i in RecommendedItemSerializer(rec.items, many=True).data]
        assert items == rec.items
        warnings = [dict(w) for w in WarningSerializer(rec.warnings, many=True).data]
        assert warnings == rec.warnings
    assert any(rec.warnings for rec in Recommendation.objects.all()), "no warning exercised"
