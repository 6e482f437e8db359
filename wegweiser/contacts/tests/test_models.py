"""Contacts: what an editor may store, and how translations keep the original's details."""

import pytest
from django.core.exceptions import ValidationError
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from wegweiser.contacts.models import Contact
from wegweiser.contacts.translating import ContactTranslationError, translate_contact
from wegweiser.organisations.models import Organisation
from wegweiser.places.models import PlaceIndexPage, PlacePage

pytestmark = pytest.mark.django_db


def errors_of(contact: Contact) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        contact.full_clean()
    return raised.value.message_dict


def test_a_valid_contact_passes_the_checks(office):
    office.full_clean()


@pytest.mark.parametrize("field", ["phone", "mobile"])
@pytest.mark.parametrize("number", ["12345", "0711", "+49 1"])
def test_bad_phone_numbers_are_refused_with_a_clear_message(office, field, number):
    setattr(office, field, number)
    errors = errors_of(office)
    assert list(errors) == [field]
    assert f"“{number}” is not a valid phone number" in errors[field][0]
    assert "area code" in errors[field][0]


def test_bad_email_website_and_opening_hours_are_refused(office):
    office.email = "nicht-erreichbar"
    office.website = "musterstadt"
    office.opening_hours = [{"timeSlots": [{"start": "12:00", "end": "09:00"}]}] * 7
    assert set(errors_of(office)) == {"email", "website", "opening_hours"}


def test_place_and_organisation_must_be_of_the_contacts_region(office, musterland):
    office.organisation = Organisation.objects.create(region=musterland, name="Landratsamt Musterland")
    assert list(errors_of(office)) == ["organisation"]
    office.organisation = None
    office.place = place_in(musterland)
    assert list(errors_of(office)) == ["place"]


def place_in(region) -> PlacePage:
    places = PlaceIndexPage.objects.child_of(region).first()
    if places is None:
        places = region.add_child(instance=PlaceIndexPage(title="Orte", slug="orte"))
    return places.add_child(instance=PlacePage(title="Landratsamt", slug="landratsamt"))


def test_an_office_is_translated_with_its_name_and_keeps_its_details(office):
    arabic = translate_contact(office, "ar", {"name": "مكتب التجنس", "area": "التجنس والجنسية"})
    assert (arabic.name, arabic.area, arabic.locale.language_code) == ("مكتب التجنس", "التجنس والجنسية", "ar")
    assert (arabic.phone, arabic.email, arabic.place_id, arabic.region_id) == (
        office.phone,
        office.email,
        office.place_id,
        office.region_id,
    )
    assert arabic.opening_hours == office.opening_hours


def test_a_persons_name_is_never_sent_to_translators(musterstadt):
    person = Contact.objects.create(
        region=musterstadt, locale=musterstadt.locale, kind=Contact.Kind.PERSON, name="Aylin Demir", area="Beratung"
    )
    assert [s.path for s in extract_segments(person) if isinstance(s, StringSegmentValue)] == ["area"]
    with pytest.raises(ContactTranslationError, match="name"):
        translate_contact(person, "en", {"name": "Aylin D."})
    english = translate_contact(person, "en", {"area": "Counselling"})
    assert (english.name, english.area) == ("Aylin Demir", "Counselling")


def test_persian_is_translated_from_the_english_copy(office):
    translate_contact(office, "en", {"name": "Naturalisation service", "area": "Naturalisation"})
    persian = translate_contact(office, "fa", {"name": "خدمات تابعیت"})
    assert persian.name == "خدمات تابعیت"
    assert persian.area == "Naturalisation"  # not given: the source (English) text


def test_changing_the_original_changes_every_translation(office):
    arabic = translate_contact(office, "ar", {"name": "مكتب التجنس"})
    office.phone = "07141 910-9999"
    office.opening_hours = None
    office.save()
    arabic.refresh_from_db()
    assert (arabic.phone, arabic.opening_hours, arabic.name) == ("07141 910-9999", None, "مكتب التجنس")


def test_a_translation_cannot_change_the_details(office):
    arabic = translate_contact(office, "ar", {"name": "مكتب التجنس"})
    arabic.phone = "0800 111 0111"
    arabic.save()
    arabic.refresh_from_db()
    assert arabic.phone == office.phone


def test_deleting_the_original_deletes_its_translations_but_not_the_other_way_round(office):
    arabic = translate_contact(office, "ar", {"name": "مكتب التجنس"})
    english = translate_contact(office, "en", {"name": "Naturalisation service"})
    arabic.delete()
    assert set(office.copies().values_list("locale__language_code", flat=True)) == {"de", "en"}
    office.delete()
    assert not Contact.objects.filter(pk=english.pk).exists()
