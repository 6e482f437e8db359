"""The shapes of Wegweiser's API v1, for its OpenAPI description.

Answers are the published documents as stored (see ``wegweiser.publishing.documents``); these
schemas describe them. Field names follow the Integreat API v3 where both have the field, so a
client can move between the two.
"""

from datetime import date
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator


class Error(Schema):
    error: str = Field(description="What went wrong, in English.")


class Language(Schema):
    id: int
    code: str = Field(description="Wegweiser's language code, e.g. `de`, `de-si` (Leichte Sprache), `ar`.")
    bcp47_tag: str
    native_name: str
    english_name: str
    dir: str = Field(description="`LEFT_TO_RIGHT` or `RIGHT_TO_LEFT`.")


class Coordinates(Schema):
    latitude: float
    longitude: float


class Town(Schema):
    name: str
    postal_code: str
    latitude: float
    longitude: float


class Region(Schema):
    id: int
    name: str = Field(description="Full name with prefix, e.g. “Landkreis Musterland”.")
    path: str = Field(description="The region's slug in URLs.")
    live: bool = Field(description="False for regions reachable by link but not listed.")
    prefix: str
    name_without_prefix: str
    kind: str = Field(description="`city`, `district` or `municipality`.")
    timezone: str
    postal_codes: list[str]
    latitude: float | None
    longitude: float | None
    bounding_box: list[list[float]] = Field(description="`[[lon_min, lat_min], [lon_max, lat_max]]`.")
    aliases: dict[str, Coordinates] = Field(description="Towns inside the region, by name.")
    towns: list[Town]
    events: bool
    pois: bool = Field(description="Whether the region publishes places.")
    news: bool
    push_notifications: bool
    languages: list[Language] = Field(description="Languages offered to newcomers.")
    enabled_languages: list[str] = Field(description="Every language with published content, visible or not.")
    language_tree: dict[str, str | None] = Field(description="Each language and the language it is translated from.")


class PageLink(Schema):
    id: int
    url: str | None
    path: str | None


class Organisation(Schema):
    id: int
    slug: str
    name: str
    logo: str | None
    website: str


class SharedFrom(Schema):
    id: int = Field(description="The id of the other region's page, in the language shown.")
    title: str
    region: str = Field(description="The name of the region whose guide the text comes from.")
    region_path: str
    language: str = Field(description="The language the shared text is shown in.")
    url: str
    path: str


class Page(Schema):
    id: int = Field(description="The id of this language version of the page.")
    url: str = Field(description="The page in the web app.")
    path: str = Field(description="`/<region>/<language>/<page path>/`.")
    title: str
    modified_gmt: str
    last_updated: str = Field(description="ISO 8601 with the region's UTC offset.")
    excerpt: str = Field(description="The text without markup.")
    content: str = Field(description="Sanitised HTML.")
    parent: PageLink = Field(description="`{id: 0, url: null, path: null}` for pages at the top.")
    order: int = Field(description="Position among its siblings, from 0.")
    available_languages: dict[str, PageLink] = Field(description="The same page in the region's other languages.")
    organization: Organisation | None
    hash: str
    external_id: int | None = Field(description="The Integreat id, for imported pages.")
    icon: str | None
    language: str
    fallback_language: str | None = Field(
        None,
        description="Set when the region shows the text in this (source) language because it is not translated "
        "into `language` yet; `content` then starts with a notice in `language`.",
    )
    shared_from: SharedFrom | None = Field(
        None,
        description="Set when the page shows a page of another region live: `content` ends with that page's text, "
        "in `language` where that region translated it, headed by the source's name.",
    )


class ContactPlace(Schema):
    id: int
    title: str
    path: str
    url: str


class Contact(Schema):
    """An office or a person; the fields of Integreat's location ``contacts``, and Wegweiser's."""

    id: int = Field(description="The contact's id, the same in every language.")
    kind: str = Field(description="`office` or `person`.")
    name: str = Field(description="An office's name is translated, a person's is not.")
    area_of_responsibility: str
    email: str | None
    phone_number: str | None = Field(description="As the editor wrote it; dial it as `tel:` in E.164.")
    mobile_number: str | None
    website: str | None
    appointment_url: str | None
    opening_hours: list[dict] | None = Field(
        description="Seven days, Monday first, each "
        "`{allDay, closed, appointmentOnly, timeSlots: [{start, end, timezone}]}`."
    )
    place: ContactPlace | None = Field(description="Where to find the contact, in this language where translated.")
    organization: Organisation | None
    language: str = Field(description="The language of the text: the reader's, or the original's if not translated.")


