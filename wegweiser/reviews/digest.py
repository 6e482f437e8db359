"""The weekly digest: one e-mail to each responsible person of a region about what needs their attention.

Responsible are the members of the region's manager and editor groups who have an e-mail address. The digest lists
the items overdue for review and those due within 30 days, and counts the suggested changes waiting in the queue
and the broken links, each with a link into the admin. Each person gets it in their admin language (their Wagtail
profile's, else the installation's). Nobody gets a digest when there is nothing to do.

Where the region asks organisations automatically (``RegionPage.ask_organisations_automatically``), the weekly run
first sends a verification request for each overdue item whose organisation has an e-mail address and no request
open; the digest then says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegweiser.regions.models import RegionPage, RegionRole

from . import asking
from .service import DUE_SOON_DAYS, ItemReview, due_for_review

logger = logging.getLogger(__name__)

#: At most this many items of each list are written into the e-mail; the rest are in the admin's list.
LISTED = 25
#: The roles whose members get the digest.
RESPONSIBLE_ROLES = (RegionRole.Role.MANAGER, RegionRole.Role.EDITOR)


@dataclass
class Digest:
    """What needs attention in one region this week."""

    region: RegionPage
    overdue: list[ItemReview] = field(default_factory=list)
    due_soon: list[ItemReview] = field(default_factory=list)
    open_suggestions: int = 0
    broken_links: int = 0
    asked: list[ItemReview] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.open_suggestions or self.broken_links or self.asked)


def _count(module: str, function: str, region: RegionPage) -> int:
    """A count from another part of the guide (suggestions, links); 0 where it is not available."""
    from importlib import import_module

    try:
        counter = getattr(import_module(module), function)
    except (ImportError, AttributeError):
        return 0
    return counter(region)


def digest_for(region: RegionPage) -> Digest:
    entries = due_for_review(region)
    return Digest(
        region=region,
        overdue=[entry for entry in entries if entry.is_overdue],
        due_soon=[entry for entry in entries if not entry.is_overdue],
        open_suggestions=_count("wegweiser.corrections.service", "open_suggestion_count", region),
        broken_links=_count("wegweiser.links.service", "broken_link_count", region),
    )


def ask_organisations(digest: Digest) -> None:
    """Send a verification request for every overdue item whose organisation can be asked (region switch)."""
    if not digest.region.ask_organisations_automatically:
        return
    for entry in digest.overdue:
        item = asking.load_item(entry)
        if not asking.state(entry, item).possible:
            continue
        try:
            asking.ask(item, entry)
        except ValueError as error:  # e.g. an address the mail server refuses: the digest still goes out
            logger.warning("Could not ask about %s %s: %s", entry.kind, entry.item_id, error)
        else:
            digest.asked.append(entry)


def recipients(region: RegionPage) -> list:
    """The region's managers and editors with an e-mail address, each once."""
    groups = RegionRole.objects.filter(region=region.canonical, role__in=RESPONSIBLE_ROLES).values("group")
    return list(
        get_user_model()
        .objects.filter(groups__in=groups, is_active=True)
        .exclude(email="")
        .select_related("wagtail_userprofile")
        .distinct()
        .order_by("pk")
    )


def language_of(user) -> str:
    """The user's admin language (Wagtail's profile), else the installation's."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.preferred_language if profile is not None else "") or settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _admin_list(name: str, region: RegionPage) -> str:
    try:
        return absolute(f"{reverse(name)}?region={region.pk}")
    except NoReverseMatch:
        return ""


def _entry_lines(entry: ItemReview) -> list[str]:
    details = [entry.kind_label]
    if entry.organisation is not None:
        details.append(entry.organisation.name)
    details.append(_("due on %(date)s") % {"date": date_format(entry.due, "SHORT_DATE_FORMAT")})
    if entry.last_reviewed:
        details.append(_("last reviewed on %(date)s") % {"date": date_format(entry.last_reviewed, "SHORT_DATE_FORMAT")})
    else:
        details.append(_("never reviewed"))
    return [f"- {entry.title} ({', '.join(details)})", f"  {absolute(entry.review_url)}"]


def _section(heading: str, entries: list[ItemReview], list_url: str) -> list[str]:
    lines = [heading, ""]
    for entry in entries[:LISTED]:
        lines.extend(_entry_lines(entry))
    if len(entries) > LISTED:
        more = len(entries) - LISTED
        lines.append(
            ngettext("… and %(count)s more: %(url)s", "… and %(count)s more: %(url)s", more)
            % {"count": more, "url": list_url}
        )
    return [*lines, ""]


def compose(digest: Digest, language: str) -> tuple[str, str]:
    """The digest's subject and text in ``language``."""
    region = digest.region
    with translation.override(language):
        reviews_url = _admin_list("reviews_list", region)
        subject = _("What needs attention in the guide of %(region)s") % {"region": region.full_name}
        lines = [
            _("Hello,"),
            "",
            _("this is the weekly overview of the guide of %(region)s.") % {"region": region.full_name},
            "",
        ]
        if digest.overdue:
            heading = ngettext(
                "%(count)s item is overdue for review:", "%(count)s items are overdue for review:", len(digest.overdue)
            ) % {"count": len(digest.overdue)}
            lines += _section(heading, digest.overdue, f"{reviews_url}&show=overdue")
        if digest.due_soon:
            heading = ngettext(
                "%(count)s item is due for review within %(days)s days:",
                "%(count)s items are due for review within %(days)s days:",
                len(digest.due_soon),
            ) % {"count": len(digest.due_soon), "days": DUE_SOON_DAYS}
            lines += _section(heading, digest.due_soon, reviews_url)
        if digest.asked:
            heading = ngettext(
                "Their organisation was asked to confirm %(count)s overdue item:",
                "Their organisations were asked to confirm %(count)s overdue items:",
                len(digest.asked),
            ) % {"count": len(digest.asked)}
            lines += [heading, ""] + [f"- {entry.title} ({entry.organisation})" for entry in digest.asked] + [""]
        if digest.open_suggestions:
            lines += [
                ngettext(
                    "%(count)s suggested change is waiting for your decision:",
                    "%(count)s suggested changes are waiting for your decision:",
                    digest.open_suggestions,
                )
                % {"count": digest.open_suggestions},
                f"  {_admin_list('corrections_queue', region) or reviews_url}",
                "",
            ]
        if digest.broken_links:
            lines += [
                ngettext(
                    "%(count)s link, phone number or e-mail address is broken:",
                    "%(count)s links, phone numbers or e-mail addresses are broken:",
                    digest.broken_links,
                )
                % {"count": digest.broken_links},
                f"  {_admin_list('links_list', region) or reviews_url}",
                "",
            ]
        lines += [
            _("All reviews: %(url)s") % {"url": reviews_url},
            "",
            _("You get this e-mail as a manager or editor of the region."),
        ]
    return subject, "\n".join(lines) + "\n"


def send_digest(region: RegionPage, *, ask: bool = True) -> tuple[Digest, int]:
    """Send the region's digest to its responsible people; returns the digest and how many e-mails were sent."""
    digest = digest_for(region)
    if ask:
        ask_organisations(digest)
    if digest.is_empty:
        return digest, 0
    sent = 0
    for user in recipients(region):
        subject, body = compose(digest, language_of(user))
        sent += send_mail(subject, body, None, [user.email])
    return digest, sent


def regions_with_digest():
    """Every region that is not archived, in its canonical copy."""
    from wegweiser.regions.languages import DEFAULT_LANGUAGE

    return (
        RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
        .exclude(status=RegionPage.Status.ARCHIVED)
        .order_by("slug")
    )
