"""The event editor: times in the region's timezone whatever the editor's own, repetition as choices."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text
from wagtail.users.models import UserProfile
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from wegweiser.events.models import EventCategory, EventIndexPage, EventPage

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def editor_in_new_york(login):
    """The Musterstadt editor, travelling: their admin profile says New York."""
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="musterstadt-editor"))
    profile.current_time_zone = "America/New_York"
    profile.save()
    return login("musterstadt-editor")


@pytest.fixture
def events_list(musterstadt) -> EventIndexPage:
    return EventIndexPage.objects.child_of(musterstadt).get()


def form_data(**changes) -> dict:
    data = {
        "title": "Nähcafé",
        "slug": "naehcafe",
        "body": rich_text("<p>Gemeinsam nähen.</p>"),
        "start": "2026-12-01 19:00",
        "end": "2026-12-01 21:00",
        "recurrence_rule_frequency": "",
        "recurrence_rule_interval": "1",
        "recurrence_rule_ending": "never",
        "meeting_url": "",
    }
    data.update(changes)
    lists = {name: value for name, value in data.items() if isinstance(value, list)}  # sent as repeated fields
    return {**nested_form_data({k: v for k, v in data.items() if k not in lists}), **lists}


def add_event(client, events_list, **changes):
    return client.post(f"/admin/pages/add/events/eventpage/{events_list.pk}/", form_data(**changes))


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(re.findall(r'class="error-message"[^>]*>\s*(.*?)\s*</', response.content.decode(), re.S))


def test_times_are_entered_in_the_regions_timezone_not_the_editors(editor_in_new_york, events_list):
    response = add_event(editor_in_new_york, events_list)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="naehcafe")
    # 19:00 in Musterstadt (winter time) is 18:00 UTC, not 19:00 in New York (00:00 UTC).
    assert event.start == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    assert event.end == datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def test_times_are_shown_in_the_regions_timezone(editor_in_new_york, musterstadt):
    event = EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe")
    html = editor_in_new_york.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    start = re.search(r'name="start"[^>]*value="([^"]+)"', html) or re.search(r'value="([^"]+)"[^>]*name="start"', html)
    assert start is not None and start.group(1).endswith(" 18:00"), start
    assert "Time in the region: Europe/Berlin." in html


def test_a_region_in_another_timezone_gets_its_own(editor_in_new_york, musterstadt, events_list):
    musterstadt.timezone = "Asia/Tokyo"
    musterstadt.save()
    response = add_event(editor_in_new_york, events_list)
    assert response.status_code == 302
    assert EventPage.objects.get(slug="naehcafe").start == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_an_all_day_event_spans_whole_days_in_the_region(login, events_list):
    response = add_event(
        login("musterstadt-editor"), events_list, all_day="on", start="2026-12-24 15:00", end="2026-12-26 09:30"
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="naehcafe")
    assert event.start.astimezone(BERLIN) == datetime(2026, 12, 24, 0, 0, tzinfo=BERLIN)
    assert event.end.astimezone(BERLIN) == datetime(2026, 12, 26, 23, 59, 59, tzinfo=BERLIN)


def test_a_time_that_does_not_exist_in_the_region_is_refused(login, events_list):
    # 02:30 on 29 March 2026 does not exist in Berlin: the clocks jump from 02:00 to 03:00.
    response = add_event(login("musterstadt-editor"), events_list, start="2026-03-29 02:30", end="2026-03-29 04:00")
    assert "2026-03-29 02:30" in errors_of(response)
    assert not EventPage.objects.filter(slug="naehcafe").exists()


def test_repetition_chosen_in_the_widget_is_stored_as_a_rule_with_exceptions(login, events_list):
    category = EventCategory.objects.create(name="Treffen")
    response = add_event(
        login("musterstadt-editor"),
        events_list,
        start="2026-12-01 19:00",  # a Tuesday
        recurrence_rule_frequency="weekly",
        recurrence_rule_interval="2",
        recurrence_rule_weekdays=["TU", "TH"],
        recurrence_rule_ending="until",
        recurrence_rule_until="2027-03-31",
        exception_dates=["2026-12-31", "", "15.12.2026"],
        category=str(category.pk),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="naehcafe")
    assert event.recurrence_rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331T215959Z"
    assert event.exception_dates == ["2026-12-15", "2026-12-31"]
    assert event.category == category


@pytest.mark.parametrize(
    "changes, field_message",
    [
        ({"recurrence_rule_frequency": "weekly", "recurrence_rule_weekdays": []}, "Choose at least one weekday."),
        ({"recurrence_rule_frequency": "daily", "recurrence_rule_interval": "0"}, "The interval must be 1 or more"),
        (
            {
                "recurrence_rule_frequency": "daily",
                "recurrence_rule_ending": "until",
                "recurrence_rule_until": "2026-11-01",
            },
            "The repetition ends before the event starts.",
        ),
        (
            {"recurrence_rule_frequency": "weekly", "recurrence_rule_weekdays": ["WE"]},
            "which is not one of the dates the rule gives",
        ),
        (
            {
                "recurrence_rule_frequency": "weekly",
                "recurrence_rule_weekdays": ["TU"],
                "exception_dates": ["2026-12-09"],
            },
            "does not take place on",
        ),
        ({"exception_dates": ["2026-12-08"]}, "Only a repeating event can have exceptions."),
        ({"exception_dates": ["Weihnachten"]}, "“Weihnachten” is not a date."),
        ({"recurrence_rule_frequency": "custom", "recurrence_rule_text": "FREQ=OFTEN"}, "not a valid RFC 5545 rule"),
        (
            {"recurrence_rule_frequency": "monthly-weekday", "recurrence_rule_weekday": "FR"},
            "Choose which weekday of the month",
        ),
    ],
)
def test_a_rule_that_does_not_fit_gets_a_clear_message_and_nothing_is_stored(
    login, events_list, changes, field_message
):
    response = add_event(login("musterstadt-editor"), events_list, **changes)
    assert field_message in errors_of(response).replace("&quot;", '"').replace("&#x27;", "'")
    assert not EventPage.objects.filter(slug="naehcafe").exists()


def test_the_widget_shows_a_stored_rule_as_choices(login, musterstadt):
    event = EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe")
    html = login("musterstadt-editor").get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert re.search(r'<option value="weekly" selected>', html)
    assert re.search(r'name="recurrence_rule_weekdays" value="TU"[^>]*checked', html)
    assert "events/recurrence.js" in html


def test_a_rule_the_widget_cannot_show_stays_editable_as_text(login, musterstadt):
    event = EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe")
    event.recurrence_rule = "FREQ=MONTHLY;BYDAY=2TU,4TU"
    event.save_revision()
    html = login("musterstadt-editor").get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert re.search(r'<option value="custom" selected>', html)
    assert 'value="FREQ=MONTHLY;BYDAY=2TU,4TU"' in html


def test_rule_exceptions_and_category_are_the_same_in_every_language():
    synchronised = {f.field_name for f in get_translatable_fields(EventPage) if isinstance(f, SynchronizedField)}
    assert {"recurrence_rule", "exception_dates", "category", "start", "end", "all_day"} <= synchronised
