"""Replacing a web address everywhere a region uses it, in one action (e.g. after the Jobcenter moved its website).

Every place of use changes: links in rich text and URL fields. A page whose live version is also its newest
(no unpublished draft) gets a new revision that is published at once; a page with a newer draft, in a workflow, or
that the editor may not publish gets the change in a new draft revision instead, so that nothing anybody wrote is
lost or published unseen. Contacts and organisations are saved. Each change is in Wagtail's audit log (the
revision's own entries, plus "Link replaced" with the old and new address), and the stored links follow through
the usual signals. The change counts as minor: translations do not become outdated because of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permissions import policy_registry

from wegweiser.regions.models import RegionPage

from .finding import from_href, link_fields, normalise_url
from .models import URL, Link, LinkUse

LOG_ACTION = "wegweiser.links.replace"
#: The longest address every field can hold (Django's URL fields hold 200 characters).
MAX_LENGTH = 200
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')
_is_url = URLValidator(schemes=["http", "https"])


@dataclass
class Outcome:
    """What a replacement did, counted by what happened to each item."""

    published: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.published) + len(self.drafts) + len(self.saved)


def clean_new_url(link: Link, value: str) -> str:
    """The new address, normalised; a ``ValidationError`` with a message for the editor when it cannot be used."""
    if link.kind != Link.Kind.URL:
        raise ValidationError(_("Only web addresses can be replaced everywhere."))
    value = (value or "").strip()
    try:
        _is_url(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a complete web address starting with http:// or https://, e.g. https://www.example.org/page.")
        ) from None
    new = normalise_url(value)
    if len(new) > MAX_LENGTH:
        raise ValidationError(_("The address is longer than %(max)s characters.") % {"max": MAX_LENGTH})
    if new == link.address:
        raise ValidationError(_("The new address is the same as the old one."))
    return new


def places_of(link: Link, region: RegionPage) -> models.QuerySet[LinkUse]:
    """Where the region uses the link, pages first."""
    return (
        LinkUse.objects.filter(link=link, region=region.canonical)
        .select_related("page", "page__locale", "contact", "organisation")
        .order_by("page__title", "contact__name", "organisation__name", "language", "field")
    )


def replace_in_rich_text(html: str, old: str, new: str) -> str:
    def swap(match: re.Match) -> str:
        if from_href(unescape(match.group(2))) == (URL, old):
            return f"{match.group(1)}{escape(new)}{match.group(3)}"
        return match.group(0)

    return _HREF.sub(swap, html)


def replace_in_item(item: models.Model, old: str, new: str) -> bool:
    """Change every use of ``old`` in the item's fields (not saved); whether anything changed."""
    changed = False
    for name, holds in link_fields(type(item)):
        value = getattr(item, name) or ""
        if holds == "rich":
            replaced = replace_in_rich_text(value, old, new)
        elif holds == "url" and value and normalise_url(value) == old:
            replaced = new
        else:
            continue
        if replaced != value:
            setattr(item, name, replaced)
            changed = True
    return changed


def may_change(user, use: LinkUse) -> bool:
    if use.page is not None:
        return use.page.specific_deferred.permissions_for_user(user).can_edit()  # the page type's own rules
    item = use.item
    return policy_registry.get_by_type(type(item)).user_has_permission_for_instance(user, "change", item)


def replace_in_page(page: Page, old: str, new: str, user) -> str:
    """``published``, ``draft`` (the change waits in a draft) or ``""`` when the newest version no longer has it."""
    page = page.specific
    publish = (
        page.live
        and not page.has_unpublished_changes
        and not page.workflow_in_progress
        and page.permissions_for_user(user).can_publish()
    )
    target = page if publish else page.get_latest_revision_as_object()
    if not replace_in_item(target, old, new):
        return ""
    target.minor_change = True  # the same change in every language: no translation becomes outdated by it
    revision = target.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    log(page, LOG_ACTION, user=user, data={"old": old, "new": new, "published": publish})
    return "published" if publish else "draft"


@transaction.atomic
def replace_everywhere(link: Link, new: str, region: RegionPage, user) -> Outcome:
    """Replace the link by ``new`` (from ``clean_new_url``) wherever the region uses it.

    Raises ``PermissionDenied`` (and changes nothing) if the user may not change one of the places."""
    uses = list(places_of(link, region))
    refused = [use for use in uses if not may_change(user, use)]
    if refused:
        raise PermissionDenied(_("You may not change “%(item)s”; nothing was replaced.") % {"item": refused[0].item})
    outcome = Outcome()
    done: set[tuple[str, int]] = set()
    for use in uses:
        item = use.item
        key = (type(item).__name__, item.pk)
        if key in done:
            continue
        done.add(key)
        if use.page is not None:
            done_as = replace_in_page(use.page, link.address, new, user)
            if done_as:
                (outcome.published if done_as == "published" else outcome.drafts).append(use.page.title)
        elif replace_in_item(item, link.address, new):
            item.save()
            log(item, LOG_ACTION, user=user, data={"old": link.address, "new": new})
            outcome.saved.append(str(item))
    return outcome
