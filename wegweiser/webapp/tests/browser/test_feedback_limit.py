"""The web app when the server has had too much feedback from this connection (429): it says so, keeps the feedback
on the device and sends it once the server takes feedback again.
"""

import json

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from wegweiser.insights import abuse
from wegweiser.webapp.reading import Guide

from .test_feedback_share import arrived, message, rows, unique_comment

QUEUE = "wegweiser:feedback-queue"
RETRY_AT = "wegweiser:feedback-retry-at"
TOPIC = "/musterstadt/de/gesundheit/"
ENDPOINT = "/api/v1/regions/musterstadt/de/feedback/"


@pytest.fixture
def no_feedback_taken(settings, monkeypatch):
    """The server takes no feedback from anyone (a limit of 0), as after a flood from this connection, for the next
    ten minutes (the server's clock stands at the start of a window)."""
    cache.clear()
    settings.FEEDBACK_RATE_LIMIT = [(0, 600)]
    monkeypatch.setattr(abuse, "current_time", lambda: 1_000_000_200.0)
    yield settings
    cache.clear()


def queued(page: Page) -> list[str]:
    return [item["body"]["comment"] for item in page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE}')) || []")]


def test_refused_feedback_is_kept_and_sent_when_the_server_takes_it_again(page: Page, page_errors, no_feedback_taken):
    page.goto(TOPIC)
    comment = unique_comment()
    form = page.locator("[data-feedback-form]")
    form.locator("input[name=rating][value=down]").check()
    form.locator("textarea[name=comment]").fill(comment)
    with page.expect_response(lambda response: response.url.endswith(ENDPOINT)) as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 429
    status = page.locator("[data-feedback-status]")
    expect(status).to_have_text(message(page, "limited"))
    assert "später" in message(page, "limited")  # the German page says so in German
    assert queued(page) == [comment]
    assert answer.value.headers["retry-after"] == "600"
    retry_at = page.evaluate(f"Number(localStorage.getItem('{RETRY_AT}')) - Date.now()")
    assert 590_000 < retry_at <= 600_000  # waits as long as the server asked
    assert not rows(comment)
    page_errors[:] = [error for error in page_errors if "status of 429" not in error]

    # Until then, a new page sends nothing; afterwards, the next page sends what waits.
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.url.endswith(ENDPOINT) else None)
    page.goto(TOPIC)
    page.evaluate("0")
    assert not sent and queued(page) == [comment]
    no_feedback_taken.FEEDBACK_RATE_LIMIT = [(100, 600)]
    page.evaluate(f"localStorage.setItem('{RETRY_AT}', String(Date.now() - 1))")
    page.goto(TOPIC)
    feedback = arrived(comment)
    assert (feedback.rating, feedback.language) == ("down", "de")
    page.wait_for_function(f"localStorage.getItem('{QUEUE}') === null")


def test_feedback_queued_offline_stays_queued_when_refused(page: Page, page_errors, no_feedback_taken):
    page.goto(TOPIC)
    comment = unique_comment()
    waiting = {"id": "1-limit", "endpoint": ENDPOINT, "body": {"kind": "page", "rating": "up", "comment": comment}}
    page.evaluate("([key, items]) => localStorage.setItem(key, items)", [QUEUE, json.dumps([waiting])])
    with page.expect_response(lambda response: response.url.endswith(ENDPOINT)) as answer:
        page.goto(TOPIC)
    assert answer.value.status == 429
    page.wait_for_function(f"localStorage.getItem('{RETRY_AT}') !== null")
    assert queued(page) == [comment]  # not lost
    assert not rows(comment)
    page_errors[:] = [error for error in page_errors if "status of 429" not in error]


def test_the_message_in_arabic_is_right_to_left(new_page, page_errors, no_feedback_taken):
    place = Guide.of("musterstadt", "ar").items("places")[0]
    page = new_page(locale="ar")
    page.goto(place["path"])
    form = page.locator("[data-feedback-form]")
    form.locator("input[name=rating][value=up]").check()
    with page.expect_response(lambda response: response.url.endswith("/musterstadt/ar/feedback/")) as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 429
    expect(page.locator("[data-feedback-status]")).to_have_text(message(page, "limited"))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page_errors[:] = [error for error in page_errors if "status of 429" not in error]
