"""The event editor's repetition choices show the parts that belong to the chosen frequency and end (JavaScript).

Nothing is saved: on PostgreSQL the live server commits, and other tests read the demo's events.
"""

from playwright.sync_api import Page, expect

from wegweiser.events.models import EventPage
from wegweiser.webapp.tests.browser import log_in_to_admin


def test_the_choices_follow_the_frequency_and_the_end(page: Page, musterstadt):
    log_in_to_admin(page, "musterstadt-editor")
    cafe = EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe")  # weekly on Tuesdays
    page.goto(f"/admin/pages/{cafe.pk}/edit/")
    widget = page.locator("[data-recurrence]")
    weekdays = widget.locator('fieldset[data-recurrence-show="weekly"]')
    month_weekday = widget.locator('[name="recurrence_rule_position"]')
    expect(weekdays).to_be_visible()
    expect(month_weekday).to_be_hidden()

    widget.locator("[data-recurrence-frequency]").select_option("monthly-weekday")
    expect(weekdays).to_be_hidden()
    expect(month_weekday).to_be_visible()
    expect(widget.locator('[name="recurrence_rule_weekday"]')).to_have_value("TU")  # the start's weekday

    until = widget.locator('[name="recurrence_rule_until"]')
    expect(until).to_be_hidden()
    widget.locator('input[name="recurrence_rule_ending"][value="until"]').check()
    expect(until).to_be_visible()
    expect(widget.locator('[name="recurrence_rule_count"]')).to_be_hidden()

    widget.locator("[data-recurrence-frequency]").select_option("custom")
    expect(widget.locator('[name="recurrence_rule_text"]')).to_be_visible()
    expect(until).to_be_hidden()

    dates = page.locator('input[name="exception_dates"]')
    expect(dates).to_have_count(1)
    page.locator("[data-exception-add]").click()
    expect(dates).to_have_count(2)
