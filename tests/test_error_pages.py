"""Error pages share the site's style and never leak a stack trace."""

import pytest
from django.test import Client
from django.urls import path

from harmonyhub_site import urls as site_urls


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500
handler404 = site_urls.handler404


@pytest.mark.django_db
def test_404_page_in_site_style(user_client):
    response = user_client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"app.css" in response.content


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_500_page_hides_the_exception(user):
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"secret internals" not in response.content and b"Traceback" not in response.content


@pytest.mark.django_db
def test_security_headers_and_no_store(user_client, client, user_api):
    page = user_client.get("/moods/")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "no-store" in page["Cache-Control"]
    assert page["X-Frame-Options"] == "DENY"
    assert "no-store" in user_api.get("/api/v1/moods/")["Cache-Control"]
    login = client.get("/accounts/login/")
    assert "Content-Security-Policy" in login


def test_swagger_ui_has_no_inline_script(client):
    import re

    html = client.get("/api/docs/").content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline == []


@pytest.mark.django_db
def test_api_errors_from_django_keep_the_json_shape(user_api, settings):
    missing = user_api.get("/api/v1/no-such-endpoint/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = user_api.generic(
        "POST", "/api/v1/moods/", '{"note": "' + "x" * 5000 + '"}', content_type="application/json"
    )
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"


@pytest.mark.django_db
def test_oversized_form_gets_a_friendly_page(user_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = user_client.post(
        "/moods/", {"emotion": "joy", "intensity": "0.5", "note": "x" * 5000}
    )
    assert response.status_code == 413 and b"too large" in response.content


def test_a_failing_dashboard_card_leaves_the_rest_of_the_page(user_client, monkeypatch):
    import domains.finance.dashboard as finance_dashboard

    def broken(request):
        raise KeyError("stocks")

    monkeypatch.setattr(finance_dashboard, "dashboard_card", broken)
    response = user_client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not be loaded" in body
    assert "Mood journal" in body or "mood" in body.lower()
