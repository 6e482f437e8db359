"""What readers get of a place: exceptions and public holidays in the documents and APIs, and in the web app
the state, the week and the coming days with other hours, in German and in right-to-left languages."""

import re
from datetime import timedelta

from django.utils import timezone

from wegweiser.places import documents
from wegweiser.places.public_holidays import public_holidays
from wegweiser.publishing import snapshots

from .conftest import ALL_DAY, add_place, day_after, published, translate

CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def main_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_places_carry_their_exceptions_and_the_holidays_of_the_coming_year(restore_snapshots, musterstadt, client):
    today = timezone.localdate()
    place = add_place(
        musterstadt,
        "Testamt",
        "testamt",
        opening_hours=[ALL_DAY] * 7,
        opening_exceptions=[
            {"start": day_after(today, -10), "end": day_after(today, -5), **CLOSED, "note": "vorbei"},
            {"start": day_after(today, 3), "end": day_after(today, 4), **CLOSED, "note": "Betriebsausflug"},
        ],
        closed_on_public_holidays=False,
    )
    snapshots.rebuild_region(musterstadt, ["de"])
    item = next(p for p in published(musterstadt, "de", "places") if p["id"] == place.id)
    # Past exceptions are left out; the coming ones are there with their note.
    assert [(e["start"], e["note"]) for e in item["opening_exceptions"]] == [(day_after(today, 3), "Betriebsausflug")]
    assert item["closed_on_public_holidays"] is False
    assert item["public_holidays"] == public_holidays("BW", today)
    assert any(h["date"].endswith("-12-25") for h in item["public_holidays"])  # always within the coming year
    # API v1 and v3 serve it as published; v3 keeps Integreat's members.
    v1 = client.get("/api/v1/regions/musterstadt/de/places/").json()
    assert next(p for p in v1 if p["id"] == place.id)["opening_exceptions"] == item["opening_exceptions"]
    v3 = next(p for p in client.get("/api/v3/musterstadt/de/locations/").json() if p["id"] == place.id)
    assert v3["opening_hours"] == [ALL_DAY] * 7 and v3["public_holidays"] == item["public_holidays"]
    assert {"temporarily_closed", "appointment_url", "location", "category", "contacts"} <= set(v3)


def test_holiday_names_are_in_the_readers_language_where_known(musterstadt):
    christmas = [h for h in public_holidays("BW", timezone.localdate(), language="de") if h["date"].endswith("-12-25")]
    assert christmas[0]["name"] == "Erster Weihnachtstag"
    in_ukrainian = public_holidays("BW", timezone.localdate(), language="uk")
    assert any(h["name"] == "Перший день Різдва" for h in in_ukrainian)
    # Arabic is not among the package's languages: the German name, as on notices.
    in_arabic = public_holidays("BW", timezone.localdate(), language="ar")
    assert any(h["name"] == "Erster Weihnachtstag" for h in in_arabic)
    # Bavaria has Epiphany, Berlin has not.
    assert any("Drei Könige" in h["name"] for h in public_holidays("BY", timezone.localdate().replace(month=1, day=1)))
    assert not any(
        "Drei Könige" in h["name"] for h in public_holidays("BE", timezone.localdate().replace(month=1, day=1))
    )


