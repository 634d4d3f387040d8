"""Page tests: the shop, htmx feedback, product page, private history, staff import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from domains.commerce.models import Interaction, Product, Recommendation
from domains.moods.services import mood_entry_create

pytestmark = pytest.mark.django_db
FORM = {
    "current_mood": "stressed",
    "budget_min": "20",
    "budget_max": "100",
    "strategy": "regulate",
    "diversity": "0.3",
    "category": "",
    "limit": "10",
}


def test_anonymous_is_sent_to_login(client):
    for url in ("/commerce/", "/commerce/history/", "/commerce/products/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_shop_prefills_mood_from_journal(user_client, user, catalogue):
    mood_entry_create(user=user, emotion="anxious", intensity=0.6)
    response = user_client.get("/commerce/")
    assert response.status_code == 200
    assert 'value="anxious"' in response.content.decode()


def test_post_shows_cards_with_reasons(user_client, catalogue):
    response = user_client.post("/commerce/", FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card rec-card"') == 10
    assert "fit " in html and "budget" in html and "affect-chart" in html


def test_bad_form_is_400_with_errors_and_records_nothing(user_client, catalogue):
    for bad in ({"budget_min": "100", "budget_max": "20"}, {"current_mood": "qqqzzz"}):
        response = user_client.post("/commerce/", {**FORM, **bad})
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_htmx_feedback_refreshes_list(user_client, catalogue):
    first = user_client.post("/commerce/", FORM, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    rec = Recommendation.objects.get()
    top = rec.items[0]["product_id"]
    response = user_client.post(
        "/commerce/feedback/",
        {**FORM, "product_id": top, "kind": "dismiss", "recommendation_id": rec.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # a partial
    assert Interaction.objects.get().recommendation == rec
    latest = Recommendation.objects.first()
    assert latest.pk != rec.pk and top not in latest.product_ids


def test_plain_feedback_redirects_and_refreshes(user_client, catalogue):
    user_client.post("/commerce/", FORM)
    rec = Recommendation.objects.get()
    top = rec.items[0]["product_id"]
    response = user_client.post("/commerce/feedback/", {"product_id": top, "kind": "dismiss"})
    assert response.status_code == 302
    assert top not in Recommendation.objects.first().product_ids


def test_product_page_and_history_show_only_own(user_client, other_client, user, catalogue):
    product = Product.objects.first()
    Interaction.objects.create(user=user, product=product, kind="save")
    page = user_client.get(f"/commerce/products/{product.pk}/")
    assert page.status_code == 200 and "Saved" in page.content.decode()
    assert user_client.get("/commerce/products/999999/").status_code == 404
    user_client.post("/commerce/", FORM)
    mine = user_client.get("/commerce/history/").content.decode()
    theirs = other_client.get("/commerce/history/").content.decode()
    assert product.name in mine and "stressed" in mine
    assert product.name not in theirs and "No recommendations yet" in theirs


def test_product_list_filters(user_client, catalogue):
    html = user_client.get("/commerce/products/", {"category": "Party & celebration"}).content
    assert b"Confetti cannon set" in html and b"Lavender soy candle" not in html


def test_import_page_is_for_administrators(user_client, staff_client, db):
    assert user_client.get("/commerce/import/").status_code == 403
    csv = b"sku,name,category,price,currency,valence,arousal\nA,a,c,1,EUR,0,5\n"
    response = staff_client.post("/commerce/import/", {"file": SimpleUploadedFile("x.csv", csv)})
    assert response.status_code == 400 and b"import-errors" in response.content
    assert Product.objects.count() == 0
