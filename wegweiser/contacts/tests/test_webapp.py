"""Contact cards in the newcomer web app: on a place's page and inside a page's text, in German and Arabic."""

import pytest

from wegweiser.contacts.rich_text import embed_html
from wegweiser.contacts.templatetags.contacts import hours_summary
from wegweiser.contacts.translating import translate_contact
from wegweiser.translation import segments

from .conftest import WEEKDAYS_9_TO_12, topic

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_places_page_shows_its_contacts(client, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translate_contact(office, "ar", {"name": "مكتب التجنس"})
    html = main_of(client.get("/musterstadt/de/locations/buergerbuero/"))
    card = html.split(f'<section class="card contact-card" data-contact="{office.pk}"', 1)[1].split("</section>", 1)[0]
    assert "Servicestelle Einbürgerung" in card and '<a href="tel:+4971419102233" dir="ltr">' in card
    assert "/locations/buergerbuero/" not in card  # no link to the page it is on
    html = main_of(client.get("/musterstadt/ar/locations/citizens-office/"))
    assert "مكتب التجنس" in html and 'dir="ltr">07141 910-2233</a>' in html


def test_a_card_inside_an_arabic_page(client, musterstadt, office, django_capture_on_commit_callbacks):
    page = topic(musterstadt, "ankommen")
    first, rest = page.body.split("</p>", 1)
    page.body = f"{first}</p>{embed_html(office.pk)}{rest}"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        translate_contact(office, "ar", {"name": "مكتب التجنس", "area": "التجنس والجنسية"})
        arabic_page = segments.save(segments.translation_job(page, "ar"))
    response = client.get(arabic_page.get_url_parts()[2])
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
    html = main_of(response)
    assert "مكتب التجنس" in html and "التجنس والجنسية" in html
    assert '<a href="tel:+4915123456789" dir="ltr">0151 23456789</a>' in html
    assert "ساعات العمل" in html  # "Opening hours"


def test_the_hours_summary_groups_days_with_the_same_hours():
    week = [dict(day) for day in WEEKDAYS_9_TO_12]
    week[3] = {
        "allDay": False,
        "closed": False,
        "appointmentOnly": True,
        "timeSlots": [{"start": "14:00", "end": "18:00"}],
    }
    week[5] = {"allDay": True, "closed": False, "appointmentOnly": False, "timeSlots": []}
    summary = [(g["days"], g["times"], g["note"]) for g in hours_summary(week)]
    assert summary == [
        ("Mon–Wed", "09:00–12:00", ""),
        ("Thu", "14:00–18:00", "by appointment"),
        ("Fri", "09:00–12:00", ""),
        ("Sat", "", "open all day"),
    ]
    assert hours_summary(None) == []
