"""Playwright fixtures: Debian's Chromium, headless, against pytest-django's live server.

Nothing downloads a browser: the executable is /usr/bin/chromium (or HARMONYHUB_CHROMIUM).
Where it is missing, browser tests skip locally and fail in CI (HARMONYHUB_REQUIRE_BROWSER=1).
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    return os.environ.get("HARMONYHUB_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        if os.environ.get("HARMONYHUB_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for browser tests but was not found")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def login(live_url):
    def _login(page, username: str, password: str) -> None:
        page.goto(f"{live_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_url}/")

    return _login
