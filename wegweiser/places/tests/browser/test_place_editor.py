"""The place editor's scripts in Chromium: the opening hours editor and the map picker (with a fake geocoder).

Nothing is saved: the tests read what the form would send (the textarea and the coordinate fields), so the
demo place stays as other tests expect it.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from wegweiser.places.models import PlacePage
from wegweiser.places.tests.test_geocoding import nominatim  # noqa: F401 (the fake Nominatim fixture)
from wegweiser.webapp.tests.browser import log_in_to_admin


def open_editor(page: Page) -> None:
    place = PlacePage.objects.get(slug="buergerbuero", locale__language_code="de")
    log_in_to_admin(page, "musterstadt-editor")
    page.goto(f"/admin/pages/{place.pk}/edit/")


def field_json(page: Page, name: str):
    return json.loads(page.locator(f"textarea[name={name}]").input_value() or "null")


@pytest.fixture(autouse=True)
def no_gravatar(settings):
    """The admin shows avatars from gravatar.com; there is no internet here."""
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


def test_the_opening_hours_editor_writes_the_week_and_the_exceptions(new_page):
    page = new_page()
    open_editor(page)
    hours = page.locator("wegweiser-opening-hours")
    expect(hours.locator("textarea")).to_be_hidden()
    monday = hours.locator(".places-hours-row").nth(0)
    # Monday: a second slot in the afternoon.
    monday.locator("[data-action=add-slot]").click()
    monday.locator(".places-hours-slot").nth(1).locator("input").nth(0).fill("14:00")
    monday.locator(".places-hours-slot").nth(1).locator("input").nth(1).fill("16:00")
    week = field_json(page, "opening_hours")
    assert [(s["start"], s["end"]) for s in week[0]["timeSlots"]] == [("08:00", "12:00"), ("14:00", "16:00")]
    assert week[0]["timeSlots"][1]["timezone"] == "Europe/Berlin"
    # Saturday open all day, Sunday by appointment only.
    hours.locator(".places-hours-row").nth(5).locator("select").select_option("allDay")
    hours.locator(".places-hours-row").nth(6).locator("select").select_option("appointment")
    week = field_json(page, "opening_hours")
    assert week[5] == {"allDay": True, "closed": False, "appointmentOnly": False, "timeSlots": []}
    assert week[6] == {"allDay": False, "closed": False, "appointmentOnly": True, "timeSlots": []}
    # Monday to Tuesday–Friday: Thursday loses its afternoon and gets Monday's.
    hours.locator("[data-action=copy-monday]").click()
    week = field_json(page, "opening_hours")
    assert week[1] == week[2] == week[3] == week[4] == week[0]
    assert week[5]["allDay"]
    # A new exception: closed on one day, then other times instead.
    exceptions = page.locator("wegweiser-opening-exceptions")
    before = field_json(page, "opening_exceptions") or []
    exceptions.locator("[data-action=add-exception]").click()
    added = exceptions.locator(".places-exception").last
    added.locator(".places-exception-date input").nth(0).fill("2026-12-24")
    added.locator(".places-exception-note input").fill("Heiligabend")
    assert field_json(page, "opening_exceptions") == [
        *before,
        {
            "start": "2026-12-24",
            "end": "2026-12-24",
            "allDay": False,
            "closed": True,
            "appointmentOnly": False,
            "timeSlots": [],
            "note": "Heiligabend",
        },
    ]
    added.locator("select").select_option("times")
    slot = added.locator(".places-hours-slot").nth(0)
    slot.locator("input").nth(0).fill("09:00")
    slot.locator("input").nth(1).fill("12:00")
    exception = field_json(page, "opening_exceptions")[-1]
    assert not exception["closed"]
    assert exception["timeSlots"] == [{"start": "09:00", "end": "12:00", "timezone": "Europe/Berlin"}]
    # Removing it leaves the others as they were.
    added.locator("[data-action=remove-exception]").click()
    assert field_json(page, "opening_exceptions") == before


def test_the_map_picker_sets_the_point_and_warns_outside_the_region(new_page, nominatim):  # noqa: F811
    page = new_page()
    open_editor(page)
    latitude, longitude = page.locator("input[name=latitude]"), page.locator("input[name=longitude]")
    before = (latitude.input_value(), longitude.input_value())
    picker = page.locator("[data-map-picker]")
    expect(picker.locator(".leaflet-container")).to_be_visible()  # no tiles in tests: the map works without
    expect(picker.locator(".leaflet-marker-icon")).to_be_visible()
    warning = picker.locator("[data-outside]")
    expect(warning).to_be_hidden()
    # A click sets both fields.
    picker.locator(".leaflet-container").click(position={"x": 60, "y": 60})
    after = (latitude.input_value(), longitude.input_value())
    assert after != before and all(len(value.split(".")[1]) == 6 for value in after)
    # Typing moves the marker; a point outside Musterstadt gets the warning at once.
    latitude.fill("52.52")
    longitude.fill("13.405")
    expect(warning).to_be_visible()
    latitude.fill(before[0])
    longitude.fill(before[1])
    expect(warning).to_be_hidden()
    # A geocoder is configured (the fake Nominatim): "Find from address" asks the server, which asks it.
    find = picker.locator("[data-geocode]")
    expect(find).to_be_visible()
    find.click()
    expect(picker.locator("[data-geocode-status]")).to_contain_text("Marktplatz 1, 71000 Musterstadt, Deutschland")
    assert (latitude.input_value(), longitude.input_value()) == ("48.741501", "9.309803")
    address = page.locator("input[name=address]").input_value()
    assert nominatim.requests[-1]["query"]["q"] == f"{address}, 71000 Musterstadt"
