"""A newcomer reading in Arabic reports outdated information with the form under the page (no script needed)."""

from playwright.sync_api import Page, expect

from wegweiser.corrections.models import Suggestion


def test_an_arabic_reader_reports_outdated_information(new_page, page_errors):
    page: Page = new_page(locale="ar", java_script_enabled=False)
    page.goto("/musterstadt/ar/")
    page.locator(".tiles a").first.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_text("هل هذه المعلومات خاطئة أو قديمة؟").click()
    page.get_by_label("ما الخطأ أو ما الذي أصبح قديمًا؟").fill("العنوان قديم")
    page.get_by_role("button", name="إرسال البلاغ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا لك على بلاغك.")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="العودة إلى الصفحة").click()
    expect(page.get_by_text("هل هذه المعلومات خاطئة أو قديمة؟")).to_be_visible()
    assert Suggestion.objects.filter(source="newcomer", language="ar", note="العنوان قديم").exists()