class TimeSlot(Schema):
    start: str = Field(description="`HH:MM`, local time of the region.")
    end: str = Field(description="`HH:MM`; `00:00` is midnight at the end of the day.")
    timezone: str | None = None


class OpeningDay(Schema):
    allDay: bool  # noqa: N815 (Integreat's name)
    closed: bool
    appointmentOnly: bool  # noqa: N815
    timeSlots: list[TimeSlot]  # noqa: N815


class OpeningException(OpeningDay):
    start: str = Field(description="First day, `YYYY-MM-DD`.")
    end: str = Field(description="Last day, the same as `start` for one day.")
    note: str = Field("", description="e.g. why it is closed; in the language the region writes in.")


class PublicHoliday(Schema):
    date: str = Field(description="`YYYY-MM-DD`.")
    name: str = Field(description="In the reader's language where known (de, en, uk), else in German.")


class PlaceCategory(Schema):
    id: int
    name: str
    color: str = Field(description="`#RRGGBB`.")
    icon: str | None = Field(
        description="`office`, `counselling`, `school`, `health`, `family`, `leisure`, `shopping`, `food`, "
        "`housing`, `work`, `mobility`, `language`, `religion`, `sport`, … (see the editor's list)."
    )
    icon_url: str | None
    icon_color: str


class PlaceLocation(Schema):
    id: int | None
    name: str | None
    address: str | None
    town: str | None
    state: str | None
    postcode: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None


class Place(Page):
    """A place in Integreat's ``locations`` shape, plus what a client needs to tell whether it is open now.

    Open now, in the region's timezone: `temporarily_closed` closes it; else on a date within an
    `opening_exceptions` entry that entry counts; else on one of the `public_holidays`, when
    `closed_on_public_holidays`, it is closed (if it has opening hours at all); else the weekday of
    `opening_hours`. Within a day it is open from a slot's start (inclusive) to its end (exclusive).
    """

    meta_description: str
    website: str | None
    email: str | None
    phone_number: str | None = Field(description="As the editor wrote it; dial it as `tel:` in E.164.")
    contacts: list[Contact]
    category: PlaceCategory | None
    temporarily_closed: bool
    opening_hours: list[OpeningDay] | None = Field(description="Seven days, Monday first; null when not given.")
    opening_exceptions: list[OpeningException] = Field(description="Days with other hours, from today on, in order.")
    closed_on_public_holidays: bool
    public_holidays: list[PublicHoliday] = Field(description="The region's public holidays of the coming year.")
    appointment_url: str | None
    location: PlaceLocation
    barrier_free: bool | None = Field(description="null when not known.")


class PageInTree(Schema):
    id: int
    title: str
    path: str
    icon: str | None
    children: list["PageInTree"]


class EventCategory(Schema):
    id: int = Field(description="The category in this language; `?category=<id>` of the calendar feed.")
    name: str


class ManifestEntry(Schema):
    document: str = Field(description="`pages`, `imprint`, `events`, `places`, `place-categories`, `news`, `contacts`.")
    url: str = Field(description="Where the API serves the document.")
    etag: str
    size: int = Field(description="Bytes uncompressed.")
    gzip_size: int
    brotli_size: int | None
    built_at: str


class Manifest(Schema):
    region: str
    language: str
    documents: list[ManifestEntry]


class FeedbackIn(Schema):
    kind: str = Field(
        "page",
        description="`page`, `region`, `event`, `events`, `place`, `news`, `map`, `imprint`, `search` or `offer`.",
    )
    rating: str = Field("", description="`up`, `down` or empty when only commenting.")
    comment: str = Field("", max_length=5000)
    page_id: int | None = Field(
        None, description="For feedback on a page, event, place, news item or the imprint: its id in this language."
    )
    page_path: str = Field("", description="Or its path, e.g. `/musterstadt/de/events/sprachcafe/`.")
    category: str = ""
    query: str = Field("", description="For feedback on a search: what was searched.")
    website: str = Field(
        "",
        description="Leave empty. A honeypot: forms hide this field from people, so only robots fill it; such "
        "feedback is answered as if accepted (201) but not stored.",
    )


