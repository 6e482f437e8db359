"""'Was this helpful?' from the browser to the database, offline too; sharing, the QR code and printing.

The live server shares the test's database connection on SQLite (see conftest.py), so what the browser sends is
visible to the ORM here. Every test writes a comment of its own and looks for it, as rows stay on PostgreSQL.
"""

import json
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

from wegweiser.insights.models import Feedback
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.tests.browser import AXE_SCRIPT, WCAG_AA_TAGS, format_violations

QUEUE = "wegweiser:feedback-queue"
TOPIC = "/musterstadt/de/gesundheit/"


def unique_comment() -> str:
    return f"Bitte mehr zu Ärzten – {uuid.uuid4().hex[:8]}"


def rows(comment: str) -> list[Feedback]:
    return list(Feedback.objects.filter(comment=comment))


def arrived(comment: str, seconds: float = 10) -> Feedback:
    """The row of this feedback, once the server has stored it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = rows(comment)
        if found:
            assert len(found) == 1, "sent more than once"
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no feedback “{comment}” arrived")


def message(page: Page, name: str) -> str:
    """A message of feedback.html, in the page's language."""
    return page.evaluate(
        "(name) => document.querySelector(`template[data-feedback-message='${name}']`).content.textContent.trim()",
        name,
    )


def give_feedback(page: Page, rating: str, comment: str) -> None:
    form = page.locator("[data-feedback-form]")
    expect(form).to_be_visible()
    form.locator(f"input[name=rating][value={rating}]").check()
    form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()


def a_path(language: str, kind: str) -> tuple[str, int]:
    """The path of the first item of a kind (``events``, ``places``) and its page's id."""
    item = Guide.of("musterstadt", language).items(kind)[0]
    return item["path"], item["id"]


def test_no_with_a_comment_on_a_topic_page_is_stored(page: Page, musterstadt):
    page.goto(TOPIC)
    comment = unique_comment()
    give_feedback(page, "down", comment)
    status = page.locator("[data-feedback-status]")
    expect(status).to_have_text(message(page, "sent"))
    expect(page.locator("[data-feedback-form]")).to_be_hidden()
    feedback = arrived(comment)
    topic = Guide.of("musterstadt", "de").find(TOPIC)
    assert topic is not None
    assert (feedback.region_id, feedback.language, feedback.kind) == (musterstadt.id, "de", "page")
    assert (feedback.page_id, feedback.rating, feedback.object_slug) == (topic[1]["id"], "down", TOPIC)


def test_feedback_on_an_event_is_stored_with_the_event(new_page, musterstadt):
    path, event_id = a_path("uk", "events")
    page = new_page(locale="uk")
    page.goto(path)
    comment = unique_comment()
    give_feedback(page, "up", comment)
    expect(page.locator("[data-feedback-status]")).to_have_text(message(page, "sent"))
    feedback = arrived(comment)
    assert (feedback.region_id, feedback.language, feedback.kind) == (musterstadt.id, "uk", "event")
    assert (feedback.page_id, feedback.rating) == (event_id, "up")


def test_offline_feedback_waits_on_the_device_and_is_sent_when_online(new_context):
    path, place_id = a_path("de", "places")
    context = new_context()
    page = context.new_page()
    with page.expect_response("**/api/v1/views/"):  # the page's view is counted before the connection goes
        page.goto(path)
    context.set_offline(True)
    comment = unique_comment()
    give_feedback(page, "down", comment)
    expect(page.locator("[data-feedback-status]")).to_have_text(message(page, "queued"))
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE}'))")
    assert [item["body"]["comment"] for item in queued] == [comment]
    time.sleep(0.5)
    assert not rows(comment)

    context.set_offline(False)  # the page hears "online" and sends what waits
    feedback = arrived(comment)
    assert (feedback.kind, feedback.page_id, feedback.rating) == ("place", place_id, "down")
    page.wait_for_function(f"localStorage.getItem('{QUEUE}') === null")


def test_feedback_left_in_the_queue_is_sent_on_the_next_page_load(page: Page):
    path, event_id = a_path("de", "events")
    page.goto(TOPIC)
    comment = unique_comment()
    waiting = {
        "id": "1-test",
        "endpoint": "/api/v1/regions/musterstadt/de/feedback/",
        "body": {"kind": "event", "rating": "up", "comment": comment, "page_path": path},
    }
    page.evaluate("([key, items]) => localStorage.setItem(key, items)", [QUEUE, json.dumps([waiting])])
    page.goto(path)
    assert arrived(comment).page_id == event_id
    page.wait_for_function(f"localStorage.getItem('{QUEUE}') === null")