def test_the_places_state_today_counts_exceptions_and_holidays(restore_snapshots, musterstadt, client, monkeypatch):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    add_place(musterstadt, "Immer offen", "immer-offen", opening_hours=[ALL_DAY] * 7)
    add_place(
        musterstadt,
        "Heute zu",
        "heute-zu",
        opening_hours=[ALL_DAY] * 7,
        opening_exceptions=[{"start": day_after(today, -1), "end": day_after(today, 1), **CLOSED, "note": "Umzug"}],
    )
    holiday_place = add_place(musterstadt, "Feiertags zu", "feiertags-zu", opening_hours=[ALL_DAY] * 7)
    # Today and tomorrow are public holidays, as far as the documents know.
    holidays = [
        {"date": today.isoformat(), "name": "Testfeiertag"},
        {"date": tomorrow.isoformat(), "name": "Zweiter Testfeiertag"},
    ]
    monkeypatch.setattr(documents, "public_holidays", lambda *args, **kwargs: holidays)
    snapshots.rebuild_region(musterstadt, ["de", "ar"])

    open_now = main_of(client.get("/musterstadt/de/locations/", {"open": "now"}))
    titles = set(re.findall(r'class="card-title" href="[^"]+">([^<]+)<', open_now))
    assert "Immer offen" not in titles and "Heute zu" not in titles and "Feiertags zu" not in titles
    # Open on holidays: the same place, told so, is open now.
    holiday_place.closed_on_public_holidays = False
    holiday_place.save_revision().publish()
    snapshots.rebuild_region(musterstadt, ["de"])
    titles = set(
        re.findall(
            r'class="card-title" href="[^"]+">([^<]+)<',
            main_of(client.get("/musterstadt/de/locations/", {"open": "now"})),
        )
    )
    assert "Feiertags zu" in titles and "Heute zu" not in titles

    html = main_of(client.get("/musterstadt/de/locations/heute-zu/"))
    assert 'class="state state-closed"' in html
    assert re.search(
        r"<li><strong>[^<]+</strong>: <span dir=\"auto\">geschlossen</span> \(<span dir=\"auto\">Umzug</span>\)</li>",
        html,
    )
    html = main_of(client.get("/musterstadt/de/locations/immer-offen/"))
    assert "Testfeiertag" in html and "Zweiter Testfeiertag" in html


def test_a_place_page_in_arabic_and_persian(restore_snapshots, musterstadt, client):
    today = timezone.localdate()
    place = add_place(
        musterstadt,
        "Beratung am Markt",
        "beratung-am-markt",
        phone="07141 123-100",
        opening_hours=[{**CLOSED, "closed": False, "timeSlots": [{"start": "09:00", "end": "12:00"}]}] * 5
        + [CLOSED] * 2,
        opening_exceptions=[
            {"start": day_after(today, 2), "end": day_after(today, 2), **CLOSED, "note": "Fortbildung"}
        ],
    )
    arabic = translate(place, "ar", "استشارة في السوق")
    english = translate(place, "en", "Counselling at the market")
    translate(english, "fa", "مشاوره در بازار")
    snapshots.rebuild_region(musterstadt, ["ar", "en", "fa"])
    assert any(p["id"] == arabic.id for p in published(musterstadt, "ar", "places"))
    for language, name in (("ar", "الاثنين"), ("fa", "دوشنبه")):
        html = main_of(client.get(f"/musterstadt/{language}/locations/"))
        link = re.search(r'class="card-title" href="([^"]+)">(استشارة في السوق|مشاوره در بازار)<', html)
        assert link, language
        page = main_of(client.get(link.group(1)))
        assert f'<html lang="{language}" dir="rtl">' in page
        assert name in page  # Monday in the reader's language
        assert 'href="tel:+497141123100" dir="ltr"' in page  # dialled in E.164, written left to right
        assert "Fortbildung" in page  # the coming closing day, with its note
        assert re.search(r'class="state state-(open|closed)"', page)


def test_a_phone_number_nobody_can_dial_is_shown_without_a_link(restore_snapshots, musterstadt, client):
    add_place(musterstadt, "Ohne Telefon", "ohne-telefon", phone="siehe Aushang")
    snapshots.rebuild_region(musterstadt, ["de"])
    html = main_of(client.get("/musterstadt/de/locations/ohne-telefon/"))
    assert '<span dir="ltr">siehe Aushang</span>' in html and 'href="tel:' not in html


def test_the_list_and_map_show_each_categorys_icon_and_colour(db, client):
    html = main_of(client.get("/musterstadt/de/locations/"))
    # The demo's "Behörde" (office) is drawn with Lucide's landmark in its colour.
    assert re.search(r'<span class="category-icon"><svg color="#1f6f8b" [^>]*class="lucide lucide-landmark"', html)
    settings = re.search(r'<script id="map-settings" type="application/json">(.+?)</script>', html)
    assert settings and "lucide-landmark" in settings.group(1)
    places = re.search(r'<script id="map-places" type="application/json">(.+?)</script>', html)
    assert places and '"icon": "landmark"' in places.group(1) and '"colour": "#1f6f8b"' in places.group(1)
