"""No cross-region access: Musterstadt's people never see, open or change anything of Musterland in the admin.

Each case is one address of the admin (or a non-public endpoint) with one of Musterland's objects. Opening it as
Musterstadt's editor or manager answers 403, 404 or a redirect away; lists and searches answer but never name the
object. Many other apps test their own screens too; this module is the one place that walks all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.corrections.models import Suggestion
from wegweiser.events.models import CalendarFeed, EventIndexPage, EventPage
from wegweiser.insights.models import Feedback
from wegweiser.organisations.models import Organisation
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db

MARK = "Landratsamt-Geheimnis"  # in the names of Musterland's objects made here
QUERY = "Geheimnis"  # what the searches look for (a search screen repeats the query, not the whole name)


@dataclass
class Theirs:
    """Musterland's objects the cases address."""

    region: RegionPage
    page: TopicPage
    arabic_page: TopicPage
    event: EventPage
    contact: Contact
    organisation: Organisation
    image: Image
    document: Document
    feed: CalendarFeed
    suggestion: Suggestion
    feedback: Feedback


@pytest.fixture
def theirs(musterland) -> Theirs:
    def copy(language):
        return RegionPage.objects.get(translation_key=musterland.translation_key, locale__language_code=language)

    page = TopicPage.objects.child_of(musterland).live().order_by("path").first()
    contact = Contact.objects.create(region=musterland, locale=musterland.locale, name=f"{MARK} Kontakt", phone="1")
    organisation = Organisation.objects.filter(region=musterland).order_by("pk").first()
    return Theirs(
        region=musterland,
        page=page,
        arabic_page=TopicPage.objects.child_of(copy("ar")).live().order_by("path").first(),
        event=an_event(musterland),
        contact=contact,
        organisation=organisation,
        image=Image.objects.create(title=f"{MARK} Bild", file=get_test_image_file(), collection=musterland.collection),
        document=Document.objects.create(
            title=f"{MARK} Dokument",
            file=ContentFile(b"%PDF-1.4 geheim", name="geheim.pdf"),
            collection=musterland.collection,
        ),
        feed=CalendarFeed.objects.create(
            region=musterland, name=f"{MARK} Kalender", url="https://kalender.musterland.example/termine.ics"
        ),
        suggestion=Suggestion.objects.create(
            region=musterland,
            content_type=ContentType.objects.get_for_model(Contact),
            object_id=contact.pk,
            translation_key=contact.translation_key,
            source=Suggestion.Source.choices[0][0],
            note=f"{MARK} Hinweis",
        ),
        feedback=Feedback.objects.create(
            region=musterland, language="de", kind=Feedback.Kind.PAGE, page=page, comment=f"{MARK} Rückmeldung"
        ),
    )


def an_event(region: RegionPage) -> EventPage:
    event = EventPage.objects.descendant_of(region).order_by("path").first()
    if event is not None:
        return event
    events = EventIndexPage.objects.child_of(region).first() or region.add_child(
        instance=EventIndexPage(title="Termine", slug="termine")
    )
    start = timezone.now() + timedelta(days=3)
    return events.add_child(
        instance=EventPage(title=f"{MARK} Termin", slug="geheimer-termin", start=start, end=start + timedelta(hours=2))
    )


