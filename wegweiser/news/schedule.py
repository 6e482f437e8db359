"""Wagtail's schedule, run for news: what is due goes live, what is over expires into the archive.

Editors set a go-live and an expiry date in Wagtail's "Set schedule" dialog; Wagtail's ``publish_scheduled``
publishes and expires (with ``expired=True``, which puts the item into the archive, see ``documents.py``)
and sends the usual signals, so snapshots are rebuilt and subscribers notified as on any publication.
An item is one piece of news in all languages: when the original (in the region's root language) expires,
its translations expire with it.
"""

import io
from dataclasses import asdict, dataclass

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from wegweiser.regions.tenancy import region_of_page

from .models import NewsPage


@dataclass
class ScheduleReport:
    published: int = 0
    expired: int = 0
    deliveries_retried: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return f"{self.published} published, {self.expired} expired, {self.deliveries_retried} push deliveries retried"


def run_schedule() -> ScheduleReport:
    """Publish the revisions whose time has come, expire the pages (all kinds) whose expiry date passed and the
    translations of expired news, and retry the push deliveries whose wait is over."""
    from wegweiser.notifications.sending import retry_due_deliveries

    now = timezone.now()
    report = ScheduleReport(
        published=Revision.objects.filter(approved_go_live_at__lt=now).count(),
        expired=Page.objects.filter(live=True, expire_at__lt=now).count(),
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    report.expired += expire_translations()  # those published after their original expired
    report.deliveries_retried = retry_due_deliveries()
    return report


def is_original(page: NewsPage) -> bool:
    region = region_of_page(page)
    return region is not None and page.locale.language_code == region.language_tree().root


def expire_translations(translation_keys: set | None = None) -> int:
    """Expire the live translations of news items whose original expired (also one published after that);
    ``translation_keys`` limits it to some items. Each gets the original's expiry date, for the archive."""
    expired = NewsPage.objects.filter(live=False, expired=True)
    if translation_keys is not None:
        expired = expired.filter(translation_key__in=translation_keys)
    count = 0
    for version in NewsPage.objects.live().filter(translation_key__in=expired.values("translation_key")):
        region = region_of_page(version)
        if region is None:
            continue
        original = expired.filter(
            translation_key=version.translation_key, locale__language_code=region.language_tree().root
        ).first()
        if original is None:
            continue
        version.expire_at = original.expire_at
        version.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        count += 1
    return count
