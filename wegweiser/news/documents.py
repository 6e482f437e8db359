"""News as readers get them, in Integreat's ``news`` shape, newest first."""

from wegweiser.publishing.documents import RegionInLanguage, live_with_fallbacks, other_languages, page_data, routed

from .models import NewsPage


def news_id(page_id: int) -> str:
    return f"local-{page_id}"


def build_news(scope: RegionInLanguage) -> list[dict] | None:
    items = live_with_fallbacks(scope, NewsPage)
    if not items:
        return None
    translations = other_languages(scope, items)
    newest_first = sorted(items, key=lambda p: p.first_published_at or p.latest_revision_created_at, reverse=True)
    return [news_data(page, scope, translations) for page in newest_first]


def news_data(page: NewsPage, scope: RegionInLanguage, translations: dict) -> dict:
    item = page_data(page, scope, translations, {})
    shown = page.first_published_at or page.last_published_at
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
        }
    )
    return item