# Addresses of one of Musterland's objects: Musterstadt's people get 403, 404 or a redirect.
CLOSED: dict[str, Callable[[Theirs], str]] = {
    "page explorer": lambda t: f"/admin/pages/{t.region.pk}/",
    "page edit": lambda t: f"/admin/pages/{t.page.pk}/edit/",
    "page edit (Arabic)": lambda t: f"/admin/pages/{t.arabic_page.pk}/edit/",
    "page draft preview": lambda t: f"/admin/pages/{t.page.pk}/view_draft/",
    "page history": lambda t: f"/admin/pages/{t.page.pk}/history/",
    "page revisions": lambda t: f"/admin/pages/{t.page.pk}/revisions/",
    "page move": lambda t: f"/admin/pages/{t.page.pk}/move/",
    "page copy": lambda t: f"/admin/pages/{t.page.pk}/copy/",
    "page delete": lambda t: f"/admin/pages/{t.page.pk}/delete/",
    "page unpublish": lambda t: f"/admin/pages/{t.page.pk}/unpublish/",
    "add a page below the region": lambda t: f"/admin/pages/add/content/topicpage/{t.region.pk}/",
    "event edit": lambda t: f"/admin/pages/{t.event.pk}/edit/",
    "translate page": lambda t: f"/admin/localize/submit/page/{t.page.pk}/",
    "translation status of the region": lambda t: f"/admin/translation/{t.region.pk}/",
    "translation status of a page": lambda t: f"/admin/translation/item/{t.page.pk}/",
    "XLIFF export": lambda t: f"/admin/translation/exchange/?region={t.region.pk}",
    "contact edit": lambda t: f"/admin/snippets/contacts/contact/edit/{t.contact.pk}/",
    "contact delete": lambda t: f"/admin/snippets/contacts/contact/delete/{t.contact.pk}/",
    "contact history": lambda t: f"/admin/snippets/contacts/contact/history/{t.contact.pk}/",
    "organisation edit": lambda t: f"/admin/snippets/organisations/organisation/edit/{t.organisation.pk}/",
    "organisation delete": lambda t: f"/admin/snippets/organisations/organisation/delete/{t.organisation.pk}/",
    "organisation history": lambda t: f"/admin/snippets/organisations/organisation/history/{t.organisation.pk}/",
    "calendar feed edit": lambda t: reverse("calendarfeed:edit", args=[t.feed.pk]),
    "calendar feed delete": lambda t: reverse("calendarfeed:delete", args=[t.feed.pk]),
    "calendar feed import": lambda t: reverse("calendarfeed:import", args=[t.feed.pk]),
    "translate contact": lambda t: f"/admin/localize/submit/snippet/contacts/contact/{t.contact.pk}/",
    "translate organisation": lambda t: (
        f"/admin/localize/submit/snippet/organisations/organisation/{t.organisation.pk}/"
    ),
    "image edit": lambda t: f"/admin/images/{t.image.pk}/",
    "image delete": lambda t: f"/admin/images/{t.image.pk}/delete/",
    "image chooser (chosen)": lambda t: f"/admin/images/chooser/{t.image.pk}/",
    "document edit": lambda t: f"/admin/documents/edit/{t.document.pk}/",
    "document delete": lambda t: f"/admin/documents/delete/{t.document.pk}/",
    "document chooser (chosen)": lambda t: f"/admin/documents/chooser/{t.document.pk}/",
    "insights dashboard": lambda t: f"/admin/insights/?region={t.region.pk}",
    "insights CSV export": lambda t: f"/admin/insights/export.csv?region={t.region.pk}",
    "feedback inbox": lambda t: f"/admin/insights/feedback/?region={t.region.pk}",
    "one piece of feedback": lambda t: f"/admin/insights/feedback/{t.feedback.pk}/",
    "review list": lambda t: f"/admin/reviews/?region={t.region.pk}",
    "review of a page": lambda t: f"/admin/reviews/page/{t.page.pk}/",
    "link list": lambda t: f"/admin/links/?region={t.region.pk}",
    "correction queue": lambda t: f"/admin/corrections/suggestions/?region={t.region.pk}",
    "one suggestion": lambda t: f"/admin/corrections/suggestions/{t.suggestion.pk}/",
    "people of the region": lambda t: f"/admin/people/?region={t.region.pk}",
}

