"""Pages that finish the job (issue 14): every main page, member and staff, at 390 and 1366 px.

Each test names the numbered item of the issue it guards. Screenshots of every main page at both
widths land in var/screenshots/ (gitignored) for a reviewer to look at.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import pagecheck
from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger
from valuation import services as valuation_services
from valuation.models import ValuationPolicy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-pages-pw-1"
ADMIN_PASSWORD = "admin-pages-pw-1"
WIDTHS = (390, 1366)
MEMBER_PAGES = [
    "/",
    "/moods/",
    "/arts/",
    "/arts/compose/",
    "/commerce/",
    "/finance/",
    "/finance/assess/",
    "/operations/",
    "/accounts/profile/",
]
STAFF_PAGES = [
    "/",
    "/valuation/",
    "/valuation/c/FinanceAdvisor_Platform/",
    "/valuation/import/",
    "/innovation/",
    "/innovation/sac/",
    "/innovation/metrics/",
    "/innovation/board/",
    "/operations/",
    "/operations/success/",
    "/operations/health/",
    "/operations/incidents/",
    "/operations/alerts/",
    "/commerce/",
]

# Relative luminance contrast of two CSS rgb() colours (WCAG 2.x).
CONTRAST_JS = """
([a, b]) => {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
"""


def _log_in(page, live_url, username, password):
    page.goto(f"{live_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_url}/")


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "_") or "home"


@pytest.fixture
def demo_site(monkeypatch, settings):
    monkeypatch.setenv("HARMONYHUB_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("HARMONYHUB_DEMO_PASSWORD", DEMO_PASSWORD)
    settings.VALUATION_REVALUE_DEBOUNCE_SECONDS = 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {"member": ("demo", DEMO_PASSWORD), "staff": ("admin", ADMIN_PASSWORD)}


def _check_page(page, problems: list[str], where: str) -> None:
    for kind, found in (
        ("overflows", pagecheck.overflow_problems(page)),
        ("raw keys", pagecheck.raw_keys(page)),
        ("aria-describedby", pagecheck.missing_describedby(page)),
        ("axe", pagecheck.axe_violations(page)),
    ):
        problems.extend(f"{where}: {kind}: {item}" for item in found)


def _check_header(page, width: int, problems: list[str], where: str):
    """Item 6: site name everywhere, menu button on a phone, one-line navigation on a desktop."""
    brand = page.locator(".site-header .brand").inner_text().strip()
    if brand != "HarmonyHub" or not page.title().endswith("· HarmonyHub"):
        problems.append(f"{where}: brand/title {brand!r} / {page.title()!r}")
    if "HarmonyHub" not in page.locator(".site-footer").inner_text():
        problems.append(f"{where}: footer without the site name")
    toggle = page.locator("#nav-toggle")
    nav = page.locator("#site-nav")
    if width < 768:
        if not toggle.is_visible() or nav.is_visible():
            problems.append(f"{where}: no menu button, or the nav is not folded away")
        # Where the section has a navigation entry, the header names it next to the button.
        current = nav.locator("a[aria-current=page]")
        if current.count() and current.first.text_content().strip() != "Dashboard":
            shown = page.locator(".nav-current")
            expected = current.first.text_content().strip()
            if not shown.count() or shown.inner_text().strip() != expected:
                problems.append(f"{where}: current section {expected!r} not shown in the header")
    else:
        if toggle.is_visible():
            problems.append(f"{where}: menu button shown on a desktop")
        tops = nav.locator("a").evaluate_all(
            "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        if len(set(tops)) > 1:
            problems.append(f"{where}: the navigation wraps onto {len(set(tops))} lines")


def test_main_pages_fit_read_well_and_pass_axe(browser, live_url, demo_site):
    """Items 4, 5, 6, 7: no overflow, no raw keys, 0 axe violations, header, at both widths."""
    problems: list[str] = []
    axe_counts: dict[str, int] = {}
    for role, pages in (("member", MEMBER_PAGES), ("staff", STAFF_PAGES)):
        username, password = demo_site[role]
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            _log_in(page, live_url, username, password)
            for path in pages:
                where = f"{role} {width}px {path}"
                response = page.goto(f"{live_url}{path}")
                assert response.status == 200, where
                page.wait_for_load_state("networkidle")
                before = len(problems)
                _check_page(page, problems, where)
                axe_counts[where] = sum(1 for p in problems[before:] if ": axe: " in p)
                _check_header(page, width, problems, where)
                pagecheck.screenshot(page, f"{role}-{width}-{_slug(path)}")
            context.close()
    assert not problems, "\n".join(problems)
    assert all(count == 0 for count in axe_counts.values())


def test_member_details_on_phone(browser, live_url, demo_site):
    """Items 6 and 7: the menu opens, /commerce/ form and results agree, focus ring contrast."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    _log_in(page, live_url, *demo_site["member"])

    page.goto(f"{live_url}/commerce/")
    expect(page.locator(".nav-current")).to_have_text("Shopping")
    page.click("#nav-toggle")
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.locator("#site-nav a[aria-current=page]")).to_have_text("Shopping")
    # The form shows the request whose results are on screen.
    mood = page.input_value("#id_current_mood")
    heading = page.locator(".shop-results h2").first.inner_text()
    assert mood and mood in heading, (mood, heading)
    slider = page.input_value("#id_diversity")
    expect(page.locator("#diversity-out")).to_have_text(f"{float(slider):.1f}")
    summary = page.get_by_test_id("result-summary").inner_text()
    assert f"variety {float(slider):.1f} " in summary, summary

    # Focus ring: at least 3:1 against the white card it sits on.
    page.focus("#id_current_mood")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert style != "none"
    assert page.evaluate(CONTRAST_JS, [ring, "rgb(255, 255, 255)"]) >= 3, ring
    context.close()


