"""Journey: compose a music message on the plane, preview, save, play, share, revoke."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEDIA_READY = """sel => new Promise((resolve) => {
  const a = document.querySelector(sel);
  const done = () => resolve({duration: a.duration, error: a.error && a.error.code});
  if (a.readyState >= 1) return done();
  a.addEventListener('loadedmetadata', done, {once: true});
  a.addEventListener('error', done, {once: true});
  a.load();
})"""


def test_compose_play_share_revoke(page, browser, live_url, login, user, password):
    login(page, user.username, password)
    page.goto(f"{live_url}/arts/compose/")
    page.click(".va-point[data-emotion='joy']")
    expect(page.locator(".va-point[data-emotion='joy']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#id_emotion")).to_have_value("joy")
    page.select_option("#id_occasion", "birthday")
    page.fill("#id_duration_s", "12")
    page.fill("#id_recipient_name", "Maya")
    page.fill("#id_text", "Happy birthday, Maya!")

    page.click("#preview-button")
    expect(page.locator("#preview-status")).to_contain_text("Preview ready")
    preview = page.evaluate(MEDIA_READY, "#preview-player")
    assert preview["error"] is None and 11 < preview["duration"] < 13.5

    page.click("#compose-button")
    expect(page.locator(".messages")).to_contain_text("ready")
    played = page.evaluate(MEDIA_READY, "#message-player")
    assert played["error"] is None and 11 < played["duration"] < 13.5
    page.evaluate("document.querySelector('#message-player').muted = true")
    page.evaluate("document.querySelector('#message-player').play()")
    page.wait_for_function("() => document.querySelector('#message-player').currentTime > 0.2")
    expect(page.locator(".explanation")).to_contain_text("Tempo")

    share_url = page.input_value("#share-link")
    stranger = browser.new_context()
    try:
        public = stranger.new_page()
        response = public.goto(share_url)
        assert response.status == 200
        expect(public.locator(".share-card")).to_contain_text("Happy birthday, Maya!")
        shared = public.evaluate(MEDIA_READY, "#share-player")
        assert shared["error"] is None and shared["duration"] > 11

        page.click("#revoke-button")
        expect(page.locator(".messages")).to_contain_text("revoked")
        assert public.goto(share_url).status == 404
    finally:
        stranger.close()

    page.goto(f"{live_url}/arts/")
    expect(page.locator("#message-list audio")).to_have_count(1)