# Lists, searches and choosers of everything: they answer, but never name Musterland's object.
LISTS: dict[str, str] = {
    "image library": "/admin/images/",
    "image search": f"/admin/images/?q={QUERY}",
    "image chooser": "/admin/images/chooser/",
    "document library": "/admin/documents/",
    "document search": f"/admin/documents/?q={QUERY}",
    "document chooser": "/admin/documents/chooser/",
    "contacts": "/admin/snippets/contacts/contact/",
    "contact search": f"/admin/snippets/contacts/contact/?q={QUERY}",
    "contact chooser": f"/admin/snippets/choose/contacts/contact/?q={QUERY}",
    "calendar feeds": "/admin/calendarfeed/",
    "feedback inbox": "/admin/insights/feedback/",
    "correction queue": "/admin/corrections/suggestions/",
    "page search": f"/admin/pages/search/?q={QUERY}",
}

PEOPLE = ["musterstadt-editor", "musterstadt-manager"]


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize("case", list(CLOSED))
def test_another_regions_object_is_closed(login, theirs, username, case):
    response = login(username).get(CLOSED[case](theirs))
    assert response.status_code in (302, 403, 404), response.status_code
    assert MARK not in response.content.decode()


@pytest.mark.parametrize("username", PEOPLE)
@pytest.mark.parametrize("case", list(LISTS))
def test_lists_never_name_another_regions_object(login, theirs, username, case):
    response = login(username).get(LISTS[case])
    assert response.status_code == 200
    assert MARK not in response.content.decode()


@pytest.mark.parametrize("case", ["contact chooser", "image library", "document library", "calendar feeds"])
def test_the_lists_do_name_it_for_its_own_region(login, theirs, case):
    """The check above would pass on an empty list; the operator sees Musterland's object in the same list."""
    response = login("admin").get(LISTS[case])
    assert MARK in response.content.decode()


def test_changes_by_posting_to_another_regions_objects_are_refused(login, theirs):
    client = login("musterstadt-manager")
    client.post(f"/admin/snippets/contacts/contact/delete/{theirs.contact.pk}/")
    client.post(reverse("calendarfeed:delete", args=[theirs.feed.pk]))
    client.post(f"/admin/images/{theirs.image.pk}/delete/")
    client.post(f"/admin/documents/delete/{theirs.document.pk}/")
    client.post(f"/admin/corrections/suggestions/{theirs.suggestion.pk}/reject/", {"reason": "weg"})
    client.post(f"/admin/pages/{theirs.page.pk}/unpublish/")
    assert Contact.objects.filter(pk=theirs.contact.pk).exists()
    assert CalendarFeed.objects.filter(pk=theirs.feed.pk).exists()
    assert Image.objects.filter(pk=theirs.image.pk).exists()
    assert Document.objects.filter(pk=theirs.document.pk).exists()
    theirs.suggestion.refresh_from_db()
    assert theirs.suggestion.is_open
    theirs.page.refresh_from_db()
    assert theirs.page.live


def test_event_manager_reaches_only_own_regions_events(login, musterstadt, theirs):
    client = login("musterstadt-event-manager")
    own = EventPage.objects.descendant_of(musterstadt).order_by("path").first()
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{theirs.event.pk}/edit/").status_code in (302, 403)
    assert client.get(reverse("calendarfeed:index")).status_code == 200
    assert MARK not in client.get(reverse("calendarfeed:index")).content.decode()
    assert client.get(reverse("calendarfeed:edit", args=[theirs.feed.pk])).status_code == 404


def test_preview_of_another_regions_draft_is_refused(login, theirs):
    client = login("musterstadt-editor")
    response = client.post(f"/admin/pages/{theirs.page.pk}/edit/preview/", {"title": MARK, "slug": "x"})
    assert response.status_code in (302, 403, 404)
    assert MARK not in client.get(f"/admin/pages/{theirs.page.pk}/edit/preview/").content.decode()


def test_arabic_copy_of_another_region_is_not_in_the_chooser(login, theirs):
    html = login("musterstadt-editor").get("/admin/choose-page/search/", {"q": theirs.arabic_page.title}).content
    assert f'data-page-id="{theirs.arabic_page.pk}"'.encode() not in html
    assert f"/admin/pages/{theirs.arabic_page.pk}/".encode() not in html