def test_a_filled_honeypot_sends_nothing(page: Page):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/feedback/" in request.url else None)
    page.goto(TOPIC)
    comment = unique_comment()
    page.locator("[data-feedback-form] input[name=website]").fill("https://spam.example", force=True)
    give_feedback(page, "up", comment)
    expect(page.locator("[data-feedback-status]")).to_have_text(message(page, "sent"))  # a robot learns nothing
    time.sleep(0.5)
    page.evaluate("0")  # lets Playwright deliver the request events, if there were any
    assert not rows(comment) and not sent


def test_nothing_to_send_asks_for_a_rating_or_a_comment(page: Page):
    page.goto(TOPIC)
    page.locator("[data-feedback-form] button[type=submit]").click()
    expect(page.locator("[data-feedback-status]")).to_have_text(message(page, "empty"))
    expect(page.locator("[data-feedback-form]")).to_be_visible()
    expect(page.locator("input[name=rating]").first).to_be_focused()


def test_share_copies_the_link_where_the_device_cannot_share(new_context):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'share', {value: undefined});")
    page = context.new_page()
    page.goto(TOPIC)
    page.locator("[data-share]").click()
    status = page.locator("[data-tools-status]")
    copied = page.evaluate("document.querySelector(\"template[data-tools-message='copied']\").content.textContent")
    expect(status).to_have_text(copied.strip())
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_share_uses_the_share_sheet_where_there_is_one(new_context):
    context = new_context()
    context.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
    page = context.new_page()
    page.goto(TOPIC)
    page.locator("[data-share]").click()
    page.wait_for_function("window.__shared !== undefined")
    assert page.evaluate("window.__shared") == {"title": "Gesundheit", "url": page.url}


def test_the_qr_code_is_drawn_on_the_device(page: Page):
    path, _id = a_path("de", "places")
    page.goto(path)
    assert page.locator("script[src*='qrcode']").count() == 0  # loaded when asked for, not before
    page.locator("[data-qr-open]").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-qr-url]")).to_have_text(page.url)
    svg = dialog.locator("svg[role=img]")
    expect(svg).to_be_visible()
    squares = svg.locator("path").get_attribute("d") or ""
    assert squares.count("M") > 200  # one square per dark module of a code of at least 29×29
    assert svg.evaluate("(svg) => svg.getBoundingClientRect().width") > 150
    dialog.get_by_role("button").click()
    expect(dialog).to_be_hidden()


def test_print_button_and_print_stylesheet(new_context):
    context = new_context()
    context.add_init_script("window.print = () => { window.__printed = true; };")
    page = context.new_page()
    page.goto(TOPIC)
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("[data-tools]")).to_be_hidden()
    expect(page.locator("[data-feedback]")).to_be_hidden()


@pytest.mark.parametrize("browser_locale", ["ar"])
def test_the_arabic_toolbar_runs_right_to_left(page: Page):
    page.goto("/musterstadt/ar/arrival/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    toolbar = page.locator("[data-tools]")
    expect(toolbar).to_be_visible()
    share = page.locator("[data-share]").bounding_box()
    qr = page.locator("[data-qr-open]").bounding_box()
    assert share and qr and share["x"] > qr["x"]  # the first button is on the right
    for button in toolbar.locator("button:visible").all():
        assert button.inner_text().strip() or button.locator(".visually-hidden").inner_text().strip()
    expect(page.locator("[data-feedback-form]")).to_be_visible()


def axe_on(page: Page, *selectors: str) -> list[dict]:
    """axe-core's violations of WCAG 2.2 AA inside these elements only (the rest of the page is not ours)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE_SCRIPT)
    return page.evaluate(
        """async ([include, tags]) => {
          const results = await axe.run({include}, {runOnly: {type: "tag", values: tags}});
          return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map((node) => node.target.map(String).join(" ")),
            html: v.nodes.map((node) => node.html),
          }));
        }""",
        [[[selector] for selector in selectors], list(WCAG_AA_TAGS)],
    )


@pytest.mark.parametrize("browser_locale", ["de-DE", "ar"])
def test_tools_feedback_and_the_qr_dialog_are_accessible(page: Page, browser_locale):
    page.goto(TOPIC if browser_locale == "de-DE" else "/musterstadt/ar/arrival/")
    page.locator("[data-feedback] input[value=up]").check()
    violations = axe_on(page, ".tools", ".feedback")
    assert not violations, format_violations(violations)
    page.locator("[data-qr-open]").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    violations = axe_on(page, ".qr-dialog")
    assert not violations, format_violations(violations)
