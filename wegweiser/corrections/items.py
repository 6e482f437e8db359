"""What corrections need to know about the items they are about: topic pages, places, contacts (and, for newcomer
reports, events and news items).

One table, ``EDITABLE``, says which fields a partner organisation may propose a change to; everything else here
reads an item (its region, its current values as text, who to ask) or writes accepted values back to it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Model
from django.utils.dates import WEEKDAYS
from wagtail.fields import RichTextField
from wagtail.models import Page

from wegweiser.contacts.models import DETAILS as CONTACT_DETAILS
from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.places.models import PlacePage
from wegweiser.places.opening import day_text
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

#: The fields of each kind of item a partner may propose new values for, in the order a form shows them.
EDITABLE: dict[type[Model], tuple[str, ...]] = {
    TopicPage: ("title", "body"),
    PlacePage: ("title", "address", "postcode", "town", "phone", "email", "website", "appointment_url"),
    Contact: ("name", "area", "phone", "mobile", "email", "website", "appointment_url"),
}
#: Kinds of items a verification request can be about.
VERIFIABLE = tuple(EDITABLE)


def editable_fields(item: Model) -> tuple[str, ...]:
    """The fields a suggestion may change on this item (none for events, news and other pages)."""
    return EDITABLE.get(type(item), ())


def model_field(item: Model, name: str) -> models.Field:
    return item._meta.get_field(name)


def is_rich_text(item: Model, name: str) -> bool:
    return isinstance(model_field(item, name), RichTextField)


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(rich_text: str) -> str:
    """Rich text as the words a reader sees, one paragraph (heading, list item) a line."""
    text = _BLOCK_END.sub("\n", rich_text or "")
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def current_value(item: Model, name: str) -> str:
    """A field's value as text, the way a partner sees and edits it (rich text as plain text)."""
    value = getattr(item, name)
    if value is None:
        return ""
    return plain_text(value) if is_rich_text(item, name) else str(value)


def field_label(item: Model, name: str) -> str:
    return str(model_field(item, name).verbose_name).capitalize()


def region_of(item: Model) -> RegionPage | None:
    """The canonical region an item belongs to, or None for an item outside any region."""
    if isinstance(item, Page):
        return region_of_page(item)
    region = getattr(item, "region", None)
    return region.canonical if region is not None else None


def kind_label(item: Model) -> str:
    return str(item._meta.verbose_name)


def item_title(item: Model) -> str:
    return str(getattr(item, "title", None) or item)


@dataclass
class Detail:
    """One line of what an item says, for the partner's page and the e-mail."""

    label: str
    value: str


def details(item: Model) -> list[Detail]:
    """What the item currently says, as a partner organisation checks it."""
    shown: list[Detail] = [Detail(field_label(item, name), current_value(item, name)) for name in editable_fields(item)]
    hours = getattr(item, "opening_hours", None)
    if hours:
        week = "\n".join(f"{WEEKDAYS[number]}: {day_text(day)}" for number, day in enumerate(hours[:7]))
        shown.append(Detail(field_label(item, "opening_hours"), week))
    return [detail for detail in shown if detail.value]


def default_recipient(item: Model) -> str:
    """Whom to ask about an item: its organisation's address for verification requests, else the item's own."""
    organisation = getattr(item, "organisation", None)
    address = str(getattr(organisation, "email", None) or "") if organisation is not None else ""
    return address or str(getattr(item, "email", None) or "")


def apply_changes(item: Model, changes: dict[str, Any], user) -> str:
    """Write accepted values to the item; returns how: "published", "submitted" (to the workflow), "saved".

    Rich-text fields are not overwritten (the partner proposed plain text; links and formatting would be lost):
    the editor carries such a change over in the editor. A page gets a new revision, published if the user may
    publish, else saved as a draft and submitted to its workflow. A contact is saved; details that are the same
    in every language (phone, e-mail …) go to its original copy, which passes them on to the translations.
    """
    plain = {name: value for name, value in changes.items() if not is_rich_text(item, name)}
    if not plain:
        return ""
    if isinstance(item, Page):
        return _apply_to_page(item, plain, user)
    if isinstance(item, Contact):
        _apply_to_contact(item, plain)
        return "saved"
    raise ValueError(f"{kind_label(item)} cannot take changes.")


def _apply_to_page(page: Page, changes: dict[str, Any], user) -> str:
    latest = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(latest, name, value)
    revision = latest.save_revision(user=user, log_action=True)
    if latest.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        return "published"
    workflow = latest.get_workflow()
    if workflow is not None and not latest.workflow_in_progress:
        workflow.start(latest, user)
        return "submitted"
    return "saved"


def _apply_to_contact(contact: Contact, changes: dict[str, Any]) -> None:
    original = contact.original() or contact
    for name, value in changes.items():
        target = original if name in CONTACT_DETAILS else contact
        setattr(target, name, value)
    original.save()
    if original.pk != contact.pk:
        contact.refresh_from_db(fields=[name for name in CONTACT_DETAILS if name in changes] or None)
        for name, value in changes.items():
            if name not in CONTACT_DETAILS:
                setattr(contact, name, value)
        contact.save()
