"""Finding the web addresses, phone numbers and e-mail addresses in a region's content, and where each is used.

What counts: ``<a href>`` links in every rich text field (external ``http(s)``, ``tel:`` and ``mailto:``; links
to pages and documents are Wagtail's own and cannot break), URL and e-mail fields, and phone fields (``phone``,
``mobile``) — of every live page in the region, in every language (the page's row holds its live version), of
contacts (their details are the same in every language, so they are read from the original copy) and of
organisations. Each item's uses are replaced whenever it is found again; an unpublished or deleted item has none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit, urlunsplit

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from wagtail.fields import RichTextField
from wagtail.models import Page

from wegweiser.contacts.models import Contact
from wegweiser.content.validators import DEFAULT_PHONE_REGION, parse_phone, phone_link
from wegweiser.organisations.models import Organisation
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_copies, region_of_page

from .models import EMAIL, PHONE, URL, Link, LinkUse

logger = logging.getLogger(__name__)

#: Fields holding a phone number (plain text fields, so they are known by name).
PHONE_FIELDS = ("phone", "mobile")
_PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}
#: The EU's harmonised numbers for services of social value (116 000 – 116 999), the same in every member state.
_EU_SERVICE = re.compile(r"116\d{3}")
_SEPARATORS = re.compile(r"[\s/().-]")


@dataclass(frozen=True)
class Found:
    """One link in one field of an item."""

    kind: str
    address: str
    field: str


# Normalising ---------------------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The address as stored and compared: no surrounding space, scheme and host in lower case, no fragment
    (``#part`` never reaches the server, so two addresses differing only there are checked once)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" not in netloc:
        netloc = netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or ("/" if netloc else ""), parts.query, ""))


def normalise_phone(number: str) -> str:
    """E.164 (``+49711123456``) for a valid number; otherwise as written, without spaces and separators (``116 117``
    → ``116117``), so that a short number is one link however it is grouped."""
    link = phone_link(number.strip())
    return link.removeprefix("tel:") if link else _SEPARATORS.sub("", number)


def normalise_email(address: str) -> str:
    local, at, domain = address.strip().partition("@")
    return f"{local}{at}{domain.lower()}"


def is_valid_phone(address: str) -> bool:
    """A number that can be dialled: a valid phone number (``validate_phone_number``'s rule), or a short number
    valid in Germany (110, 112, 116117) or of the EU's harmonised services (116 xxx, e.g. 116016)."""
    if parse_phone(address) is not None:
        return True
    digits = _SEPARATORS.sub("", address)
    if _EU_SERVICE.fullmatch(digits):
        return True
    try:
        number = phonenumbers.parse(digits, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_short_number_for_region(number, DEFAULT_PHONE_REGION)


def is_valid_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def from_href(href: str) -> tuple[str, str] | None:
    """The kind and normalised address of a link's target, or None for one that is not ours to check."""
    href = href.strip()
    scheme = href.partition(":")[0].lower()
    if scheme in ("http", "https"):
        return URL, normalise_url(href)
    if scheme == "tel":
        return PHONE, normalise_phone(unquote(href[4:]))
    if scheme == "mailto":
        return EMAIL, normalise_email(unquote(href[7:].partition("?")[0]))
    return None


# Reading items -------------------------------------------------------------------------------------


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            values = dict(attrs)
            if values.get("href") and not values.get("linktype"):
                self.hrefs.append(values["href"])


def hrefs_in_rich_text(html: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(html or "")
    parser.close()
    return parser.hrefs


def link_fields(model: type[models.Model]) -> Iterator[tuple[str, str]]:
    """The fields of a model that can hold links, with what they hold: ``rich``, ``url``, ``email`` or ``phone``.
    A page's own fields only (Wagtail's page fields hold none)."""
    for field in model._meta.concrete_fields:
        if issubclass(model, Page) and field.name in _PAGE_FIELDS:
            continue
        if isinstance(field, RichTextField):
            yield field.name, "rich"
        elif isinstance(field, models.URLField):
            yield field.name, "url"
        elif isinstance(field, models.EmailField):
            yield field.name, "email"
        elif field.name in PHONE_FIELDS and isinstance(field, models.CharField):
            yield field.name, "phone"


def found_in(item: models.Model) -> list[Found]:
    """Every link in the item's fields, in the order they come."""
    found: list[Found] = []
    for name, holds in link_fields(type(item)):
        value = getattr(item, name) or ""
        if not value:
            continue
        if holds == "rich":
            for href in hrefs_in_rich_text(value):
                target = from_href(href)
                if target is not None:
                    found.append(Found(target[0], target[1], name))
        elif holds == "url":
            found.append(Found(URL, normalise_url(value), name))
        elif holds == "email":
            found.append(Found(EMAIL, normalise_email(value), name))
        else:
            found.append(Found(PHONE, normalise_phone(value), name))
    return list(dict.fromkeys(found))


# Storing -------------------------------------------------------------------------------------------


def link_for(kind: str, address: str) -> Link:
    """The stored link, created on first sight; phone numbers and e-mail addresses are checked right away, web
    addresses by the periodic check."""
    link, created = Link.objects.get_or_create(kind=kind, address=address[:2000])
    if created and kind != URL:
        from .checking import check_format

        check_format(link)
    elif created:
        from .tasks import ensure_link_check_scheduled

        transaction.on_commit(ensure_link_check_scheduled)  # the periodic check starts with the first web address
    return link


def _store(region: RegionPage | None, owner: dict, language: str, found: Iterable[Found]) -> None:
    with transaction.atomic():
        LinkUse.objects.filter(**owner).delete()
        if region is None:
            return
        LinkUse.objects.bulk_create(
            LinkUse(link=link_for(each.kind, each.address), region=region, language=language, field=each.field, **owner)
            for each in found
        )


def find_in_page(page: Page, region: RegionPage | None = None) -> None:
    """Record the links of the page's live version (none when it is not live or outside any region)."""
    if type(page) is Page:
        page = page.specific
    region = region or region_of_page(page)
    if not page.live or region is None:
        forget_page(page)
        return
    language = page.locale.language_code if page.locale_id else ""
    _store(region, {"page_id": page.pk}, language, found_in(page))


def forget_page(page: Page) -> None:
    LinkUse.objects.filter(page_id=page.pk).delete()


def find_in_contact(contact: Contact) -> None:
    """Record the links of a contact: its details, read from the original, shown in every language."""
    original = contact.original()
    if original is None:
        return
    LinkUse.objects.filter(contact__translation_key=contact.translation_key).exclude(contact=original).delete()
    _store(original.region.canonical, {"contact_id": original.pk}, original.locale.language_code, found_in(original))


def find_in_organisation(organisation: Organisation) -> None:
    _store(organisation.region.canonical, {"organisation_id": organisation.pk}, "", found_in(organisation))


def find_in_region(region: RegionPage) -> int:
    """A full pass over the region's content (``manage.py find_links``); returns how many places of use it found."""
    region = region.canonical
    roots = list(region_copies(region))
    seen_pages = []
    for root in roots:
        for page in Page.objects.descendant_of(root, inclusive=True).live().specific():
            find_in_page(page, region)
            seen_pages.append(page.pk)
    LinkUse.objects.filter(region=region, page__isnull=False).exclude(page_id__in=seen_pages).delete()
    originals: dict[object, Contact] = {}
    for contact in Contact.objects.filter(region=region).order_by("pk"):
        originals.setdefault(contact.translation_key, contact)
    for contact in originals.values():
        find_in_contact(contact)
    for organisation in Organisation.objects.filter(region=region):
        find_in_organisation(organisation)
    forget_unused()
    return LinkUse.objects.filter(region=region).count()


def forget_unused() -> int:
    """Delete links used nowhere any more; returns how many."""
    deleted, _details = Link.objects.filter(uses__isnull=True).delete()
    return deleted
