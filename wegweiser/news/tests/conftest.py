"""Helpers of the news tests: news lists and items of a region, their translations, and the published documents."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from wegweiser.news.models import NewsIndexPage, NewsPage
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import region_key
from wegweiser.regions.models import RegionPage


def copy_in(page: Page, language: str) -> Page:
    return Page.objects.get(translation_key=page.translation_key, locale__language_code=language).specific


def news_list(region: RegionPage, language: str = "de") -> NewsIndexPage:
    """The region's list of news in a language; made (and published) where the demo has none."""
    root = copy_in(region, language)
    found = NewsIndexPage.objects.child_of(root).first()
    if found is not None:
        return found
    if language == "de":
        made = root.add_child(instance=NewsIndexPage(title="Aktuelles", slug="aktuelles"))
    else:
        made = news_list(region).copy_for_translation(Locale.objects.get(language_code=language), alias=False)
    made.save_revision().publish()
    return made


def add_news(region: RegionPage, title: str, sent_to: tuple[RegionPage, ...] = (), **fields) -> NewsPage:
    """A published news item of the region, in German."""
    item = NewsPage(title=title, slug=title.lower().replace(" ", "-")[:40], body=f"<p>{title}.</p>", **fields)
    item.also_in_regions = list(sent_to)
    news_list(region).add_child(instance=item)
    item.save_revision().publish()
    return NewsPage.objects.get(pk=item.pk)  # as published (publishing works on a copy from the revision)


def translate(page: NewsPage, language: str, title: str) -> NewsPage:
    """The item's copy in another language (as wagtail-localize makes it), published."""
    news_list(page.get_parent().get_parent().specific, language)
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=False, alias=False)
    copy.title = title
    copy.save_revision().publish()
    return NewsPage.objects.get(pk=copy.pk)


def published(region: RegionPage, language: str, document: str) -> list[dict]:
    found = get_document(region_key(region.id, language, document))
    return found.data if found is not None else []


def by_title(items: list[dict]) -> dict[str, dict]:
    return {item["title"]: item for item in items}


def soon(**delta) -> datetime:
    return timezone.now() + timedelta(**delta)


def expire_now(item: NewsPage, on_commit) -> None:
    """Its expiry date passes, and the schedule runs."""
    from wegweiser.news.tasks import run_news_schedule

    Page.objects.filter(pk=item.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    with on_commit():
        run_news_schedule.call()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what publishing leaves for after the commit (snapshot rebuilds), as a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
