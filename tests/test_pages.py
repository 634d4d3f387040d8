"""Display filters, the label table, the site name and the styled error pages (issue 14)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template

from common.labels import label_for
from common.templatetags import ui


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1459645.8, "1,459,646"),
        (Decimal("-1234.4"), "−1,234"),
        (None, "–"),
        ("", "–"),
        ("blorp", "–"),
        (float("nan"), "–"),
    ],
)
def test_num(value, expected):
    assert ui.num(value) == expected


def test_money_and_compact_forms():
    assert ui.money(1459645.8, "USD") == "$1,459,645.80"
    assert ui.money0(1459645.8, "EUR") == "€1,459,646"
    assert ui.money(12, "CHF") == "12.00\xa0CHF"
    assert ui.money(-5, "USD") == "−$5.00"
    assert ui.compact(1459645.8) == "1.46\xa0M"
    assert ui.compact(241295671) == "241\xa0M"
    assert ui.compact(12345) == "12.3\xa0k"
    assert ui.compact(950) == "950"
    assert ui.money_compact(-2_500_000, "GBP") == "−£2.50\xa0M"


def test_percentages_keep_sign_and_digits_together():
    assert ui.percent(0.0123) == "1.2%"
    assert ui.percent(0.47, 0) == "47%"
    assert ui.signed_percent(0.0123) == "+1.23%"
    assert ui.signed_percent(-0.0076) == "−0.76%"
    assert ui.percent_value(12.5) == "12.5%"
    assert ui.signed_percent(None) == "–"


def test_quantity_uses_units():
    assert ui.quantity(62, "users") == "62\xa0users"
    assert ui.quantity(1459645.8, "USD") == "$1,459,646"
    assert ui.quantity(41.94, "%") == "41.94%"
    assert ui.quantity(None, "users") == "–"


def test_dates():
    assert ui.day(date(2026, 12, 7)) == "7\xa0Dec\xa02026"
    assert ui.when(datetime(2026, 12, 7, 14, 5, tzinfo=UTC)) == "7\xa0Dec\xa02026, 14:05\xa0UTC"
    assert ui.day(None) == "–"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("thank_you", "Thank you"),
        ("breakthrough_potential", "Breakthrough potential"),
        ("active_customers", "Active customers"),
        ("crit", "Critical"),
        ("valuation.value_move", "Value move"),
        ("mrr_churn_total", "MRR churn total"),
        ("horizon_years", "investment horizon"),
        ("", ""),
    ],
)
def test_label_table(key, expected):
    assert label_for(key) == expected


def test_labels_filter_joins():
    assert ui.labels(["horizon_years", "debt_to_income"]) == "investment horizon, debt to income"


def test_site_name_comes_from_settings_not_the_host(client, settings, user, password):
    settings.HARMONYHUB_SITE_NAME = "Acme Harmony"
    page = client.get("/accounts/login/", HTTP_HOST="testserver").content.decode()
    assert "<title>Log in · Acme Harmony</title>" in page
    assert page.count("Acme Harmony") >= 3  # title, brand, footer
    assert Template("{% load ui %}{% site_name %}").render(Context()) == "Acme Harmony"


def test_password_reset_email_uses_the_site_name(client, settings, user):
    settings.HARMONYHUB_SITE_NAME = "Acme Harmony"
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Acme Harmony password"
    assert "Acme Harmony account" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].subject


def test_get_on_a_post_only_page_is_a_styled_405(client, user, password):
    client.force_login(user)
    response = client.get("/operations/survey/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    body = response.content.decode()
    assert "<h1>This address only takes a form</h1>" in body and "site-header" in body


def test_api_405_stays_json(client, user):
    client.force_login(user)
    response = client.generic("PATCH", "/api/v1/auth/token/")
    assert response.status_code in {401, 403, 405}
    assert response["Content-Type"].startswith("application/json")


def test_500_page_is_styled_and_named(rf, settings):
    from harmonyhub_site.views import error_500

    settings.HARMONYHUB_SITE_NAME = "Acme Harmony"
    body = error_500(rf.get("/moods/")).content.decode()
    assert "Something went wrong · Acme Harmony" in body and "favicon.svg" in body


def test_favicon_routes(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_every_template_compiles():
    """A filter used without `{% load ui %}` fails here, not as a 500 on one page."""
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template

    root = Path(settings.BASE_DIR) / "templates"
    names = [p.relative_to(root).as_posix() for p in root.rglob("*.html")]
    assert len(names) > 50
    for name in names:
        get_template(name)
