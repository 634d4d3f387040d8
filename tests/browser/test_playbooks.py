"""Journey: a responder pulls every isolation switch from the incident page, and releases the
reversible ones again."""

import pytest
from playwright.sync_api import expect

from operations.models import IncidentLog, IsolationState, SecurityEventRecord
from operations.services import alert_fire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, form_id: str, reason: str, button: str, username: str | None = None):
    form = page.locator(f"#{form_id}")
    if username is not None:
        form.get_by_label("User").fill(username)
    form.get_by_label("Reason").fill(reason)
    form.get_by_role("button", name=button).click()


def test_every_switch_from_the_incident_page(
    browser, page, live_url, login, staff_user, user, password
):
    incident = alert_fire(
        source="security",
        name="SecurityBreachSuspected",
        dedup_key="breach:browser",
        severity="SEV-1",
        summary="Unusual export of member data",
    ).incident
    member = browser.new_context().new_page()
    login(member, user.username, password)
    login(page, staff_user.username, password)
    url = f"{live_url}/operations/incidents/{incident.pk}/"
    page.goto(url)
    panel = page.locator("#isolation-panel")
    expect(panel).to_be_visible()

    # Read-only on: the member's next write is refused with the styled page; then off again.
    _switch(page, "iso-readonly", "exfiltration in progress", "Make the site read-only")
    expect(page.locator("#iso-state-readonly")).to_contain_text("READ-ONLY")
    member.goto(f"{live_url}/moods/")
    member.evaluate("document.getElementById('mood-form').submit()")
    expect(member.get_by_role("heading", name="HarmonyHub is read-only for now")).to_be_visible()
    _switch(page, "iso-readonly", "contained", "End read-only mode")
    expect(page.locator("#iso-state-readonly")).to_contain_text("writable")

    # Sign-up closed and reopened.
    _switch(page, "iso-signup", "bot wave", "Close sign-up")
    expect(page.locator("#iso-state-signup")).to_contain_text("CLOSED")
    assert IsolationState.objects.get(pk=1).signup_closed
    _switch(page, "iso-signup", "bots gone", "Reopen sign-up")
    expect(page.locator("#iso-state-signup")).to_contain_text("per setting")

    # Revoke one user's sessions: the member is signed out.
    _switch(page, "iso-user", "phished", "Revoke sessions and token", username="alice")
    expect(page.get_by_text("Revoke one user's sessions and API token: done")).to_be_visible()
    member.goto(f"{live_url}/moods/")
    expect(member).to_have_url(f"{live_url}/accounts/login/?next=/moods/")

    # Disable: the member cannot sign in; re-enable: they can again.
    _switch(page, "iso-user", "compromised", "Disable user", username="alice")
    expect(page.get_by_text("Disable a user: done")).to_be_visible()
    member.goto(f"{live_url}/accounts/login/")
    member.fill("#id_username", "alice")
    member.fill("#id_password", password)
    member.click("main button[type=submit]")
    expect(member).to_have_url(f"{live_url}/accounts/login/")
    _switch(page, "iso-user", "cleaned up", "Re-enable user", username="alice")
    expect(page.get_by_text("Re-enable a user: done")).to_be_visible()
    login(member, user.username, password)

    # Revoke everyone: the member is out, the responder stays on the incident page.
    _switch(page, "iso-all", "session store leaked", "Revoke everyone's sessions and tokens")
    expect(page.get_by_text("Revoke everyone's sessions and API tokens: done")).to_be_visible()
    member.goto(f"{live_url}/moods/")
    expect(member).to_have_url(f"{live_url}/accounts/login/?next=/moods/")
    page.goto(url)
    expect(page.locator("#isolation-panel")).to_be_visible()

    # Rotate both secrets (each shown once), then go back to the configured ones.
    _switch(page, "iso-secrets", "scraper host breached", "Rotate metrics token")
    expect(page.get_by_label("New value")).not_to_have_value("")
    page.get_by_role("link", name=f"Back to incident #{incident.pk}").click()
    _switch(page, "iso-secrets", "receiver breached", "Rotate webhook secret")
    expect(page.get_by_label("New value")).not_to_have_value("")
    page.get_by_role("link", name=f"Back to incident #{incident.pk}").click()
    state = IsolationState.objects.get(pk=1)
    assert state.metrics_token_sha256 and state.webhook_secret
    _switch(page, "iso-secrets", "config rotated", "Back to configured metrics token")
    _switch(page, "iso-secrets", "config rotated", "Back to configured webhook secret")
    state.refresh_from_db()
    assert not state.metrics_token_sha256 and not state.webhook_secret

    events = set(SecurityEventRecord.objects.values_list("event", flat=True))
    assert {
        "isolation_read_only_on",
        "isolation_read_only_off",
        "isolation_signup_close",
        "isolation_signup_open",
        "isolation_revoke_user",
        "isolation_disable_user",
        "isolation_enable_user",
        "isolation_revoke_all",
        "isolation_rotate_metrics_token",
        "isolation_rotate_webhook_secret",
        "isolation_reset_metrics_token",
        "isolation_reset_webhook_secret",
    } <= events
    assert IncidentLog.objects.filter(incident=incident, kind="isolation").count() == 12
    expect(page.locator("ol.small").get_by_text("session store leaked")).to_be_visible()
    page.screenshot(path="var/screenshots/incident_playbooks.png", full_page=True)
