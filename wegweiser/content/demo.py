"""Shared content in the demo: Musterstadt's Jobcenter page shows the district's page live (the Jobcenter Musterland
serves the town too), and the district offers some of its pages as templates."""

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage

from .models import TopicPage

#: (region, page slug) that shows (region, page slug).
SHARED_PAGES = [(("musterstadt", "jobcenter"), ("musterland", "jobcenter"))]
#: (region, page slug) offered in the template library.
TEMPLATES = [
    ("musterland", "anmeldung-im-rathaus"),
    ("musterland", "deutsch-lernen"),
    ("musterland", "auslaenderbehoerde"),
]


def demo_page(region_slug: str, slug: str) -> TopicPage | None:
    region = RegionPage.objects.filter(slug=region_slug, locale__language_code=DEFAULT_LANGUAGE).first()
    if region is None:
        return None
    return TopicPage.objects.descendant_of(region).filter(slug=slug, locale=region.locale).first()


def publish_in_all_languages(page: TopicPage, **changes) -> None:
    """Set the fields on every language copy and publish each (these fields are the same in all languages)."""
    for copy in TopicPage.objects.filter(translation_key=page.translation_key):
        if all(getattr(copy, name) == value for name, value in changes.items()):
            continue
        revision = copy.get_latest_revision_as_object()
        for name, value in changes.items():
            setattr(revision, name, value)
        revision.save_revision().publish()


def share_demo_content() -> None:
    """Run once every demo region exists; leaves what is set as it is, and skips regions not loaded."""
    for (region, slug), (other_region, other_slug) in SHARED_PAGES:
        page, shown = demo_page(region, slug), demo_page(other_region, other_slug)
        if page is not None and shown is not None:
            publish_in_all_languages(page, shared_page=shown)
    for region, slug in TEMPLATES:
        page = demo_page(region, slug)
        if page is not None:
            publish_in_all_languages(page, offered_as_template=True)
