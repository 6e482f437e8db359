"""News as readers get them, in Integreat's ``news`` shape, newest first.

A region's news are its own items and those the regions it shows news of (``RegionPage.news_from``, e.g.
a town its district) sent to it (``NewsPage.also_in_regions``); received items carry ``source_region``
and have their path under the receiving region. ``news`` holds the live items; ``news-archive`` those
whose expiry date passed in the last twelve months, with ``archived`` and ``expired_at``. Items an editor
unpublished are in neither.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from wegweiser.publishing.documents import (
    RegionInLanguage,
    listed_below,
    other_languages,
    page_data,
    routed,
    with_fallbacks,
)

from .models import NewsPage
from .sharing import sending_regions

#: The archive holds the items that expired this long ago at most.
ARCHIVE_DAYS = 365
_NEVER = datetime.min.replace(tzinfo=UTC)


def news_id(page_id: int) -> str:
    return f"local-{page_id}"


def current_news() -> QuerySet[NewsPage]:
    return NewsPage.objects.live().exclude(expire_at__lte=timezone.now())


def archived_news() -> QuerySet[NewsPage]:
    """Items Wagtail unpublished because their expiry date passed (``expired``), not those an editor unpublished."""
    return NewsPage.objects.filter(
        live=False, expired=True, expire_at__gte=timezone.now() - timedelta(days=ARCHIVE_DAYS)
    )


def build_news(scope: RegionInLanguage) -> list[dict] | None:
    return build_list(scope, current_news())


def build_news_archive(scope: RegionInLanguage) -> list[dict] | None:
    return build_list(scope, archived_news())


def build_list(scope: RegionInLanguage, pages: QuerySet[NewsPage]) -> list[dict] | None:
    """The region's own items and those sent to it, among ``pages``, newest first."""
    own = with_fallbacks(scope, pages)
    translations = other_languages(scope, own, pages)
    shown = [(page, translations) for page in own]
    for sender in sending_regions(scope.region):
        home = RegionInLanguage.of(sender, sender.language_tree().root)
        if home is None:
            continue
        received = received_from(home, scope, pages)
        if not received:
            continue
        # The items' copies in the languages both regions offer; news_data puts their paths under the receiver.
        shared = {code: root for code, root in home.roots.items() if code in scope.roots}
        translations = other_languages(RegionInLanguage(sender, scope.language, shared), received, pages)
        shown += [(page, translations) for page in received]
    if not shown:
        return None
    shown.sort(
        key=lambda pair: pair[0].first_published_at or pair[0].latest_revision_created_at or _NEVER, reverse=True
    )
    return [news_data(page, scope, translations) for page, translations in shown]


def received_from(home: RegionInLanguage, scope: RegionInLanguage, pages: QuerySet[NewsPage]) -> list[NewsPage]:
    """The items (of ``pages``) that the sender (``home``: in its root language) sent to the scope's region, in
    the reader's language where the sender has a translation, else, where the receiving region falls back, in
    the nearest source language of the receiving region's language tree that the item exists in."""
    # The original says where the item goes; translations follow it.
    sent = NewsPage.objects.filter(also_in_regions=scope.region, locale__language_code=home.language)
    chosen = pages.filter(translation_key__in=sent.values("translation_key"))
    found: dict = {}
    for code in [scope.language, *scope.fallbacks]:
        if code not in home.roots:
            continue
        for page in listed_below(home.in_language(code), chosen):
            if page.translation_key not in found:
                if code != scope.language:
                    page.fallback_language = code
                page.source_region = home.region
                found[page.translation_key] = page
    return list(found.values())


def news_data(page: NewsPage, scope: RegionInLanguage, translations: dict) -> dict:
    """One item; ``translations`` name its copies, whose paths are put under the scope's region."""
    item = page_data(page, scope, translations, {})
    shown = page.first_published_at or page.last_published_at
    archived = page.expired and not page.live
    source = getattr(page, "source_region", None)
    item.update(
        {
            "id": news_id(page.id),
            "page_id": page.id,
            "display_date": shown.astimezone(scope.timezone).isoformat(timespec="seconds") if shown else None,
            "channel": page.channel,
            "available_languages": {
                code: {**link, "id": news_id(link["id"])}
                for code, link in routed(scope, NewsPage.reader_route, item["available_languages"]).items()
            },
            "source": "local",
            "externalUrl": None,
            "source_region": {"slug": source.slug, "name": source.full_name} if source else None,
            "archived": archived,
            "expired_at": (
                page.expire_at.astimezone(scope.timezone).isoformat(timespec="seconds")
                if archived and page.expire_at
                else None
            ),
        }
    )
    return item
