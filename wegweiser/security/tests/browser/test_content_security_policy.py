"""The Content-Security-Policy in a real browser: reader pages and admin pages work and break none of its rules.

An init script records every ``securitypolicyviolation`` event of a page (the browser fires one for each blocked
script, style, image, frame or connection, and, in report-only mode, for each it would have blocked); the console
errors Chromium logs for violations fail the test too (``page_errors``). Nothing is saved on the server, so that
the tests work on PostgreSQL as well (its live server sees committed data only).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from wagtail_localize.models import Translation

from wegweiser.content.models import TopicPage
from wegweiser.insights.models import DailyViews
from wegweiser.webapp.tests.browser import log_in_to_admin

WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber} (${event.sample})`);
}, true);
"""


def watched(context: BrowserContext) -> BrowserContext:
    context.add_init_script(WATCH_VIOLATIONS)
    return context


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # violations of late scripts (charts, the editor) are reported asynchronously
    return page.evaluate("window.cspViolations || []")


def assert_policy_sent(page: Page, url: str, *, admin: bool = False) -> str:
    """The page opens with the policy: scripts from our origin only; inline ones in the admin only (Wagtail's)."""
    response = page.goto(url)
    assert response is not None and response.ok, url
    policy = response.headers.get("content-security-policy", "")
    scripts = policy.split("script-src")[1].split(";")[0].split()
    assert scripts == (["'self'", "'unsafe-inline'"] if admin else ["'self'"]), url
    return policy


@pytest.mark.parametrize("language", ["de", "ar"])
def test_reader_pages_work_within_the_policy(new_context, language: str, musterstadt):
    context = watched(new_context(f"{language}-DE" if language == "de" else "ar", bypass_csp=False))
    page = context.new_page()
    home = f"/musterstadt/{language}/"
    policy = assert_policy_sent(page, home)
    assert "style-src 'self';" in policy + ";" and "frame-ancestors 'self'" in policy
    expect(page.locator("h1").first).to_be_visible()
    for url in (
        page.locator("main a[href^='/musterstadt/']").first.get_attribute("href"),  # a topic tile
        f"/musterstadt/{language}/locations/",
        f"/musterstadt/{language}/search/?q=Kita",
    ):
        assert url
        assert_policy_sent(page, url)
        assert violations(page) == [], url
    # Offline: the service worker answers a page visited before, with the same policy.
    page.goto(home)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(home)
    page.wait_for_load_state("networkidle")  # the offline panel asks for the guide's size: not cut off midway
    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.from_service_worker
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    expect(page.locator("h1").first).to_be_visible()
    assert violations(page) == []


def test_the_places_map_draws_within_the_policy(new_context, musterstadt):
    page = watched(new_context("de-DE", bypass_csp=False)).new_page()
    assert_policy_sent(page, "/musterstadt/de/locations/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    assert violations(page) == []


def test_admin_pages_work_within_the_admin_policy(new_context, musterstadt):
    page = watched(new_context("de-DE", bypass_csp=False, viewport={"width": 1280, "height": 900})).new_page()
    log_in_to_admin(page, "admin")
    topic = TopicPage.objects.live().filter(locale__language_code="de").descendant_of(musterstadt).last()
    translation = Translation.objects.filter(target_locale__language_code="ar").order_by("pk").first()
    assert topic is not None and translation is not None
    translated = translation.get_target_instance()  # its edit view is wagtail-localize's translation editor
    # Views to chart. Only SQLite's live server sees what the test writes (see the browser conftest); the policy
    # is the same on PostgreSQL, where the dashboard is checked without its charts.
    DailyViews.objects.create(
        region=musterstadt, language="ar", kind="page", item_id=topic.pk, day=timezone.localdate(), views=3
    )
    server_sees_test_data = connection.vendor == "sqlite"
    pages = {
        "dashboard": "/admin/",
        "page editor": f"/admin/pages/{topic.pk}/edit/",
        "image upload": "/admin/images/multiple/add/",
        "document upload": "/admin/documents/multiple/add/",
        "translation editor": f"/admin/pages/{translated.pk}/edit/",
        "insights dashboard": f"{reverse('insights_dashboard')}?region={musterstadt.pk}",
    }
    for name, url in pages.items():
        policy = assert_policy_sent(page, url, admin=True)
        assert "style-src 'self' 'unsafe-inline'" in policy, name
        if name == "page editor":
            expect(page.locator(".Draftail-Editor").first).to_be_visible()
        if name == "translation editor":
            expect(page.locator(".editor-header, [data-component='translation-editor'], #main").first).to_be_visible()
        if name == "insights dashboard" and server_sees_test_data:
            expect(page.locator("canvas").first).to_be_visible()  # Chart.js drew
        assert violations(page) == [], name


def test_report_only_mode_sends_the_policy_as_report_only(new_context, page_errors, settings, musterstadt):
    settings.CSP_REPORT_ONLY = True
    page = watched(new_context("de-DE", bypass_csp=False)).new_page()
    response = page.goto("/musterstadt/de/")
    assert response is not None and response.ok
    assert response.headers.get("content-security-policy") is None
    assert "script-src 'self'" in response.headers.get("content-security-policy-report-only", "")
    # An inline script is run in report-only mode, and reported.
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                     document.body.append(s); }""")
    assert page.evaluate("window.ran") == 1
    assert any("script-src" in violation for violation in violations(page))
    page_errors.clear()  # Chromium logs the violation as a console error


def test_an_inline_script_is_blocked(new_context, page_errors, musterstadt):
    page = watched(new_context("de-DE", bypass_csp=False)).new_page()
    page.goto("/musterstadt/de/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                     document.body.append(s); }""")
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in violations(page))
    page_errors.clear()  # Chromium logs the violation as a console error