class FeedbackOut(Schema):
    id: int
    received: str


class PushKeys(Schema):
    p256dh: str = Field(max_length=200, description="The browser's P-256 public key, base64url (uncompressed point).")
    auth: str = Field(max_length=100, description="The browser's 16-byte authentication secret, base64url.")


class PushSubscriptionIn(Schema):
    """A browser's ``PushSubscription.toJSON()``."""

    endpoint: str = Field(max_length=1000, description="The push service's URL for this browser.")
    keys: PushKeys


class PushSubscriptionOut(Schema):
    region: str
    language: str


class PushUnsubscribeIn(Schema):
    endpoint: str = Field(max_length=1000)


class PushRenewalIn(PushSubscriptionIn):
    old_endpoint: str = Field(max_length=1000, description="The endpoint the browser had before.")


class PushRenewalOut(Schema):
    moved: int = Field(description="How many regions and languages the new endpoint now follows.")


class SentNotification(Schema):
    id: int
    title: str
    message: str
    path: str = Field(description="The news item in the web app, where tapping the notification leads.")
    text_language: str = Field(description="The language of title and message (a source language if untranslated).")
    sent: str = Field(description="When it was sent, ISO 8601.")


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=500, description="The question or words, in any language.")
    limit: int = Field(10, ge=1, le=50, description="How many results at most.")


class SearchResult(Schema):
    kind: str = Field(..., description="page, event, place or news")
    id: int = Field(..., description="The item's id in the language it is shown in.")
    title: str
    path: str = Field(..., description="Where the web app shows the item to a reader of the requested language.")
    url: str
    language: str = Field(..., description="The language of title and snippet.")
    fallback: bool = Field(
        ..., description="True when the item is not translated into the requested language and is shown in another."
    )
    snippet: str = Field(..., description="A stretch of the text, HTML-escaped, with the matching words in <mark>.")
    score: float


class SearchResults(Schema):
    query: str
    language: str
    did_you_mean: str | None = Field(
        None, description="The question with misspelt words replaced by the region's own words."
    )
    weak: bool = Field(
        ...,
        description="True when the results may not answer the question: nothing was found, or the question asks "
        "about something the region never mentions.",
    )
    results: list[SearchResult]


class ReadView(Schema):
    region: str = Field(max_length=100, description="The region's slug, e.g. `musterstadt`.")
    language: str = Field(max_length=12, description="The language the item was read in.")
    kind: Literal["page", "event", "place", "news"]
    id: int | str = Field(description="The item's `id` as in the published documents (news: `local-123` or 123).")
    day: date = Field(description="The day it was read, in the reader's time zone; at most 7 days back.")

    @field_validator("id", mode="before")
    @classmethod
    def id_as_written(cls, value):
        """A number or a string, as the schema says: pydantic would also take true or false (as 1 or 0)."""
        if isinstance(value, bool):
            raise ValueError("must be a number or a string")
        return value

    @field_validator("day", mode="before")
    @classmethod
    def day_as_written(cls, value):
        """An ISO date, as the schema says: pydantic would also take a number (seconds since 1970)."""
        if not isinstance(value, str | date):
            raise ValueError("must be a date as YYYY-MM-DD")
        return value


class ReadViews(Schema):
    views: list[ReadView] = Field(min_length=1, max_length=200)


class ViewsCounted(Schema):
    counted: int = Field(description="Views of published items, stored to be added up.")
    ignored: int = Field(description="Views of unknown or unpublished items, of other days, or sent by a robot.")


class PrintoutQuery(Schema):
    page: int | None = Field(
        None, ge=1, description="The page to print (its id in this language); without it, the region's whole guide."
    )
    subpages: bool = Field(False, description="Print the page's subpages too (a topic).")


class PrintoutPending(Schema):
    status: str = Field(description="`building` (being made: ask again after `retry_after`) or `failed`.")
    retry_after: int = Field(description="Seconds to wait before asking again (also in the Retry-After header).")
