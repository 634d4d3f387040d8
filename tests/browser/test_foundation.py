"""Journey: sign up, log in, add a mood, see it in the journal and its chart, log out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_login_add_mood_chart_logout(page, live_url, login):
    page.goto(f"{live_url}/accounts/signup/")
    page.fill("#id_username", "carol")
    page.fill("#id_email", "carol@example.com")
    page.fill("#id_password1", "a-long-and-unusual-passphrase")
    page.fill("#id_password2", "a-long-and-unusual-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_url}/")
    expect(page.locator("h1")).to_contain_text("carol")

    page.click("form[action='/accounts/logout/'] button")
    expect(page.locator("h1")).to_have_text("Log in")

    login(page, "carol", "a-long-and-unusual-passphrase")
    page.click("nav >> text=Mood journal")
    page.fill("#id_emotion", "stresed")
    page.fill("#id_note", "Exam tomorrow")
    page.click("#mood-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Recorded: stressed")
    expect(page.locator("#mood-table")).to_contain_text("Exam tomorrow")

    # The chart is drawn from the entry just added.
    page.wait_for_function(
        "window.moodChart && window.moodChart.data.datasets[0].data.length === 1"
    )
    valence = page.evaluate("window.moodChart.data.datasets[0].data[0]")
    assert valence < 0

    page.fill("#id_emotion", "blorp")
    page.click("#mood-form button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text(re.compile("Unknown emotion"))

    page.click("form[action='/accounts/logout/'] button")
    page.goto(f"{live_url}/moods/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/moods/"))


def test_phone_width_layout_has_no_horizontal_scroll(browser, live_url, django_user_model):
    django_user_model.objects.create_user("dora", password="a-long-and-unusual-passphrase")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_url}/accounts/login/")
    page.fill("#id_username", "dora")
    page.fill("#id_password", "a-long-and-unusual-passphrase")
    page.click("button[type=submit]")
    page.goto(f"{live_url}/moods/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    context.close()


def test_api_docs_render_offline_under_csp(page, live_url):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=60_000)
    expect(page.locator("text=/api/v1/moods/").first).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
