"""Contact cards inside pages, the ``contacts`` document and a place's contacts, in the reader's language;
a changed, translated or deleted contact changes every document that shows it."""

import pytest

from wegweiser.contacts.models import Contact
from wegweiser.contacts.rich_text import embed_html
from wegweiser.contacts.translating import translate_contact
from wegweiser.content.rich_text import sanitise_rich_text
from wegweiser.translation import segments

from .conftest import page_content, published, topic

pytestmark = pytest.mark.django_db


def with_card(page, contact: Contact, publish) -> None:
    """Put the contact's card into the page's text below its first paragraph, and publish it."""
    first, rest = page.body.split("</p>", 1)
    page.body = f"{first}</p>{embed_html(contact.pk)}{rest}"
    with publish(execute=True):
        page.save_revision().publish()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def card_of(content: str, contact: Contact) -> str:
    """The card of ``contact`` in a page's content, from its opening tag's attributes to its end."""
    opening = f'<section class="card contact-card" data-contact="{contact.pk}"'
    assert opening in content, content[:500]
    return content.split(opening, 1)[1].split("</section>", 1)[0]


def test_sanitising_keeps_the_card(office):
    html = f"<p>Fragen?</p>{embed_html(office.pk)}<script>alert(1)</script>"
    assert sanitise_rich_text(html) == f"<p>Fragen?</p>{embed_html(office.pk)}"


def test_a_card_in_a_page_shows_the_contact_with_dialling_links(musterstadt, office, publish):
    page = topic(musterstadt, "ankommen")
    with_card(page, office, publish)
    card = card_of(page_content(musterstadt, "de", page.id), office)
    assert "Servicestelle Einbürgerung" in card and "Einbürgerung und Staatsangehörigkeit" in card
    assert '<a href="tel:+4971419102233" dir="ltr">07141 910-2233</a>' in card
    assert '<a href="tel:+4915123456789" dir="ltr">0151 23456789</a>' in card
    assert 'href="mailto:einbuergerung@musterstadt.example" dir="ltr"' in card
    assert 'href="https://termine.musterstadt.example/einbuergerung"' in card
    assert 'Mo–Fr <span dir="ltr">09:00–12:00</span>' in card
    assert 'href="http://testserver/musterstadt/de/locations/buergerbuero/">Bürgerbüro' in card
    assert "Telefon" in card and "Öffnungszeiten" in card  # labels in the page's language


def test_changing_the_contact_changes_the_card_everywhere(musterstadt, office, publish):
    page = topic(musterstadt, "ankommen")
    with_card(page, office, publish)
    before = page_content(musterstadt, "de", page.id)
    office.phone = "07141 910-4455"
    with publish(execute=True):
        office.save()
    after = page_content(musterstadt, "de", page.id)
    assert after != before
    assert "tel:+4971419104455" in card_of(after, office) and "910-2233" not in after


def test_deleting_the_contact_removes_the_card_cleanly(musterstadt, office, publish):
    page = topic(musterstadt, "ankommen")
    with_card(page, office, publish)
    with publish(execute=True):
        office.delete()
    content = page_content(musterstadt, "de", page.id)
    assert f'data-contact="{office.pk}"' not in content and "<embed" not in content
    assert content.startswith("<p>")


def test_a_translated_page_shows_the_card_in_its_language(musterstadt, office, publish):
    """wagtail-localize keeps the card in the translated text; the card shows the contact's translation."""
    page = topic(musterstadt, "ankommen")
    with_card(page, office, publish)
    with publish(execute=True):
        translate_contact(office, "ar", {"name": "مكتب التجنس", "area": "التجنس والجنسية"})
        job = segments.translation_job(page, "ar")
        arabic_page = segments.save(job)
    assert embed_html(office.pk) in arabic_page.body
    card = card_of(page_content(musterstadt, "ar", arabic_page.id), office)
    assert "مكتب التجنس" in card and "التجنس والجنسية" in card
    assert card.split(">", 1)[0] == ""  # in the page's own language: no lang of its own
    assert '<a href="tel:+4971419102233" dir="ltr">07141 910-2233</a>' in card
    assert "الهاتف" in card or "هاتف" in card  # the label "Phone" in Arabic


def test_an_untranslated_contact_shows_as_written_marked_with_its_language(musterstadt, office, publish):
    page = topic(musterstadt, "ankommen")
    with_card(page, office, publish)
    with publish(execute=True):
        arabic_page = segments.save(segments.translation_job(page, "ar"))
    card = card_of(page_content(musterstadt, "ar", arabic_page.id), office)
    assert card.split(">", 1)[0] == ' lang="de-DE" dir="ltr"'
    assert "Servicestelle Einbürgerung" in card


def test_translating_the_contact_rebuilds_the_region(musterstadt, office, publish):
    with publish(execute=True):
        office.save()
    assert [c["name"] for c in published(musterstadt, "en", "contacts") if c["id"] == office.pk] == [office.name]
    with publish(execute=True):
        translate_contact(office, "en", {"name": "Naturalisation service"})
    english = next(c for c in published(musterstadt, "en", "contacts") if c["id"] == office.pk)
    assert (english["name"], english["language"]) == ("Naturalisation service", "en")


def test_the_contacts_document_has_integreats_fields_and_wegweisers(musterstadt, office, publish):
    with publish(execute=True):
        office.save()
    item = next(c for c in published(musterstadt, "de", "contacts") if c["id"] == office.pk)
    assert item == {
        "id": office.pk,
        "kind": "office",
        "name": "Servicestelle Einbürgerung",
        "area_of_responsibility": "Einbürgerung und Staatsangehörigkeit",
        "email": "einbuergerung@musterstadt.example",
        "phone_number": "07141 910-2233",
        "mobile_number": "0151 23456789",
        "website": "https://musterstadt.example/einbuergerung",
        "appointment_url": "https://termine.musterstadt.example/einbuergerung",
        "opening_hours": item["opening_hours"],
        "place": {
            "id": office.place_id,
            "title": "Bürgerbüro",
            "path": "/musterstadt/de/locations/buergerbuero/",
            "url": "http://testserver/musterstadt/de/locations/buergerbuero/",
        },
        "organization": None,
        "language": "de",
    }
    monday = item["opening_hours"][0]
    assert monday["timeSlots"] == [{"start": "09:00", "end": "12:00", "timezone": "Europe/Berlin"}]
    assert len(item["opening_hours"]) == 7


def test_a_place_lists_its_contacts_in_the_readers_language(musterstadt, office, publish):
    with publish(execute=True):
        translate_contact(office, "en", {"name": "Naturalisation service"})
    place = next(p for p in published(musterstadt, "en", "places") if p["path"].endswith("/citizens-office/"))
    ours = [c for c in place["contacts"] if c["id"] == office.pk]
    assert [c["name"] for c in ours] == ["Naturalisation service"]
    assert ours[0]["place"]["path"] == "/musterstadt/en/locations/citizens-office/"
