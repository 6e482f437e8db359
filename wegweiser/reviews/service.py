"""Review cycles: when each topic page, place and contact of a region must next be checked, and recording a check.

The rules, in one place:

- An item is due ``interval`` months after it was last reviewed; the interval is the item's own one if it has one,
  else the region's (``RegionPage.review_interval_months``, 12 by default).
- An item never reviewed counts from its first publication (pages and places) or from when review cycles began to
  track it (contacts: when they were created).
- A topic page's "review by" date (``TopicPage.review_date``, set by editors) is an explicit due date: it counts
  when it is earlier, until a review on or after that day.
- An item is overdue the day after its due date; "due soon" means due within ``DUE_SOON_DAYS`` days.
- A review covers every language of the item (its copies share ``translation_key``). Publishing a change to the
  text in the region's own language counts as a review (unless the editor ticked "minor change"); so does marking
  it reviewed in the admin, a partner organisation confirming it, and accepting a suggested change.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeAlias
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.organisations.models import Organisation
from wegweiser.places.models import PlacePage
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_copies, region_of_page

from .models import Kind, ReviewState, Source

#: A topic page, place (any language copy, generic or specific) or contact.
Item: TypeAlias = Page | Contact

#: The audit log action of a review (shown in the item's history).
REVIEWED = "wegweiser.reviewed"
#: Items due within this many days are "due soon" (the overdue list and the weekly digest show them).
DUE_SOON_DAYS = 30


# --------------------------------------------------------------------------------------------------
# One item
# --------------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` months later (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def due_on(*, last_reviewed: date | None, started: date, interval_months: int, review_by: date | None = None) -> date:
    """When an item must be checked: ``interval_months`` after its last review (or its start), or its "review by"
    date when that is earlier and no review happened on or after it."""
    due = add_months(last_reviewed or started, interval_months)
    if review_by is not None and (last_reviewed is None or review_by > last_reviewed):
        due = min(due, review_by)
    return due


def kind_of(item: Item) -> str:
    """``page``, ``place`` or ``contact``; anything else has no review cycle (``ValueError``)."""
    if isinstance(item, Contact):
        return Kind.CONTACT
    if isinstance(item, Page):
        specific = item.specific_deferred
        if isinstance(specific, TopicPage):
            return Kind.PAGE
        if isinstance(specific, PlacePage):
            return Kind.PLACE
    raise ValueError(f"Only topic pages, places and contacts have review cycles, not {type(item).__name__}.")


def region_of(item: Item) -> RegionPage:
    """The canonical region of a page, place or contact (``ValueError`` for an item outside any region)."""
    region = item.region.canonical if isinstance(item, Contact) else region_of_page(item)
    if region is None:
        raise ValueError(f"“{item}” belongs to no region.")
    return region


def _copies(item: Item):
    model = Contact if isinstance(item, Contact) else Page
    return model.objects.filter(translation_key=item.translation_key)


def started_on(item: Item) -> date | None:
    """Where the count starts for an item never reviewed: its first publication (any language) for pages."""
    if isinstance(item, Contact):
        return None
    first = _copies(item).exclude(first_published_at=None).order_by("first_published_at").first()
    return timezone.localdate(first.first_published_at) if first is not None else None


def state_of(item: Item) -> ReviewState | None:
    return ReviewState.objects.filter(
        region=region_of(item), kind=kind_of(item), translation_key=item.translation_key
    ).first()


def _state_for_update(item: Item) -> ReviewState:
    region, kind = region_of(item), kind_of(item)
    state, _created = ReviewState.objects.select_for_update().get_or_create(
        region=region,
        kind=kind,
        translation_key=item.translation_key,
        defaults={"tracked_since": started_on(item) or timezone.localdate()},
    )
    return state


def mark_reviewed(item: Item, *, user=None, source: str = Source.EDITOR, note: str = "") -> None:
    """Record that ``item`` (all its language copies) was checked today, and log it in the item's history.

    ``source`` says how: ``editor`` (marked in the admin), ``published`` (a change was published), ``partner`` or
    ``verification`` (the organisation confirmed it), ``suggestion`` (a suggested change was accepted). Publishing
    is in the history already, so it is not logged twice.
    """
    if source not in Source.VALUES:
        raise ValueError(f"Unknown review source {source!r}; use one of {', '.join(Source.VALUES)}.")
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        state = _state_for_update(item)
        state.last_reviewed_on = timezone.localdate()
        state.last_reviewed_by = user
        state.last_review_source = source
        state.last_review_note = note.strip()
        state.save()
        if source != Source.PUBLISHED:
            log(item, REVIEWED, user=user, data={"source": source, "note": note.strip()})


def set_interval(item: Item, months: int | None) -> None:
    """Give an item its own review interval in months (``None``: the region's)."""
    if months is not None and not 1 <= months <= 60:
        raise ValueError("A review interval is between 1 and 60 months.")
    with transaction.atomic():
        state = _state_for_update(item)
        state.interval_months = months
        state.save(update_fields=["interval_months"])


def last_reviewed(item: Item) -> date | None:
    state = state_of(item)
    return state.last_reviewed_on if state is not None else None


def review_due(item: Item) -> date:
    """When the item must next be checked (see the module's docstring for the rules)."""
    region = region_of(item)
    state = state_of(item)
    review_by = None
    if not isinstance(item, Contact) and isinstance(item.specific_deferred, TopicPage):
        review_by = _review_by(item)
    return due_on(
        last_reviewed=state.last_reviewed_on if state else None,
        started=_started(state, started_on(item)),
        interval_months=(state.interval_months if state and state.interval_months else None)
        or region.review_interval_months,
        review_by=review_by,
    )


def _review_by(item: Item) -> date | None:
    """The "review by" date of the page in the region's own language (translations may carry an older one)."""
    region = region_of(item)
    rows = dict(
        TopicPage.objects.filter(translation_key=item.translation_key).values_list(
            "locale__language_code", "review_date"
        )
    )
    return rows.get(root_language(region), rows.get(item.locale.language_code))


def _started(state: ReviewState | None, published: date | None) -> date:
    if published is not None:
        return published
    return state.tracked_since if state is not None else timezone.localdate()


def root_language(region: RegionPage) -> str:
    """The language the region writes in (its language tree's root)."""
    from wegweiser.regions.language_tree import LanguageTreeError

    try:
        return region.language_tree().root
    except LanguageTreeError:
        return region.locale.language_code


# --------------------------------------------------------------------------------------------------
# A region's items
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemReview:
    """One item of a region with its review state, as the overdue list, the digest and the dashboard show it."""

    kind: str
    translation_key: UUID
    item_id: int  # the page's or contact's id, in the region's own language where there is one
    title: str
    organisation: Organisation | None
    last_reviewed: date | None
    last_reviewed_by: str
    source: str
    due: date
    interval_months: int
    own_interval: bool
    review_by: date | None = None

    @property
    def kind_label(self) -> str:
        return str(dict(Kind.CHOICES)[self.kind])

    @property
    def source_label(self) -> str:
        return str(dict(Source.CHOICES).get(self.source, ""))

    @property
    def is_overdue(self) -> bool:
        return self.due < timezone.localdate()

    @property
    def due_to_review_by(self) -> bool:
        """Due because of the page's "review by" date rather than its interval."""
        return self.review_by is not None and self.due == self.review_by

    @property
    def edit_url(self) -> str:
        if self.kind == Kind.CONTACT:
            return reverse("wagtailsnippets_contacts_contact:edit", args=[self.item_id])
        return reverse("wagtailadmin_pages:edit", args=[self.item_id])

    @property
    def url_kind(self) -> str:
        """Pages and places are both pages in the admin's URLs."""
        return "contact" if self.kind == Kind.CONTACT else "page"

    @property
    def review_url(self) -> str:
        return reverse("reviews_item", args=[self.url_kind, self.item_id])

    @property
    def mark_url(self) -> str:
        return reverse("reviews_mark", args=[self.url_kind, self.item_id])

    @property
    def ask_url(self) -> str:
        return reverse("reviews_ask", args=[self.url_kind, self.item_id])


def _page_rows(region: RegionPage) -> list[dict]:
    paths = Q(pk__in=[])
    for path in region_copies(region).values_list("path", flat=True):
        paths |= Q(path__startswith=path)
    return list(
        Page.objects.live()
        .type(TopicPage, PlacePage)
        .filter(paths)
        .values(
            "id",
            "title",
            "translation_key",
            "content_type_id",
            "first_published_at",
            "locale__language_code",
            "topicpage__review_date",
            "topicpage__organisation_id",
            "placepage__organisation_id",
        )
        .order_by("pk")
    )


def _representatives(rows: Iterable[dict], language: str) -> dict[UUID, dict]:
    """One row per item: the copy in the region's own language, else the first one; with the earliest publication."""
    chosen: dict[UUID, dict] = {}
    for row in rows:
        key = row["translation_key"]
        first = row.get("first_published_at")
        if key not in chosen or (
            row["locale__language_code"] == language and chosen[key]["locale__language_code"] != language
        ):
            earliest = chosen[key]["earliest"] if key in chosen else first
            chosen[key] = {**row, "earliest": earliest}
        if first is not None and (chosen[key]["earliest"] is None or first < chosen[key]["earliest"]):
            chosen[key]["earliest"] = first
    return chosen


def region_reviews(region: RegionPage) -> list[ItemReview]:
    """Every live topic page and place and every contact of the region, with its review state, by due date."""
    from django.contrib.contenttypes.models import ContentType

    region = region.canonical
    today = timezone.localdate()
    language = root_language(region)
    states = {
        (state.kind, state.translation_key): state
        for state in ReviewState.objects.filter(region=region).select_related("last_reviewed_by")
    }
    place_type = ContentType.objects.get_for_model(PlacePage).pk
    pages = _representatives(_page_rows(region), language)
    contacts = _representatives(
        Contact.objects.filter(region__translation_key=region.translation_key)
        .values("id", "name", "translation_key", "organisation_id", "locale__language_code")
        .order_by("pk"),
        language,
    )
    organisation_ids = {
        row["topicpage__organisation_id"] or row["placepage__organisation_id"] for row in pages.values()
    }
    organisation_ids |= {row["organisation_id"] for row in contacts.values()}
    organisations = Organisation.objects.in_bulk([pk for pk in organisation_ids if pk])

    def review(kind: str, row: dict, title: str, organisation_id: int | None, review_by: date | None) -> ItemReview:
        state = states.get((kind, row["translation_key"]))
        published = timezone.localdate(row["earliest"]) if row.get("earliest") else None
        own = state.interval_months if state is not None else None
        interval = own or region.review_interval_months
        last = state.last_reviewed_on if state is not None else None
        by = state.last_reviewed_by if state is not None else None
        return ItemReview(
            kind=kind,
            translation_key=row["translation_key"],
            item_id=row["id"],
            title=title,
            organisation=organisations.get(organisation_id) if organisation_id else None,
            last_reviewed=last,
            last_reviewed_by=(by.get_full_name() or by.get_username()) if by is not None else "",
            source=state.last_review_source if state is not None else "",
            due=due_on(
                last_reviewed=last,
                started=published or (state.tracked_since if state is not None else today),
                interval_months=interval,
                review_by=review_by,
            ),
            interval_months=interval,
            own_interval=bool(own),
            review_by=review_by,
        )

    found = [
        review(
            Kind.PLACE if row["content_type_id"] == place_type else Kind.PAGE,
            row,
            row["title"],
            row["topicpage__organisation_id"] or row["placepage__organisation_id"],
            row["topicpage__review_date"],
        )
        for row in pages.values()
    ]
    found += [review(Kind.CONTACT, row, row["name"], row["organisation_id"], None) for row in contacts.values()]
    return sorted(found, key=lambda entry: (entry.due, entry.title.casefold()))


def due_for_review(region: RegionPage, within_days: int = DUE_SOON_DAYS) -> list[ItemReview]:
    """The region's items that are overdue or due within ``within_days`` days, the most overdue first."""
    until = timezone.localdate() + timedelta(days=within_days)
    return [entry for entry in region_reviews(region) if entry.due <= until]


def overdue(region: RegionPage) -> list[ItemReview]:
    return [entry for entry in region_reviews(region) if entry.is_overdue]


def item_by_kind(kind: str, pk: int) -> Item | None:
    """The page (``page``, a topic page or place) or contact (``contact``) an admin URL names, or None."""
    if kind == "contact":
        return Contact.objects.filter(pk=pk).select_related("region").first()
    if kind == "page":
        page = Page.objects.filter(pk=pk).first()
        if page is not None and isinstance(page.specific_deferred, (TopicPage, PlacePage)):
            return page.specific
    return None


def summary(last: date | None, due: date) -> str:
    """An item's review state in a few words, as the edit view's action menu shows it."""
    if last is None:
        return _("Review due on %(due)s (never reviewed)") % {"due": _date(due)}
    return _("Review due on %(due)s (last reviewed on %(last)s)") % {"due": _date(due), "last": _date(last)}


def _date(day: date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")