def test_staff_dashboards_format_and_draw(browser, live_url, demo_site):
    """Item 4: KPI tiles, sensitivity labels, /operations/success/ sparklines and values."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    _log_in(page, live_url, *demo_site["staff"])

    page.goto(f"{live_url}/valuation/")
    for tile in page.locator(".card.kpi").all():
        label = tile.locator(".kpi-label").bounding_box()
        value = tile.locator("strong").bounding_box()
        assert label["y"] + label["height"] <= value["y"] + 1, tile.inner_text()
    expect(page.get_by_test_id("portfolio-value")).to_have_text(
        re.compile(r"^\$\d+(\.\d+)?\xa0[kMB]$")
    )

    page.goto(f"{live_url}/valuation/c/FinanceAdvisor_Platform/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-sensitivity')")
    clipped = page.evaluate(
        """() => {
          const y = Chart.getChart('chart-sensitivity').scales.y;
          const ctx = y.ctx;
          ctx.save();
          ctx.font = Chart.helpers.toFont(y.options.ticks.font).string;
          const widest = Math.max(...y.ticks.map(t => Math.max(...[].concat(t.label)
            .map(l => ctx.measureText(l).width))));
          ctx.restore();
          return widest > y.width;
        }"""
    )
    assert not clipped, "sensitivity axis labels are wider than their axis"

    page.goto(f"{live_url}/operations/success/")
    page.wait_for_load_state("networkidle")
    body = page.evaluate("() => document.querySelector('main').innerText")
    assert "Target ≥ –" not in body and "Target ≤ –" not in body
    assert not re.search(r"\d{4,}\.\d\d USD", body), "unformatted money"
    cards = page.locator(".metric-card").all()
    assert cards
    for card in cards:
        value = card.get_by_test_id("metric-value").inner_text().strip()
        badge = card.locator(".badge").first.inner_text().strip()
        if value != "–":
            assert badge != "no data", card.inner_text()
        spark = card.locator(".sparkline")
        canvas = spark.locator("canvas")
        if canvas.count() and canvas.is_visible():
            handle = canvas.element_handle()
            drawn = page.evaluate(
                "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }",
                handle,
            )
            assert drawn > 50, card.inner_text()
        else:
            expect(spark).to_contain_text("No data yet")
    assert "$" in page.locator(".metric-card").first.inner_text()
    context.close()


def test_valuation_charts_survive_two_refreshes(page, live_url, login, staff_user, password):
    """Item 2: after two htmx refresh cycles every chart canvas still has pixels on it."""
    ValuationPolicy.objects.update_or_create(pk=1, defaults={"monte_carlo_paths": 500})
    MultiplesFactory()
    seed_ledger(ComponentFactory(name="FinanceAdvisor_Platform"))
    valuation_services.portfolio_revalue()
    login(page, staff_user.username, password)
    page.goto(f"{live_url}/valuation/")
    page.evaluate(
        "window.__settled = 0; document.addEventListener('htmx:afterSettle', e => {"
        " if (e.detail.target && e.detail.target.id === 'valuation-live') window.__settled++; });"
    )
    page.wait_for_function("() => window.__settled >= 2", timeout=45_000)
    page.wait_for_timeout(300)
    for canvas in ("#chart-history", "#chart-fan", "#chart-movements"):
        assert pagecheck.canvas_is_drawn(page, canvas), f"{canvas} is blank after two refreshes"


def test_finance_wizard_shows_only_the_current_steps_buttons(page, live_url, login, user, password):
    """Item 3: `hidden` beats .btn {display:inline-flex}."""
    login(page, user.username, password)
    page.goto(f"{live_url}/finance/assess/")
    expect(page.locator("#assess-submit")).to_be_visible()
    expect(page.locator("#wizard-back")).to_be_hidden()
    expect(page.locator("#wizard-next")).to_be_hidden()

    page.goto(f"{live_url}/finance/assess/?form=full")
    expect(page.locator("#wizard-back")).to_be_hidden()
    expect(page.locator("#wizard-next")).to_be_visible()
    expect(page.locator("#assess-submit")).to_be_hidden()
    page.click("#wizard-next")
    expect(page.locator("#wizard-back")).to_be_visible()
    expect(page.locator("#wizard-next")).to_be_visible()
    expect(page.locator("#assess-submit")).to_be_hidden()
    page.click("#wizard-next")
    expect(page.locator("#wizard-back")).to_be_visible()
    expect(page.locator("#wizard-next")).to_be_hidden()
    expect(page.locator("#assess-submit")).to_be_visible()


SHOP_BAD_INPUT = [
    ({"#id_budget_min": "-10"}, "#id_budget_min"),
    ({"#id_budget_min": "90", "#id_budget_max": "10"}, "#id_budget_min"),
    ({"#id_current_mood": "blorp"}, "#id_current_mood"),
    ({"#id_budget_max": "1e308"}, "#id_budget_max"),
    ({"#id_current_mood": ""}, "#id_current_mood"),
]


def _error_next_to(page, field: str):
    return page.locator(f"{field} ~ .errorlist")


def test_htmx_forms_show_errors_next_to_fields(page, live_url, login, user, password):
    """Item 1 (member form): 400 answers are swapped in; failures show a retryable message."""
    login(page, user.username, password)
    page.goto(f"{live_url}/commerce/")
    for values, field in SHOP_BAD_INPUT:
        page.fill("#id_current_mood", "calm")
        page.fill("#id_budget_min", "20")
        page.fill("#id_budget_max", "100")
        for selector, value in values.items():
            page.fill(selector, value)
        with page.expect_response(lambda r: r.url.endswith("/commerce/")) as answer:
            page.click("#shop-form button[type=submit]")
        assert answer.value.status == 400, values
        expect(_error_next_to(page, field)).to_be_visible()
        expect(page.locator("#shop-form .error-summary")).to_be_visible()

    # All fields empty: an error beside each required one.
    for selector in ("#id_current_mood", "#id_budget_min", "#id_budget_max"):
        page.fill(selector, "")
    page.click("#shop-form button[type=submit]")
    for selector in ("#id_current_mood", "#id_budget_min", "#id_budget_max"):
        expect(_error_next_to(page, selector)).to_be_visible()

    # A server failure or a lost connection is visible and can be retried.
    page.route("**/commerce/", lambda route: route.fulfill(status=500, body="boom"))
    page.fill("#id_current_mood", "calm")
    page.fill("#id_budget_min", "20")
    page.fill("#id_budget_max", "100")
    page.click("#shop-form button[type=submit]")
    alert = page.locator(".request-error")
    expect(alert).to_contain_text("500")
    page.unroute("**/commerce/")
    page.route("**/commerce/", lambda route: route.abort())
    alert.get_by_role("button", name="Try again").click()
    expect(alert).to_contain_text("could not be reached")
    page.unroute("**/commerce/")
    page.locator(".request-error").get_by_role("button", name="Try again").click()
    expect(page.locator(".request-error")).to_have_count(0)


def test_valuation_import_errors_next_to_the_file_field(
    page, live_url, login, staff_user, password, tmp_path
):
    """Item 1 (staff form): a bad CSV and a missing file are reported beside the file input."""
    login(page, staff_user.username, password)
    page.goto(f"{live_url}/valuation/import/")
    page.click("#import-form button[type=submit]")
    expect(_error_next_to(page, "#id_file")).to_be_visible()

    bad = tmp_path / "bad.csv"
    bad.write_text("component,customer_id,occurred_at,kind,amount\nnope,c1,yesterday,buy,-x\n")
    page.set_input_files("#id_file", str(bad))
    with page.expect_response(lambda r: r.url.endswith("/valuation/import/")) as answer:
        page.click("#import-form button[type=submit]")
    assert answer.value.status == 400
    expect(_error_next_to(page, "#id_file")).to_be_visible()
    expect(page.locator("#import-form .error-summary")).to_be_visible()


def test_error_pages_favicon_and_site_name(page, live_url, login, staff_user, password, settings):
    """Item 6 and 7: site name from settings, favicon for /admin/, styled 404 and 405."""
    settings.HARMONYHUB_SITE_NAME = "Harmony Test Site"
    page.goto(f"{live_url}/accounts/login/")
    expect(page.locator(".site-header .brand")).to_have_text("Harmony Test Site")
    expect(page.locator(".site-footer")).to_contain_text("Harmony Test Site")
    assert page.title() == "Log in · Harmony Test Site"

    login(page, staff_user.username, password)
    response = page.goto(f"{live_url}/operations/survey/")
    assert response.status == 405
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".site-header .brand")).to_have_text("Harmony Test Site")

    response = page.goto(f"{live_url}/no-such-page/")
    assert response.status == 404
    expect(page.locator("main h1")).to_have_text("Page not found")

    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{live_url}/admin/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and page.request.get(f"{live_url}{icon}").ok
    assert page.request.get(f"{live_url}/favicon.ico").ok
    assert not missing, missing
    expect(page.locator("#site-name")).to_contain_text("Harmony Test Site")
