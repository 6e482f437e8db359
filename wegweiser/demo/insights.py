"""Made-up reading figures for the demo, so that the dashboard and the feedback inbox show what they are for.

Invented and repeatable (a fixed seed per region): 90 days of views of the published items in every language,
with a few topics read far more than others and Arabic and Ukrainian readers next to German ones; some feedback
in several languages; some searches without a good answer. ``make run`` adds them once (``load_demo
--insights``); the test suite's demo has none, so tests count only what they create.
"""

import random
from datetime import timedelta
from uuid import UUID

from django.utils import timezone
from wagtail.models import Locale, Page

from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventPage
from wegweiser.insights.models import DailyViews, Feedback, UnansweredSearch
from wegweiser.news.models import NewsPage
from wegweiser.places.models import PlacePage
from wegweiser.regions.models import RegionPage

DAYS = 90
#: Views a day in the whole region, at the start and at the end of the 90 days (the guide becomes known).
DAILY_VIEWS = (80, 160)
#: How many of a hundred readers read in each language (languages the region does not offer are left out).
READERS = {"de": 28, "ar": 22, "uk": 18, "en": 8, "fa": 8, "tr": 6, "ru": 6, "de-si": 4}
#: (language, rating, comment, kind) of the demo's feedback; the item is drawn from the most-read ones.
FEEDBACK = [
    ("de", "up", "Sehr hilfreich, danke! Die Öffnungszeiten haben gestimmt.", "page"),
    ("de", "down", "Die Telefonnummer der Beratungsstelle stimmt nicht mehr.", "page"),
    ("ar", "down", "الرابط إلى نموذج التسجيل لا يعمل.", "page"),
    ("ar", "up", "شكراً، المعلومات واضحة.", "page"),
    ("uk", "down", "Чи є ця інформація українською? Частина тексту німецькою.", "page"),
    ("fa", "up", "خیلی ممنون، بالاخره فهمیدم کجا باید بروم.", "page"),
    ("de", "", "Die App lädt auf meinem Handy sehr langsam.", "region"),
]
#: Searches the demo region has no good answer to: (language, question, times asked).
UNANSWERED = [("de", "führerschein umschreiben", 9), ("ar", "رخصة القيادة", 6), ("uk", "водійське посвідчення", 4)]


def add_demo_insights(region: RegionPage) -> int:
    """Add the made-up figures to a demo region that has none yet; returns how many daily totals were added."""
    if DailyViews.objects.filter(region=region).exists():
        return 0
    rng = random.Random(f"wegweiser-demo-insights:{region.slug}")
    languages = [code for code in READERS if code in region.language_tree().visible_codes()]
    items = {code: read_items(region, code) for code in languages}
    # One popularity per item family: a few topics are read much more than the rest (as in every guide).
    families = sorted({family for found in items.values() for _, _, family in found})
    rng.shuffle(families)
    popularity = {family: 1 / (rank + 1) ** 0.9 for rank, family in enumerate(families)}
    today = timezone.localdate()
    rows = []
    for age in range(DAYS):
        day = today - timedelta(days=DAYS - age)
        total = DAILY_VIEWS[0] + (DAILY_VIEWS[1] - DAILY_VIEWS[0]) * age / DAYS
        total *= 0.7 if day.weekday() >= 5 else 1.0  # fewer readers at the weekend
        for code in languages:
            weights = {(kind, item_id): popularity[family] for kind, item_id, family in items[code]}
            share = total * READERS[code] / sum(READERS[c] for c in languages) / max(sum(weights.values()), 1e-9)
            for (kind, item_id), weight in weights.items():
                views = round(share * weight * rng.uniform(0.6, 1.4))
                if views:
                    rows.append(
                        DailyViews(region=region, language=code, kind=kind, item_id=item_id, day=day, views=views)
                    )
    DailyViews.objects.bulk_create(rows, batch_size=2000)
    add_feedback(region, items, popularity, rng)
    for language, query, times in UNANSWERED:
        if language in languages:
            UnansweredSearch.objects.get_or_create(
                region=region,
                language=language,
                query=query,
                day=today - timedelta(days=rng.randint(1, 20)),
                defaults={"count": times, "no_results": False},
            )
    return len(rows)


#: The kinds of item readers open, by page model.
KINDS: dict[type[Page], str] = {TopicPage: "page", EventPage: "event", PlacePage: "place", NewsPage: "news"}


def read_items(region: RegionPage, language: str) -> list[tuple[str, int, UUID]]:
    """(kind, page id, family) of the items live in a language (from the pages: the documents may not be built
    yet when ``make run`` loads the demo)."""
    copy = region.get_translation_or_none(Locale.objects.get(language_code=language))
    if copy is None:
        return []
    return [
        (kind, page.pk, page.translation_key)
        for model, kind in KINDS.items()
        for page in model.objects.live().descendant_of(copy).filter(locale=copy.locale).only("pk", "translation_key")
    ]


def add_feedback(region: RegionPage, items: dict, popularity: dict, rng: random.Random) -> None:
    for language, rating, comment, kind in FEEDBACK:
        pages = sorted((item for item in items.get(language, []) if item[0] == "page"), key=lambda i: -popularity[i[2]])
        if kind == "page" and not pages:
            continue
        page_id = rng.choice(pages[:5])[1] if kind == "page" else None
        Feedback.objects.create(
            region=region, language=language, kind=kind, page_id=page_id, rating=rating, comment=comment
        )
